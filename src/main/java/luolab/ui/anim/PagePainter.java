package luolab.ui.anim;

import static luolab.ui.anim.Pen.SESSION;
import static luolab.ui.anim.Pen.RESTORE;

import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.Theme;
import luolab.ui.view.Palette;

/**
 * Beats about pages on the memory map: pages preserved, restored or reserved lighting up one after
 * another, a page taking a new role (FDT, luo_ser), and blocks linked into a chain with their next
 * pointers drawn as arrows.
 */
final class PagePainter extends Painter {
    PagePainter(Pen pen) {
        super(pen);
    }

    /** Rings appearing page after page over the beat; the newest brightest. */
    void pages(GraphicsContext g, long[] pfns, double p, Color c, boolean still, Rectangle2D map, String[] labels) {
        int n = pfns.length;
        int shown = still ? n : Math.max(1, (int) Math.ceil(p * n));
        int from = Math.max(0, shown - 400);
        for (int i = from; i < shown && i < n; i++) {
            Rectangle2D cell = at.cell(pfns[i]);
            if (cell == null) {
                continue;
            }
            double age = still ? 1 : Math.min(1, (p * n - i) / Math.max(1, Math.min(n, 6)));
            double r = Math.max(cell.getWidth() * 0.7, 6) + (still ? 2 : 10 * (1 - age));
            pen.ring(g, at.center(cell), r, c, still ? 0.9 : 0.35 + 0.65 * (1 - age * 0.6), 2.5, map);
            if (labels != null && i == shown - 1 && labels[i] != null) {
                pen.tag(g, cell.getMaxX() + 8, cell.getMinY() - 6, labels[i], c);
            }
        }
    }

    void reserve(GraphicsContext g, BeatData.Pages d, double p, boolean still, Rectangle2D map, Theme theme) {
        long[] pfns = d.pfns();
        int shown = still ? pfns.length : (int) Math.ceil(p * pfns.length);
        Color lit = Palette.color(Palette.of(theme).incoming());
        for (int i = Math.max(0, shown - 2000); i < shown; i++) {
            Rectangle2D cell = at.cell(pfns[i]);
            if (cell != null) {
                double fresh = still ? 0 : Math.max(0, 1 - (p * pfns.length - i) / 8.0);
                pen.glow(g, cell, lit, 0.55 + 0.45 * fresh, map);
            }
        }
    }

    void pop(GraphicsContext g, long pfn, String text, Color c, double p, boolean still, Rectangle2D map) {
        Rectangle2D cell = at.cell(pfn);
        if (cell == null) {
            return;
        }
        double t = still ? 1 : Math.min(1, p / 0.3);
        pen.ring(g, at.center(cell), Math.max(cell.getWidth(), 7) + 6 * (1 - t), c, 0.9, 2.5, map);
        pen.tag(g, cell.getMaxX() + 8, cell.getMinY() - 8 - 10 * (1 - t), text, c);
    }

    void links(GraphicsContext g, BeatData.Links d, double p, boolean still, Rectangle2D map) {
        int n = d.pas().length;
        int k = still ? n - 1 : Math.min(n - 1, (int) (p * n));
        double sub = still ? 1 : Math.min(1, (p * n - k) / 0.7);
        boolean walk = d.set().startsWith("incoming");
        for (int i = Math.max(0, k - 5); i <= k; i++) {
            double t = i < k ? 1 : sub;
            Rectangle2D to = at.cell(PhysicalMemory.pfn(d.pas()[i]));
            if (to == null) {
                continue;
            }
            Color c = walk ? RESTORE : d.linked() ? SESSION : Color.GRAY;
            pen.ring(g, at.center(to), Math.max(to.getWidth() * 0.8, 7), c, i < k ? 0.45 : 1, 2.5, map);
            long prev = d.prevPas()[i];
            Rectangle2D from = prev == 0 ? null : at.cell(PhysicalMemory.pfn(prev));
            if (from != null && d.linked()) {
                arc(g, at.center(from), at.center(to), t, c, walk, i == k ? "next" : null, map);
            }
            Optional<Rectangle2D> box = at.chainBox(d.pas()[i]);
            Rectangle2D cv = at.chainView();
            if (box.isPresent() && cv != null && i == k) {
                Pen.save(g, cv);
                g.setStroke(c);
                g.setLineWidth(3);
                Rectangle2D r = box.get();
                g.strokeRoundRect(r.getMinX() - 2, r.getMinY() - 2, r.getWidth() + 4, r.getHeight() + 4, 8, 8);
                g.restore();
            }
        }
    }

    /** A curved arrow from a to b drawn up to t (the next pointer being written, or followed). */
    private void arc(GraphicsContext g, Point2D a, Point2D b, double t, Color c, boolean dot, String label,
            Rectangle2D clip) {
        double dx = b.getX() - a.getX();
        double dy = b.getY() - a.getY();
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        double bulge = Math.min(60, 26 + len * 0.25);
        Point2D ctrl = new Point2D((a.getX() + b.getX()) / 2 - dy / len * bulge, (a.getY() + b.getY()) / 2 + dx / len * bulge);
        Pen.save(g, null);
        g.setStroke(c);
        g.setLineWidth(2.2);
        g.beginPath();
        g.moveTo(a.getX(), a.getY());
        int steps = 24;
        Point2D last = a;
        Point2D prev = a;
        for (int i = 1; i <= steps; i++) {
            double u = t * i / steps;
            Point2D q = quad(a, ctrl, b, u);
            g.lineTo(q.getX(), q.getY());
            prev = last;
            last = q;
        }
        g.stroke();
        if (dot) {
            g.setFill(c);
            g.fillOval(last.getX() - 5, last.getY() - 5, 10, 10);
        } else if (t > 0.05) {
            double ang = Math.atan2(last.getY() - prev.getY(), last.getX() - prev.getX());
            arrowHead(g, last, ang, c);
        }
        if (label != null && t > 0.5) {
            Point2D mid = quad(a, ctrl, b, 0.5);
            pen.tag(g, mid.getX() + 4, mid.getY() - 10, label, c);
        }
        g.restore();
    }

    private static Point2D quad(Point2D a, Point2D c, Point2D b, double u) {
        double v = 1 - u;
        return new Point2D(v * v * a.getX() + 2 * v * u * c.getX() + u * u * b.getX(),
                v * v * a.getY() + 2 * v * u * c.getY() + u * u * b.getY());
    }

    private static void arrowHead(GraphicsContext g, Point2D p, double ang, Color c) {
        double a1 = ang + Math.PI - 0.45;
        double a2 = ang + Math.PI + 0.45;
        g.setFill(c);
        g.fillPolygon(new double[] {p.getX(), p.getX() + 9 * Math.cos(a1), p.getX() + 9 * Math.cos(a2)},
                new double[] {p.getY(), p.getY() + 9 * Math.sin(a1), p.getY() + 9 * Math.sin(a2)}, 3);
    }
}

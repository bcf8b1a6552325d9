package luolab.ui.anim;

import static luolab.ui.anim.Pen.RED;
import static luolab.ui.anim.Pen.FDT;
import static luolab.ui.anim.Pen.INK;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.Theme;
import luolab.ui.view.Palette;

/**
 * The jump and the new kernel's first look at memory: the old kernel's tables fade, the KHO FDT
 * address flies in as the only boot parameter, then the sweep poisons every page that is neither
 * preserved nor scratch while the reserved ones glow.
 */
final class KexecPainter extends Painter {
    KexecPainter(Pen pen) {
        super(pen);
    }

    void kexec(GraphicsContext g, BeatData.Kexec d, double p, boolean still, Rectangle2D map, Theme theme) {
        Color bg = theme == Theme.DARK ? Color.web("#15181c") : Color.web("#f4f6f8");
        double fade = still ? 0.7 : Math.min(1, p / 0.7) * 0.85;
        for (Rectangle2D r : new Rectangle2D[] {at.structureBounds(), at.hexView(), at.logBounds()}) {
            if (r != null) {
                g.setFill(bg.deriveColor(0, 1, 1, fade));
                g.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
            }
        }
        Rectangle2D s = at.structureBounds();
        if (s != null) {
            g.setFill(INK.deriveColor(0, 1, 1, Math.min(1, fade * 1.2)));
            g.setFont(pen.font(FontWeight.BOLD, 14));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            pen.write(g, "the old kernel's tables are gone", s.getMinX() + s.getWidth() / 2, s.getMinY() + s.getHeight() / 2, null);
        }
        if (map != null && !still) {
            g.setFill(Color.BLACK.deriveColor(0, 1, 1, 0.35 * Math.sin(Math.PI * Math.min(1, p / 0.5))));
            g.fillRect(map.getMinX(), map.getMinY(), map.getWidth(), map.getHeight());
        }
        Rectangle2D fdt = at.cell(PhysicalMemory.pfn(d.khoFdtPa()));
        if (fdt != null && map != null) {
            double t = still ? 1 : Math.max(0, Math.min(1, (p - 0.3) / 0.55));
            Point2D a = new Point2D(map.getMinX() + 90, map.getMinY() + 30);
            Point2D b = at.center(fdt);
            double u = Pen.ease(t);
            pen.box(g, a.getX() + (b.getX() - a.getX()) * u, a.getY() + (b.getY() - a.getY()) * u,
                    String.format("boot param: KHO FDT @ 0x%x", d.khoFdtPa()), FDT, 1);
            if (t >= 1) {
                pen.ring(g, b, Math.max(fdt.getWidth(), 8) + 4, FDT, 1, 3, map);
            }
        }
    }

    void sweep(GraphicsContext g, OverlayLayer.View v, BeatData.Sweep d, double p, boolean still, Rectangle2D map,
            Theme theme) {
        Color lit = Palette.color(Palette.of(theme).incoming());
        if (!still && map != null) {
            double lp = Math.min(1, p / Beat.END_LANDING);
            long total = d.pages();
            long done = (long) (lp * total);
            Color poison = Palette.color(Palette.of(theme).poisoned());
            double lineY = -1;
            Pen.save(g, map);
            g.setFill(poison.deriveColor(0, 1, 1, 0.95));
            for (int i = 0; i < d.startPfns().length && done > 0; i++) {
                long c = Math.min(done, d.counts()[i]);
                for (Rectangle2D r : at.cellRuns(v.basePfn(), d.startPfns()[i], c)) {
                    g.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
                    lineY = Math.max(lineY, r.getMaxY());
                }
                done -= c;
            }
            if (lp < 1 && lineY > 0) {
                g.setStroke(RED.deriveColor(0, 1, 1, 0.9));
                g.setLineWidth(3);
                g.strokeLine(map.getMinX(), lineY, map.getMaxX(), lineY);
                g.setFill(RED.deriveColor(0, 1, 1, 0.12));
                g.fillRect(map.getMinX(), lineY - 14, map.getWidth(), 14);
            }
            g.restore();
        }
        double pulse = still ? 1 : 0.7 + 0.3 * Math.sin(v.clock() * 8);
        int k = 0;
        for (long pfn : d.litPfns()) {
            if (k++ > 4000) {
                break;
            }
            Rectangle2D cell = at.cell(pfn);
            if (cell != null) {
                pen.glow(g, cell, lit, pulse, map);
            }
        }
    }
}

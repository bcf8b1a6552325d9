package luolab.ui.anim;

import static luolab.ui.anim.Pen.AMBER;
import static luolab.ui.anim.Pen.SESSION;
import static luolab.ui.anim.Pen.FILE;
import static luolab.ui.anim.Pen.RESTORE;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import luolab.engine.memory.PhysicalMemory;

/**
 * Beats about session and file entries: entries flying from the session tables into their block
 * slots on serialize (and back on deserialize), and table rows lit as sessions and files change.
 */
final class EntryPainter extends Painter {
    EntryPainter(Pen pen) {
        super(pen);
    }

    private static final int MAX_FLIGHTS = 10;

    void flights(GraphicsContext g, List<BeatData.Entry> es, double p, boolean still, boolean out,
            Rectangle2D map) {
        int n = es.size();
        int m = Math.min(n, MAX_FLIGHTS);
        Rectangle2D struct = at.structureBounds();
        Rectangle2D table = at.sessionTableBounds();
        for (int k = 0; k < m; k++) {
            int idx = m == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (m - 1));
            BeatData.Entry e = es.get(idx);
            double start = m == 1 ? 0 : 0.55 * k / (m - 1);
            double t = still ? 1 : Math.max(0, Math.min(1, (p - start) / 0.42));
            if (!still && p < start) {
                continue;
            }
            Rectangle2D slot = at.cell(PhysicalMemory.pfn(e.pa()));
            Rectangle2D row = at.sessionRow(e.session(), out ? 0 : -1);
            Point2D tableSide = row != null ? new Point2D(row.getMinX() + 40, at.center(row).getY())
                    : table != null ? new Point2D(table.getMinX() + 60, table.getMinY() + 30)
                    : struct != null ? new Point2D(struct.getMinX() + 40, struct.getMinY() + 40)
                    : map != null ? new Point2D(map.getMaxX() - 20, map.getMinY() + 20) : null;
            if (slot == null || tableSide == null) {
                continue;
            }
            Point2D slotC = at.center(slot);
            Point2D a = out ? tableSide : slotC;
            Point2D b = out ? slotC : tableSide;
            Color c = e.file() ? FILE : SESSION;
            if (row != null) {
                g.setFill(c.deriveColor(0, 1, 1, 0.18 * (1 - t)));
                g.fillRect(row.getMinX(), row.getMinY(), row.getWidth(), row.getHeight());
            }
            if (still) {
                pen.ring(g, slotC, Math.max(slot.getWidth(), 7), c, 0.9, 2.5, map);
                continue;
            }
            double u = Pen.ease(t);
            double x = a.getX() + (b.getX() - a.getX()) * u;
            double y = a.getY() + (b.getY() - a.getY()) * u - Math.sin(Math.PI * u) * 40;
            String text = e.file() ? "file " + shortName(e.what()) : shortName(e.session());
            pen.box(g, x, y, text, c, t < 1 ? 1 : 0.6);
            if (t >= 1) {
                pen.ring(g, slotC, Math.max(slot.getWidth(), 7) + 3, c, 0.8, 2.5, map);
            }
        }
        if (n > m && !still) {
            Rectangle2D slot = at.cell(PhysicalMemory.pfn(es.get(n - 1).pa()));
            if (slot != null) {
                pen.tag(g, slot.getMaxX() + 8, slot.getMaxY() + 10, String.format("%d entries", n), out ? SESSION : RESTORE);
            }
        }
    }

    private static String shortName(String s) {
        return s == null ? "" : s.length() > 18 ? s.substring(0, 17) + "…" : s;
    }

    void rows(GraphicsContext g, BeatData.Rows d, double p, boolean still) {
        int n = d.sessions().size();
        int shown = still ? n : Math.max(1, (int) Math.ceil(p * n));
        for (int i = Math.max(0, shown - 60); i < shown; i++) {
            Rectangle2D row = at.sessionRow(d.sessions().get(i), -1);
            if (row != null) {
                double a = still ? 0.3 : 0.15 + 0.35 * (1 - (p * n - i) / Math.max(1, n));
                g.setFill(AMBER.deriveColor(0, 1, 1, Math.max(0.1, a)));
                g.fillRect(row.getMinX(), row.getMinY(), row.getWidth(), row.getHeight());
            }
        }
    }
}

package luolab.ui.anim;

import static luolab.ui.anim.Pen.RED;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import luolab.engine.Errno;

/**
 * What a failure looks like on the overlay: the bytes it blames blink on the memory map and in
 * the hex view, the kernel's line and errno sit in a callout next to them, and when the failure
 * first happens rings spread from those bytes.
 */
final class FailurePainter extends Painter {
    private final OverlayLabels labels;

    FailurePainter(Pen pen, OverlayLabels labels) {
        super(pen);
        this.labels = labels;
    }

    /** Blinking bytes to blame, and the callout with the kernel's line and errno next to them. */
    void failure(GraphicsContext g, OverlayLayer.View v, Beat b) {
        String line;
        int errno;
        List<BeatData.Range> blame;
        if (b.data() instanceof BeatData.Chain c) {
            line = c.logLine() != null ? c.logLine() : c.set() + " rejected";
            errno = c.errno();
            blame = c.offending();
        } else if (b.data() instanceof BeatData.Failure f) {
            line = b.kind() == BeatKind.CORRUPTION ? "corruption: " + f.logLine()
                    : f.logLine() != null ? f.logLine() : f.function();
            errno = f.errno();
            blame = f.offending();
        } else {
            return;
        }
        boolean on = v.reduceMotion() || (v.clock() * 2.5) % 1.0 < 0.62;
        Rectangle2D anchor = null;
        Rectangle2D map = at.mapView();
        for (BeatData.Range r : blame) {
            Rectangle2D cell = at.byteCell(r.pa());
            if (cell != null) {
                anchor = anchor == null ? cell : anchor;
                blink(g, cell, on, map);
            }
            for (int i = 0; i < r.length(); i++) {
                Rectangle2D hb = at.hexByte(r.pa() + i);
                if (hb != null) {
                    g.setFill(RED.deriveColor(0, 1, 1, on ? 0.45 : 0.12));
                    g.fillRoundRect(hb.getMinX(), hb.getMinY(), hb.getWidth(), hb.getHeight(), 4, 4);
                    g.setStroke(RED);
                    g.setLineWidth(on ? 2 : 1);
                    g.strokeRoundRect(hb.getMinX(), hb.getMinY(), hb.getWidth(), hb.getHeight(), 4, 4);
                    if (i == r.length() - 1 && errno != 0) {
                        pen.tag(g, hb.getMaxX() + 6, hb.getMinY() + hb.getHeight() / 2, Errno.pe(errno), RED);
                    }
                }
            }
        }
        String text = line + (errno != 0 ? "    " + Errno.pe(errno) + " (" + errno + ")" : "");
        labels.callout().setText(text);
        if (map == null) {
            return;
        }
        labels.callout().setMaxWidth(Math.min(520, map.getWidth() - 20));
        if (anchor != null) {
            labels.place(labels.callout(), anchor.getMaxX() + 14, anchor.getMinY() + 30, false, false, map);
            Point2D from = at.center(anchor);
            g.setStroke(RED);
            g.setLineWidth(1.5);
            g.strokeLine(from.getX(), from.getY(), labels.callout().getLayoutX(), labels.callout().getLayoutY() + 10);
        } else {
            labels.place(labels.callout(), map.getMaxX() - 10, map.getMinY() + 60, true, false, map);
        }
    }

    private void blink(GraphicsContext g, Rectangle2D cell, boolean on, Rectangle2D clip) {
        double r = Math.max(cell.getWidth(), 8);
        Point2D c = at.center(cell);
        Pen.save(g, clip);
        g.setFill(RED.deriveColor(0, 1, 1, on ? 0.75 : 0.15));
        g.fillRect(cell.getMinX(), cell.getMinY(), Math.max(1, cell.getWidth()), Math.max(1, cell.getHeight()));
        g.setStroke(RED.deriveColor(0, 1, 1, on ? 1 : 0.35));
        g.setLineWidth(2.5);
        g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        g.restore();
    }

    /** Rings spreading from the bytes a failure blames, in the first part of its beat. */
    void ripple(GraphicsContext g, Beat b, double p, boolean still, Rectangle2D map) {
        if (!still && p < 0.4 && b.data() instanceof BeatData.Failure f) {
            for (BeatData.Range r : f.offending()) {
                Rectangle2D cell = at.byteCell(r.pa());
                if (cell != null) {
                    double t = p / 0.4;
                    pen.ring(g, at.center(cell), 6 + 40 * t, RED, 1 - t, 3, map);
                }
            }
        }
    }
}

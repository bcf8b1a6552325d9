package luolab.ui.anim;

import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * What every painter of the {@link OverlayLayer} draws with: the animation's colours and the
 * primitive marks (rings, outlined cells, glows, tags, flying boxes, lettered markers), each
 * optionally clipped to the view it belongs to.
 */
final class Pen {
    static final Color RED = Color.web("#e53935");
    static final Color AMBER = Color.web("#f0a500");
    static final Color TORTOISE = Color.web("#2e7d32");
    static final Color HARE = Color.web("#ef6c00");
    static final Color SESSION = Color.web("#1565c0");
    static final Color FILE = Color.web("#00897b");
    static final Color RESTORE = Color.web("#43a047");
    static final Color RADIX = Color.web("#00838f");
    static final Color FDT = Color.web("#8e24aa");
    static final Color INK = Color.web("#1d2329");

    private static final Font BOLD11 = Font.font("System", FontWeight.BOLD, 11);
    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();
    final Anchors at;
    private final Canvas canvas;
    private final List<OverlayLayer.Mark> marks;

    /** {@code marks}: where {@link #marker} records what it drew, for the layer to report. */
    Pen(Anchors at, Canvas canvas, List<OverlayLayer.Mark> marks) {
        this.at = at;
        this.canvas = canvas;
        this.marks = marks;
    }

    static double ease(double t) {
        return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
    }

    private double textWidth(String s, Font f) {
        measure.setFont(f);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    void box(GraphicsContext g, double cx, double cy, String text, Color c, double alpha) {
        Font f = BOLD11;
        g.setFont(f);
        double w = Math.max(46, textWidth(text, f) + 16);
        double h = 20;
        g.setFill(c.deriveColor(0, 1, 1, 0.92 * alpha));
        g.fillRoundRect(cx - w / 2, cy - h / 2, w, h, 8, 8);
        g.setStroke(Color.WHITE.deriveColor(0, 1, 1, 0.9 * alpha));
        g.setLineWidth(1);
        g.strokeRoundRect(cx - w / 2, cy - h / 2, w, h, 8, 8);
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, alpha));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, cx, cy);
    }

    void marker(GraphicsContext g, Point2D p, String letter, Color c, String name, double r) {
        marks.add(new OverlayLayer.Mark(letter, p));
        g.setFill(Color.WHITE);
        g.fillOval(p.getX() - r - 2, p.getY() - r - 2, 2 * r + 4, 2 * r + 4);
        g.setFill(c);
        g.fillOval(p.getX() - r, p.getY() - r, 2 * r, 2 * r);
        g.setFill(Color.WHITE);
        g.setFont(Font.font("System", FontWeight.BOLD, r >= 10 ? 12 : 9));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(letter, p.getX(), p.getY() + 0.5);
        if (name != null) {
            g.setFill(c);
            g.setFont(Font.font("System", FontWeight.BOLD, 10));
            g.fillText(name, p.getX(), p.getY() - r - 8);
        }
    }

    /** Outlines a page: its cell when cells are big enough to see, else a ring around it. */
    void mark(GraphicsContext g, Rectangle2D cell, Color c, double alpha, Rectangle2D clip) {
        if (cell.getWidth() >= 14) {
            save(g, clip);
            g.setStroke(c.deriveColor(0, 1, 1, alpha));
            g.setLineWidth(3);
            g.strokeRect(cell.getMinX() + 1.5, cell.getMinY() + 1.5, cell.getWidth() - 3, cell.getHeight() - 3);
            g.restore();
        } else {
            ring(g, at.center(cell), Math.max(cell.getWidth() * 0.9, 7), c, alpha, 2.5, clip);
        }
    }

    void ring(GraphicsContext g, Point2D c, double r, Color col, double alpha, double width, Rectangle2D clip) {
        save(g, clip);
        g.setStroke(col.deriveColor(0, 1, 1, Math.max(0, Math.min(1, alpha))));
        g.setLineWidth(width);
        g.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        g.restore();
    }

    /** A small text tag with a background. */
    void tag(GraphicsContext g, double x, double y, String text, Color c) {
        Font f = BOLD11;
        g.setFont(f);
        double w = textWidth(text, f) + 14;
        double h = 18;
        double lx = Math.max(2, Math.min(x, canvas.getWidth() - w - 2));
        double ly = Math.max(2, Math.min(y - h / 2, canvas.getHeight() - h - 2));
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, 0.92));
        g.fillRoundRect(lx, ly, w, h, 6, 6);
        g.setStroke(c);
        g.setLineWidth(1.2);
        g.strokeRoundRect(lx, ly, w, h, 6, 6);
        g.setFill(c.deriveColor(0, 1, 0.8, 1));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, lx + 6, ly + h / 2);
    }

    static void save(GraphicsContext g, Rectangle2D clip) {
        g.save();
        if (clip != null) {
            g.beginPath();
            g.rect(clip.getMinX(), clip.getMinY(), clip.getWidth(), clip.getHeight());
            g.closePath();
            g.clip();
        }
    }

    void glow(GraphicsContext g, Rectangle2D cell, Color c, double a, Rectangle2D clip) {
        Point2D m = at.center(cell);
        double r = Math.max(cell.getWidth() * 0.75, 5);
        save(g, clip);
        g.setFill(c.deriveColor(0, 1, 1.2, 0.25 * a));
        g.fillOval(m.getX() - r * 1.6, m.getY() - r * 1.6, r * 3.2, r * 3.2);
        g.setStroke(c.deriveColor(0, 1, 1, a));
        g.setLineWidth(2);
        g.strokeRect(cell.getMinX() - 1, cell.getMinY() - 1, cell.getWidth() + 2, cell.getHeight() + 2);
        g.restore();
    }
}

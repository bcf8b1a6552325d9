package luolab.ui.anim;

import java.util.List;
import java.util.function.DoubleSupplier;
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
 *
 * <p>Its type follows the overlay's {@code -luo-mark-font-size} (11 px; presenter mode sets it in
 * em of the presenter type, like the overlay's labels): every text it writes, and the tag, box and
 * marker drawn around it, are scaled by {@link #scale()}. What it wrote in a frame is recorded
 * ({@link Written}) for the layer to report.
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

    /** The size of a tag's type at scale 1: {@code -luo-mark-font-size} outside presenter mode. */
    static final double BASE_PX = 11;

    /** A text as written on the canvas: in {@code fontSize} px, inside {@code box} (its tag, box or marker). */
    record Written(String text, double fontSize, double textWidth, Rectangle2D box) {
    }

    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();
    final Anchors at;
    private final Canvas canvas;
    private final List<OverlayLayer.Mark> marks;
    private final List<Written> written;
    private final DoubleSupplier typePx;

    /**
     * {@code marks} and {@code written}: where {@link #marker} and every text records what it drew, for
     * the layer to report; {@code typePx}: the size a tag's type is set in now.
     */
    Pen(Anchors at, Canvas canvas, List<OverlayLayer.Mark> marks, List<Written> written, DoubleSupplier typePx) {
        this.at = at;
        this.canvas = canvas;
        this.marks = marks;
        this.written = written;
        this.typePx = typePx;
    }

    /** How much larger than at 11 px the marks are drawn (1 outside presenter mode). */
    double scale() {
        double px = typePx.getAsDouble();
        return px > 0 ? px / BASE_PX : 1;
    }

    /** The system font at {@code px} × {@link #scale()}: what the painters write their few words in. */
    Font font(FontWeight weight, double px) {
        return Font.font("System", weight, px * scale());
    }

    /** Writes {@code text} at (x, y) with the font, alignment and fill already set, and records it. */
    void write(GraphicsContext g, String text, double x, double y, Rectangle2D box) {
        g.fillText(text, x, y);
        written.add(new Written(text, g.getFont().getSize(), textWidth(text, g.getFont()), box));
    }

    double textWidth(String s, Font f) {
        measure.setFont(f);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    static double ease(double t) {
        return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
    }

    void box(GraphicsContext g, double cx, double cy, String text, Color c, double alpha) {
        double k = scale();
        Font f = font(FontWeight.BOLD, 11);
        g.setFont(f);
        double w = Math.max(46 * k, textWidth(text, f) + 16 * k);
        double h = 20 * k;
        g.setFill(c.deriveColor(0, 1, 1, 0.92 * alpha));
        g.fillRoundRect(cx - w / 2, cy - h / 2, w, h, 8 * k, 8 * k);
        g.setStroke(Color.WHITE.deriveColor(0, 1, 1, 0.9 * alpha));
        g.setLineWidth(1);
        g.strokeRoundRect(cx - w / 2, cy - h / 2, w, h, 8 * k, 8 * k);
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, alpha));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        write(g, text, cx, cy, new Rectangle2D(cx - w / 2, cy - h / 2, w, h));
    }

    /** A lettered disc at p; {@code r} is its radius at scale 1 (11 big, 8 small). */
    void marker(GraphicsContext g, Point2D p, String letter, Color c, String name, double r) {
        marks.add(new OverlayLayer.Mark(letter, p));
        double k = scale();
        double rr = r * k;
        g.setFill(Color.WHITE);
        g.fillOval(p.getX() - rr - 2, p.getY() - rr - 2, 2 * rr + 4, 2 * rr + 4);
        g.setFill(c);
        g.fillOval(p.getX() - rr, p.getY() - rr, 2 * rr, 2 * rr);
        g.setFill(Color.WHITE);
        g.setFont(font(FontWeight.BOLD, r >= 10 ? 12 : 9));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        write(g, letter, p.getX(), p.getY() + 0.5, new Rectangle2D(p.getX() - rr, p.getY() - rr, 2 * rr, 2 * rr));
        if (name != null) {
            g.setFill(c);
            g.setFont(font(FontWeight.BOLD, 10));
            write(g, name, p.getX(), p.getY() - rr - 8 * k, null);
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
        double k = scale();
        Font f = font(FontWeight.BOLD, 11);
        g.setFont(f);
        double w = textWidth(text, f) + 14 * k;
        double h = 18 * k;
        double lx = Math.max(2, Math.min(x, canvas.getWidth() - w - 2));
        double ly = Math.max(2, Math.min(y - h / 2, canvas.getHeight() - h - 2));
        g.setFill(Color.WHITE.deriveColor(0, 1, 1, 0.92));
        g.fillRoundRect(lx, ly, w, h, 6 * k, 6 * k);
        g.setStroke(c);
        g.setLineWidth(1.2 * k);
        g.strokeRoundRect(lx, ly, w, h, 6 * k, 6 * k);
        g.setFill(c.deriveColor(0, 1, 0.8, 1));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        write(g, text, lx + 6 * k, ly + h / 2, new Rectangle2D(lx, ly, w, h));
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

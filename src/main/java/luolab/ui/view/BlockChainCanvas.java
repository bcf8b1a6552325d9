package luolab.ui.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.SizeConverter;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import luolab.engine.handover.Handover;
import luolab.ui.model.Theme;

/**
 * Block chains as boxes and arrows: one row for the session chain, one per session's file chain.
 * Each box is a kho_block header read from memory (PA, count / capacity with a fill bar); an arrow
 * follows {@code next}; a cyclic chain gets a red arrow back to the block it returns to. The row
 * label says what a block is in the generation that wrote it ("1 page · 51 slots" in v7, "2 pages
 * · 102 slots" in series v2). A pre-series fixed array has no next: it is one long box, labelled
 * "array of 819 sessions".
 *
 * <p>Everything is drawn at a scale: the CSS property {@code -luo-chain-font-size} is the size of the
 * smallest type (the row's headline and detail, 11 px outside presenter mode, where the scale is 1 and
 * the constants below are the geometry); presenter mode sets it in em, and type, boxes, gaps, arrows
 * and the canvas' size grow by {@link #scale()} so text still fits its box and the scroll pane
 * scrolls. Whatever positions things over the view (the overlay's anchors, hit testing) reads the
 * scaled geometry from {@link #boxes()} or {@link #boxRect(int, int)}.
 */
public final class BlockChainCanvas extends Canvas {
    public static final double BOX_W = 118;
    /** A fixed array is as wide as three linked blocks: one long box, no arrow. */
    public static final double ARRAY_W = 3 * 118 + 2 * 30;
    public static final double BOX_H = 44;
    public static final double GAP = 30;
    public static final double LABEL_W = 150;
    public static final double ROW_H = 78;
    public static final int MAX_ROWS = 100;
    public static final int MAX_BLOCKS_SHOWN = 48;
    /** How far below the boxes a cycle's back edge dips (its Bézier control points), at scale 1. */
    private static final double CYCLE_DEPTH = 32;
    /** The smallest type (headline, detail, problem, cycle label) at scale 1. */
    public static final double FONT_PX = 11;
    private static final double MONO_PX = 11.5;
    private static final double TITLE_PX = 12;

    private static final CssMetaData<BlockChainCanvas, Number> FONT_SIZE = new CssMetaData<>("-luo-chain-font-size",
            SizeConverter.getInstance(), FONT_PX) {
        @Override
        public boolean isSettable(BlockChainCanvas c) {
            return !c.fontSize.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(BlockChainCanvas c) {
            return c.fontSize;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    static {
        List<CssMetaData<? extends Styleable, ?>> l = new ArrayList<>(Node.getClassCssMetaData());
        l.add(FONT_SIZE);
        CSS = Collections.unmodifiableList(l);
    }

    /** A drawn box, for hit testing: its chain (row), its index in the chain and where it is drawn. */
    public record Box(String set, Handover.Block block, Rectangle2D rect, int row, int index) {
    }

    /** A text as drawn by the last paint, in the font it was drawn in. */
    public record Written(String text, Font font) {
    }

    /**
     * A cycle's back edge as drawn by the last paint: the red curve from the last block's bottom to
     * the block its next points back to (as points along it, and its stroke width) and the plate its
     * label ("next → block 0 (cycle)") is written on, which is clear of the curve.
     */
    public record Cycle(int row, String text, Rectangle2D label, List<Point2D> curve, double stroke) {
    }

    private final List<Box> boxes = new ArrayList<>();
    private final List<Handover.Chain> rows = new ArrayList<>();
    private final List<String> rowTitles = new ArrayList<>();
    private final List<Written> written = new ArrayList<>();
    private final List<Cycle> cycles = new ArrayList<>();
    private final StyleableDoubleProperty fontSize = new SimpleStyleableDoubleProperty(FONT_SIZE, this, "fontSize",
            FONT_PX);
    private Theme theme = Theme.LIGHT;
    private long selectedPa = -1;
    private Consumer<Box> onBoxClicked = b -> { };

    public BlockChainCanvas() {
        getStyleClass().add("chain-canvas");
        fontSize.addListener((o, a, b) -> {
            fitSize();
            paint();
        });
        setOnMouseClicked(e -> {
            for (Box b : boxes) {
                if (b.rect().contains(e.getX(), e.getY())) {
                    onBoxClicked.accept(b);
                    return;
                }
            }
        });
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    /** The size of the smallest type (CSS {@code -luo-chain-font-size}); the rest scales with it. */
    public StyleableDoubleProperty fontSizeProperty() {
        return fontSize;
    }

    /** How much larger than at the normal type everything is drawn (1 outside presenter mode). */
    public double scale() {
        double v = fontSize.get();
        return v > 0 ? v / FONT_PX : 1;
    }

    public double boxWidth() {
        return BOX_W * scale();
    }

    public double boxHeight() {
        return BOX_H * scale();
    }

    public double arrayWidth() {
        return ARRAY_W * scale();
    }

    public double gap() {
        return GAP * scale();
    }

    public double labelWidth() {
        return LABEL_W * scale();
    }

    public double rowHeight() {
        return ROW_H * scale();
    }

    /** Where block {@code index} of row {@code row} (0: the session chain) is drawn when it is a linked block. */
    public Rectangle2D boxRect(int row, int index) {
        return new Rectangle2D(labelWidth() + index * (boxWidth() + gap()), top(row), boxWidth(), boxHeight());
    }

    /** The centre of {@link #boxRect(int, int)}. */
    public Point2D boxCenter(int row, int index) {
        Rectangle2D r = boxRect(row, index);
        return new Point2D(r.getMinX() + r.getWidth() / 2, r.getMinY() + r.getHeight() / 2);
    }

    private double top(int row) {
        return (12 + row * ROW_H) * scale();
    }

    /** The texts the last paint drew, each in its font. */
    public List<Written> written() {
        return Collections.unmodifiableList(written);
    }

    /** The cycles' back edges and labels the last paint drew. */
    public List<Cycle> cycles() {
        return Collections.unmodifiableList(cycles);
    }

    public void setOnBoxClicked(Consumer<Box> c) {
        onBoxClicked = c;
    }

    public List<Box> boxes() {
        return List.copyOf(boxes);
    }

    public void setTheme(Theme t) {
        theme = t;
        paint();
    }

    public void setSelectedPa(long pa) {
        selectedPa = pa;
        paint();
    }

    /** Chains drawn before serialize (from the block sets' links): a count of 0 is not an error then. */
    public void setLive(boolean on) {
        live = on;
    }

    public boolean live() {
        return live;
    }

    private boolean live;

    public void show(Handover h) {
        rows.clear();
        rowTitles.clear();
        if (h != null && h.sessions() != null) {
            rows.add(h.sessions());
            rowTitles.add("sessions");
            for (Handover.SessionEntry s : h.entries()) {
                if (rows.size() >= MAX_ROWS) {
                    break;
                }
                rows.add(s.files());
                rowTitles.add(s.name() + " files");
            }
        }
        fitSize();
        paint();
    }

    /** The size the rows need at the current scale (the scroll pane scrolls the rest). */
    private void fitSize() {
        double width = LABEL_W + BOX_W + GAP + 40;
        for (Handover.Chain c : rows) {
            double w = c.layout().array() ? ARRAY_W + GAP
                    : (Math.min(MAX_BLOCKS_SHOWN, c.blocks().size()) + 1) * (BOX_W + GAP);
            width = Math.max(width, LABEL_W + w + 40);
        }
        double k = scale();
        setWidth(Math.ceil(width * k));
        setHeight(Math.ceil(Math.max(ROW_H, rows.size() * ROW_H + 16) * k));
    }

    /**
     * How far the widest end marker ("→ 0", "… n more", a cycle's label "next → block 0 (cycle)")
     * reaches past the right edge of a chain's last block.
     */
    public double markerWidth() {
        double w = 0;
        for (int r = 0; r < rows.size(); r++) {
            w = Math.max(w, markerWidth(r, rows.get(r)));
        }
        return w;
    }

    private double markerWidth(int row, Handover.Chain c) {
        if (c.layout().array() || c.blocks().isEmpty()) {
            return 0;
        }
        int n = Math.min(MAX_BLOCKS_SHOWN, c.blocks().size());
        if (cyclic(c)) {
            // the cycle label's plate, when it goes right of the curve (see cycleMark)
            return Math.max(0, cycleMark(row, c).label().getMaxX() - boxRect(row, c.blocks().size() - 1).getMaxX());
        }
        String text = c.blocks().size() > n ? "… " + (c.blocks().size() - n) + " more" : "→ 0";
        Text t = new Text(text);
        t.setFont(mono());
        return (c.blocks().size() > n ? 6 : 4) * scale() + Math.ceil(t.getLayoutBounds().getWidth());
    }

    /** Whether the chain's back edge is drawn: its last block's next returns to a block shown. */
    private static boolean cyclic(Handover.Chain c) {
        int n = Math.min(MAX_BLOCKS_SHOWN, c.blocks().size());
        return !c.layout().array() && c.cycleTo() >= 0 && c.cycleTo() < n && c.blocks().size() <= n;
    }

    private static String cycleLabel(Handover.Chain c) {
        return "next → block " + c.cycleTo() + " (cycle)";
    }

    /** The size of the cycle label's plate: its text in the small type and a little margin. */
    private Point2D cycleLabelSize(Handover.Chain c) {
        Text t = new Text(cycleLabel(c));
        t.setFont(small());
        double k = scale();
        return new Point2D(Math.ceil(t.getLayoutBounds().getWidth()) + 8 * k, Math.ceil(t.getLayoutBounds().getHeight()) + 2 * k);
    }

    private Font mono() {
        return Font.font("Monospaced", MONO_PX * scale());
    }

    private Font small() {
        return Font.font("System", FONT_PX * scale());
    }

    /** Draws {@code text} in the context's font and notes it (for {@link #written()}). */
    private void text(GraphicsContext g, String text, double x, double y) {
        g.fillText(text, x, y);
        written.add(new Written(text, g.getFont()));
    }

    private void text(GraphicsContext g, String text, double x, double y, double maxWidth) {
        g.fillText(text, x, y, maxWidth);
        written.add(new Written(text, g.getFont()));
    }

    private void paint() {
        boolean dark = theme == Theme.DARK;
        Color bg = dark ? Color.web("#1b1e23") : Color.WHITE;
        Color fg = dark ? Color.web("#d8dde3") : Color.web("#1d2329");
        Color muted = dark ? Color.web("#9aa4af") : Color.web("#5f6b77");
        Color boxFill = dark ? Color.web("#22262c") : Color.web("#f7f9fb");
        Color err = dark ? Color.web("#ff6b6b") : Color.web("#c62828");
        Color sel = dark ? Color.web("#ff5ca8") : Color.web("#d1006b");
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(bg);
        g.fillRect(0, 0, getWidth(), getHeight());
        boxes.clear();
        written.clear();
        cycles.clear();
        double k = scale();
        double boxW = boxWidth();
        double boxH = boxHeight();
        double gap = gap();
        double labelW = labelWidth();
        Font mono = mono();
        Font label = Font.font("System", TITLE_PX * k);
        for (int r = 0; r < rows.size(); r++) {
            Handover.Chain c = rows.get(r);
            boolean sessions = r == 0;
            Color kind = Palette.color(Palette.of(theme).kind(sessions
                    ? luolab.engine.memory.OwnerKind.SESSION_BLOCK : luolab.engine.memory.OwnerKind.FILE_BLOCK));
            double y = top(r);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.setFont(label);
            g.setFill(c.ok() ? fg : err);
            text(g, rowTitles.get(r), 8 * k, y + boxH / 2 - 8 * k, labelW - 16 * k);
            g.setFill(muted);
            g.setFont(small());
            text(g, c.layout().headline(c.blocks().size()), 8 * k, y + boxH / 2 + 8 * k, labelW - 16 * k);
            text(g, c.layout().detail(), 8 * k, y + boxH / 2 + 23 * k, labelW - 16 * k);
            int n = Math.min(MAX_BLOCKS_SHOWN, c.blocks().size());
            if (c.blocks().isEmpty()) {
                g.setFill(muted);
                g.setFont(mono);
                text(g, c.headPa() == 0 ? "head = 0 (empty)" : "∅", labelW, y + boxH / 2);
            }
            if (c.layout().array() && n > 0) {
                drawArray(g, c, c.blocks().get(0), r, sessions, kind);
            }
            int linked = c.layout().array() ? 0 : n;
            for (int i = 0; i < linked; i++) {
                Handover.Block b = c.blocks().get(i);
                Rectangle2D box = boxRect(r, i);
                double x = box.getMinX();
                g.setFill(boxFill);
                g.fillRoundRect(x, y, boxW, boxH, 6 * k, 6 * k);
                double frac = b.capacity() == 0 ? 0 : Math.min(1, (double) b.count() / b.capacity());
                g.setFill(kind.deriveColor(0, 1, 1, 0.28));
                g.fillRect(x + k, y + boxH - 12 * k, (boxW - 2 * k) * frac, 11 * k);
                boolean selected = selectedPa >= b.pa() && selectedPa < b.pa() + c.layout().bytes();
                g.setStroke(selected ? sel : b.problem() != null ? err : kind);
                g.setLineWidth((selected || b.problem() != null ? 2.5 : 1.5) * k);
                g.strokeRoundRect(x, y, boxW, boxH, 6 * k, 6 * k);
                g.setFill(fg);
                g.setFont(mono);
                g.setTextAlign(TextAlignment.CENTER);
                text(g, String.format("0x%x", b.pa()), x + boxW / 2, y + 11 * k);
                g.setFill(b.problem() != null ? err : muted);
                text(g, live && b.count() == 0 ? "count 0 (serialize)"
                        : String.format("%s / %d", Long.toUnsignedString(b.count()), b.capacity()), x + boxW / 2,
                        y + 25 * k, boxW - 6 * k);
                boxes.add(new Box(sessions ? "sessions" : c.name(), b, box, r, i));
                double ax = x + boxW;
                double ay = y + boxH / 2;
                boolean last = i == c.blocks().size() - 1;
                if (!last && i < n - 1) {
                    arrow(g, ax, ay, ax + gap - 2 * k, ay, muted, k);
                } else if (last && b.next() == 0) {
                    g.setFill(muted);
                    g.setTextAlign(TextAlignment.LEFT);
                    text(g, "→ 0", ax + 4 * k, ay);
                } else if (!last) {
                    g.setFill(muted);
                    g.setTextAlign(TextAlignment.LEFT);
                    text(g, "… " + (c.blocks().size() - n) + " more", ax + 6 * k, ay);
                }
            }
            if (cyclic(c)) {
                cycle(g, r, c, bg, err);
            } else if (!c.ok()) {
                g.setFill(err);
                g.setTextAlign(TextAlignment.LEFT);
                g.setFont(small());
                text(g, c.problem(), labelW, y + boxH + 12 * k);
            }
        }
    }

    /**
     * The back edge of a cycle (the last block's next points to block {@code cycleTo}: what Floyd's
     * check finds and rejects): a red curve below the row from the last block to that block, and its
     * label on a plate of the background colour beside the curve, never on it (it was written across
     * the curve's lowest part and hard to read). See {@link #cycleMark} for where.
     */
    private void cycle(GraphicsContext g, int row, Handover.Chain c, Color bg, Color err) {
        double k = scale();
        Cycle m = cycleMark(row, c);
        Point2D p0 = m.curve().get(0);
        Point2D p3 = m.curve().get(m.curve().size() - 1);
        double depth = CYCLE_DEPTH * k;
        g.setStroke(err);
        g.setLineWidth(m.stroke());
        g.beginPath();
        g.moveTo(p0.getX(), p0.getY());
        g.bezierCurveTo(p0.getX(), p0.getY() + depth, p3.getX(), p0.getY() + depth, p3.getX(), p3.getY());
        g.stroke();
        head(g, p3.getX(), p3.getY(), Math.PI / 2, err, k);
        Rectangle2D plate = m.label();
        g.setFill(bg.deriveColor(0, 1, 1, 0.92));
        g.fillRoundRect(plate.getMinX(), plate.getMinY(), plate.getWidth(), plate.getHeight(), 6 * k, 6 * k);
        g.setFill(err);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(small());
        text(g, m.text(), plate.getMinX() + plate.getWidth() / 2, plate.getMinY() + plate.getHeight() / 2);
        cycles.add(m);
    }

    /**
     * Where a cycle's back edge and its label go. The curve leaves the last block's bottom middle,
     * dips {@link #CYCLE_DEPTH} px (at scale 1; 24 px at its lowest, 10 px above the next row) and
     * comes up under block {@code cycleTo}. The label goes in the loop, between the boxes and the
     * curve, when it fits there clear of the stroke (a cycle over three blocks or more: the loop is
     * deep enough for it, which is why the curve dips 32 px and not 26 as before), else right of
     * where the curve leaves the last block, where nothing else is drawn (the curve only runs left
     * from there, and the canvas keeps a block's width free after a row's last block, fitSize).
     * In the loop it stays in sight in a pane that shows the chain's blocks but not what is past
     * the last one.
     */
    private Cycle cycleMark(int row, Handover.Chain c) {
        double k = scale();
        double x0 = boxCenter(row, c.blocks().size() - 1).getX();
        double x1 = boxCenter(row, c.cycleTo()).getX();
        double yb = top(row) + boxHeight();
        double stroke = 2 * k;
        Point2D p0 = new Point2D(x0, yb);
        Point2D p1 = new Point2D(x0, yb + CYCLE_DEPTH * k);
        Point2D p2 = new Point2D(x1, yb + CYCLE_DEPTH * k);
        Point2D p3 = new Point2D(x1, yb + 3 * k);
        // points at most about a px apart (the curve is fastest in its middle, 1.5 times the span)
        int steps = Math.max(64, (int) Math.ceil(1.5 * Math.abs(x0 - x1) / k));
        List<Point2D> curve = new ArrayList<>(steps + 1);
        for (int i = 0; i <= steps; i++) {
            curve.add(bezier(p0, p1, p2, p3, (double) i / steps));
        }
        Point2D size = cycleLabelSize(c);
        // clear of the boxes' bottom edges (their stroke is at most 2.5 px at scale 1) and of the curve
        Rectangle2D inLoop = new Rectangle2D((x0 + x1) / 2 - size.getX() / 2, yb + 2 * k, size.getX(), size.getY());
        Rectangle2D plate = clear(inLoop, curve, stroke / 2 + 1.5 * k) ? inLoop
                : new Rectangle2D(x0 + 10 * k, yb + 4 * k, size.getX(), size.getY());
        return new Cycle(row, cycleLabel(c), plate, List.copyOf(curve), stroke);
    }

    /** Whether no point of {@code curve} is within {@code margin} of {@code r}. */
    private static boolean clear(Rectangle2D r, List<Point2D> curve, double margin) {
        for (Point2D p : curve) {
            double dx = Math.max(0, Math.max(r.getMinX() - p.getX(), p.getX() - r.getMaxX()));
            double dy = Math.max(0, Math.max(r.getMinY() - p.getY(), p.getY() - r.getMaxY()));
            if (Math.hypot(dx, dy) <= margin) {
                return false;
            }
        }
        return true;
    }

    /** The point at {@code t} (0..1) of the cubic Bézier curve p0 p1 p2 p3 (as GraphicsContext draws it). */
    private static Point2D bezier(Point2D p0, Point2D p1, Point2D p2, Point2D p3, double t) {
        double u = 1 - t;
        double a = u * u * u;
        double b = 3 * u * u * t;
        double c = 3 * u * t * t;
        double d = t * t * t;
        return new Point2D(a * p0.getX() + b * p1.getX() + c * p2.getX() + d * p3.getX(),
                a * p0.getY() + b * p1.getY() + c * p2.getY() + d * p3.getY());
    }

    /**
     * A pre-series array: one long box with its PA, extent and fill (count / fixed capacity), and
     * no next arrow — the array cannot grow, one entry more fails (-ENOMEM / -ENOSPC).
     */
    private void drawArray(GraphicsContext g, Handover.Chain c, Handover.Block b, int row, boolean sessions, Color kind) {
        boolean dark = theme == Theme.DARK;
        Color fg = dark ? Color.web("#d8dde3") : Color.web("#1d2329");
        Color muted = dark ? Color.web("#9aa4af") : Color.web("#5f6b77");
        Color boxFill = dark ? Color.web("#22262c") : Color.web("#f7f9fb");
        Color err = dark ? Color.web("#ff6b6b") : Color.web("#c62828");
        Color sel = dark ? Color.web("#ff5ca8") : Color.web("#d1006b");
        double k = scale();
        double x = labelWidth();
        double y = top(row);
        double w = arrayWidth();
        double h = boxHeight();
        g.setFill(boxFill);
        g.fillRoundRect(x, y, w, h, 6 * k, 6 * k);
        double frac = b.capacity() == 0 ? 0 : Math.min(1, (double) b.count() / b.capacity());
        g.setFill(kind.deriveColor(0, 1, 1, 0.28));
        g.fillRect(x + k, y + h - 12 * k, (w - 2 * k) * frac, 11 * k);
        boolean selected = selectedPa >= b.pa() && selectedPa < b.pa() + c.layout().bytes();
        g.setStroke(selected ? sel : b.problem() != null ? err : kind);
        g.setLineWidth((selected || b.problem() != null ? 2.5 : 1.5) * k);
        g.strokeRoundRect(x, y, w, h, 6 * k, 6 * k);
        g.setFont(mono());
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(fg);
        text(g, String.format("0x%x · %s contiguous", b.pa(), c.layout().size()), x + w / 2, y + 11 * k);
        g.setFill(b.problem() != null ? err : muted);
        text(g, live && b.count() == 0 ? "count 0 (serialize)"
                : String.format("%s / %d %s", Long.toUnsignedString(b.count()), b.capacity(), c.layout().noun()),
                x + w / 2, y + 25 * k, w - 6 * k);
        boxes.add(new Box(sessions ? "sessions" : c.name(), b, new Rectangle2D(x, y, w, h), row, 0));
    }

    private static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1, Color c, double k) {
        g.setStroke(c);
        g.setLineWidth(1.5 * k);
        g.strokeLine(x0, y0, x1 - 2 * k, y1);
        head(g, x1, y1, 0, c, k);
    }

    private static void head(GraphicsContext g, double x, double y, double angle, Color c, double k) {
        double a1 = angle + Math.PI - 0.45;
        double a2 = angle + Math.PI + 0.45;
        double len = 8 * k;
        g.setFill(c);
        g.fillPolygon(new double[] {x, x + len * Math.cos(a1), x + len * Math.cos(a2)},
                new double[] {y, y - len * Math.sin(a1), y - len * Math.sin(a2)}, 3);
    }
}

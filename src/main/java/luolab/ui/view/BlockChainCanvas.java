package luolab.ui.view;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
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

    /** A drawn box, for hit testing. */
    public record Box(String set, Handover.Block block, Rectangle2D rect) {
    }

    private final List<Box> boxes = new ArrayList<>();
    private final List<Handover.Chain> rows = new ArrayList<>();
    private final List<String> rowTitles = new ArrayList<>();
    private Theme theme = Theme.LIGHT;
    private long selectedPa = -1;
    private Consumer<Box> onBoxClicked = b -> { };

    public BlockChainCanvas() {
        setOnMouseClicked(e -> {
            for (Box b : boxes) {
                if (b.rect().contains(e.getX(), e.getY())) {
                    onBoxClicked.accept(b);
                    return;
                }
            }
        });
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
        double width = LABEL_W + BOX_W + GAP + 40;
        for (Handover.Chain c : rows) {
            double w = c.layout().array() ? ARRAY_W + GAP
                    : (Math.min(MAX_BLOCKS_SHOWN, c.blocks().size()) + 1) * (BOX_W + GAP);
            width = Math.max(width, LABEL_W + w + 40);
        }
        setWidth(width);
        setHeight(Math.max(ROW_H, rows.size() * ROW_H + 16));
        paint();
    }

    /** How far the widest end marker ("→ 0", "… n more") reaches past the right edge of a chain's last block. */
    public double markerWidth() {
        double w = 0;
        for (Handover.Chain c : rows) {
            w = Math.max(w, markerWidth(c));
        }
        return w;
    }

    private static double markerWidth(Handover.Chain c) {
        if (c.layout().array() || c.blocks().isEmpty()) {
            return 0;
        }
        int n = Math.min(MAX_BLOCKS_SHOWN, c.blocks().size());
        String text = c.blocks().size() > n ? "… " + (c.blocks().size() - n) + " more" : "→ 0";
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(Font.font("Monospaced", 11.5));
        return (c.blocks().size() > n ? 6 : 4) + Math.ceil(t.getLayoutBounds().getWidth());
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
        Font mono = Font.font("Monospaced", 11.5);
        Font label = Font.font("System", 12);
        for (int r = 0; r < rows.size(); r++) {
            Handover.Chain c = rows.get(r);
            boolean sessions = r == 0;
            Color kind = Palette.color(Palette.of(theme).kind(sessions
                    ? luolab.engine.memory.OwnerKind.SESSION_BLOCK : luolab.engine.memory.OwnerKind.FILE_BLOCK));
            double y = 12 + r * ROW_H;
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.setFont(label);
            g.setFill(c.ok() ? fg : err);
            g.fillText(rowTitles.get(r), 8, y + BOX_H / 2 - 8, LABEL_W - 16);
            g.setFill(muted);
            g.setFont(Font.font("System", 11));
            g.fillText(c.layout().headline(c.blocks().size()), 8, y + BOX_H / 2 + 8, LABEL_W - 16);
            g.fillText(c.layout().detail(), 8, y + BOX_H / 2 + 23, LABEL_W - 16);
            int n = Math.min(MAX_BLOCKS_SHOWN, c.blocks().size());
            if (c.blocks().isEmpty()) {
                g.setFill(muted);
                g.setFont(mono);
                g.fillText(c.headPa() == 0 ? "head = 0 (empty)" : "∅", LABEL_W, y + BOX_H / 2);
            }
            if (c.layout().array() && n > 0) {
                drawArray(g, c, c.blocks().get(0), y, sessions, kind);
            }
            int linked = c.layout().array() ? 0 : n;
            for (int i = 0; i < linked; i++) {
                Handover.Block b = c.blocks().get(i);
                double x = LABEL_W + i * (BOX_W + GAP);
                g.setFill(boxFill);
                g.fillRoundRect(x, y, BOX_W, BOX_H, 6, 6);
                double frac = b.capacity() == 0 ? 0 : Math.min(1, (double) b.count() / b.capacity());
                g.setFill(kind.deriveColor(0, 1, 1, 0.28));
                g.fillRect(x + 1, y + BOX_H - 12, (BOX_W - 2) * frac, 11);
                boolean selected = selectedPa >= b.pa() && selectedPa < b.pa() + c.layout().bytes();
                g.setStroke(selected ? sel : b.problem() != null ? err : kind);
                g.setLineWidth(selected || b.problem() != null ? 2.5 : 1.5);
                g.strokeRoundRect(x, y, BOX_W, BOX_H, 6, 6);
                g.setFill(fg);
                g.setFont(mono);
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(String.format("0x%x", b.pa()), x + BOX_W / 2, y + 11);
                g.setFill(b.problem() != null ? err : muted);
                g.fillText(live && b.count() == 0 ? "count 0 (serialize)"
                        : String.format("%s / %d", Long.toUnsignedString(b.count()), b.capacity()), x + BOX_W / 2,
                        y + 25, BOX_W - 6);
                boxes.add(new Box(sessions ? "sessions" : c.name(), b, new Rectangle2D(x, y, BOX_W, BOX_H)));
                double ax = x + BOX_W;
                double ay = y + BOX_H / 2;
                boolean last = i == c.blocks().size() - 1;
                if (!last && i < n - 1) {
                    arrow(g, ax, ay, ax + GAP - 2, ay, muted);
                } else if (last && b.next() == 0) {
                    g.setFill(muted);
                    g.setTextAlign(TextAlignment.LEFT);
                    g.fillText("→ 0", ax + 4, ay);
                } else if (!last) {
                    g.setFill(muted);
                    g.setTextAlign(TextAlignment.LEFT);
                    g.fillText("… " + (c.blocks().size() - n) + " more", ax + 6, ay);
                }
            }
            if (c.cycleTo() >= 0 && c.cycleTo() < n && c.blocks().size() <= n) {
                double x0 = LABEL_W + (c.blocks().size() - 1) * (BOX_W + GAP) + BOX_W / 2;
                double x1 = LABEL_W + c.cycleTo() * (BOX_W + GAP) + BOX_W / 2;
                double yb = y + BOX_H;
                g.setStroke(err);
                g.setLineWidth(2);
                g.beginPath();
                g.moveTo(x0, yb);
                g.bezierCurveTo(x0, yb + 26, x1, yb + 26, x1, yb + 3);
                g.stroke();
                head(g, x1, yb + 3, Math.PI / 2, err);
                g.setFill(err);
                g.setTextAlign(TextAlignment.CENTER);
                g.setFont(Font.font("System", 11));
                g.fillText("next → block " + c.cycleTo() + " (cycle)", (x0 + x1) / 2, yb + 20);
            } else if (!c.ok()) {
                g.setFill(err);
                g.setTextAlign(TextAlignment.LEFT);
                g.setFont(Font.font("System", 11));
                g.fillText(c.problem(), LABEL_W, y + BOX_H + 12);
            }
        }
    }

    /**
     * A pre-series array: one long box with its PA, extent and fill (count / fixed capacity), and
     * no next arrow — the array cannot grow, one entry more fails (-ENOMEM / -ENOSPC).
     */
    private void drawArray(GraphicsContext g, Handover.Chain c, Handover.Block b, double y, boolean sessions, Color kind) {
        boolean dark = theme == Theme.DARK;
        Color fg = dark ? Color.web("#d8dde3") : Color.web("#1d2329");
        Color muted = dark ? Color.web("#9aa4af") : Color.web("#5f6b77");
        Color boxFill = dark ? Color.web("#22262c") : Color.web("#f7f9fb");
        Color err = dark ? Color.web("#ff6b6b") : Color.web("#c62828");
        Color sel = dark ? Color.web("#ff5ca8") : Color.web("#d1006b");
        double x = LABEL_W;
        g.setFill(boxFill);
        g.fillRoundRect(x, y, ARRAY_W, BOX_H, 6, 6);
        double frac = b.capacity() == 0 ? 0 : Math.min(1, (double) b.count() / b.capacity());
        g.setFill(kind.deriveColor(0, 1, 1, 0.28));
        g.fillRect(x + 1, y + BOX_H - 12, (ARRAY_W - 2) * frac, 11);
        boolean selected = selectedPa >= b.pa() && selectedPa < b.pa() + c.layout().bytes();
        g.setStroke(selected ? sel : b.problem() != null ? err : kind);
        g.setLineWidth(selected || b.problem() != null ? 2.5 : 1.5);
        g.strokeRoundRect(x, y, ARRAY_W, BOX_H, 6, 6);
        g.setFont(Font.font("Monospaced", 11.5));
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(fg);
        g.fillText(String.format("0x%x · %s contiguous", b.pa(), c.layout().size()), x + ARRAY_W / 2, y + 11);
        g.setFill(b.problem() != null ? err : muted);
        g.fillText(live && b.count() == 0 ? "count 0 (serialize)"
                : String.format("%s / %d %s", Long.toUnsignedString(b.count()), b.capacity(), c.layout().noun()),
                x + ARRAY_W / 2, y + 25, ARRAY_W - 6);
        boxes.add(new Box(sessions ? "sessions" : c.name(), b, new Rectangle2D(x, y, ARRAY_W, BOX_H)));
    }

    private static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1, Color c) {
        g.setStroke(c);
        g.setLineWidth(1.5);
        g.strokeLine(x0, y0, x1 - 2, y1);
        head(g, x1, y1, 0, c);
    }

    private static void head(GraphicsContext g, double x, double y, double angle, Color c) {
        double a1 = angle + Math.PI - 0.45;
        double a2 = angle + Math.PI + 0.45;
        g.setFill(c);
        g.fillPolygon(new double[] {x, x + 8 * Math.cos(a1), x + 8 * Math.cos(a2)},
                new double[] {y, y - 8 * Math.sin(a1), y - 8 * Math.sin(a2)}, 3);
    }
}

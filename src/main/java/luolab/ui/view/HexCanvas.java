package luolab.ui.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.SizeConverter;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import luolab.engine.abi.StructLayout;
import luolab.ui.model.Frame;
import luolab.ui.model.StructInstance;
import luolab.ui.model.Theme;

/**
 * Offset / hex / ASCII rows for a range of physical memory, 16 bytes a row, drawn on a canvas
 * (only the visible rows, so a page or a 2 MiB folio costs the same). Struct fields found in the
 * range are tinted, one tint per field; the selected bytes get the selection colour.
 *
 * <p>The type is as large as the CSS property {@code -luo-hex-font-size} allows (12.5 px; presenter
 * mode sets it in em so it grows with the projector's type) but shrinks so that a whole row, ASCII
 * column included, fits the width: the rows then fill the pane instead of being cut at its edge.
 */
public final class HexCanvas extends Region {
    private static final Color[] LIGHT_TINTS = {
        Color.web("#cfe3ff"), Color.web("#d6f5d6"), Color.web("#ffe3c2"), Color.web("#eadcff"),
        Color.web("#c9f0f0"), Color.web("#fff3b0"), Color.web("#ffd6e0"), Color.web("#e0e7d0"),
    };
    private static final Color[] DARK_TINTS = {
        Color.web("#1f3a5c"), Color.web("#1f4a2a"), Color.web("#5a3a14"), Color.web("#3d2a5c"),
        Color.web("#164848"), Color.web("#4d4512"), Color.web("#5c1f33"), Color.web("#34402a"),
    };

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    /** Below this the bytes are unreadable anyway; a narrower pane then cuts the ASCII column. */
    private static final double MIN_FONT = 9;
    private static final double DEFAULT_FONT = 12.5;
    /** A row is 44 px of margins and gaps plus this many characters (address, 16 bytes, ASCII). */
    private static final double ROW_CHARS = 78;
    private static final double ROW_GAPS = 44;
    private static final CssMetaData<HexCanvas, Number> FONT_SIZE = new CssMetaData<>("-luo-hex-font-size",
            SizeConverter.getInstance(), DEFAULT_FONT) {
        @Override
        public boolean isSettable(HexCanvas h) {
            return !h.maxFontSize.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(HexCanvas h) {
            return h.maxFontSize;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    static {
        List<CssMetaData<? extends Styleable, ?>> l = new ArrayList<>(Region.getClassCssMetaData());
        l.add(FONT_SIZE);
        CSS = Collections.unmodifiableList(l);
    }

    private final StyleableDoubleProperty maxFontSize = new SimpleStyleableDoubleProperty(FONT_SIZE, this, "maxFontSize",
            DEFAULT_FONT);
    /** Character width per pixel of font size (the monospaced font's advance, measured once). */
    private final double charPerPx;
    private Font font;
    private double charW;
    private double rowH;
    private double headerH;

    private Frame frame;
    private long start;
    private long length;
    private List<StructInstance> overlays = List.of();
    private int[] tint = new int[0];
    private long selStart = -1;
    private long selEnd = -1;
    private long cursor = -1;
    private Theme theme = Theme.LIGHT;
    private LongConsumer onByteClicked = pa -> { };

    public HexCanvas() {
        Text t = new Text("0123456789abcdef");
        t.setFont(Font.font("Monospaced", 100));
        charPerPx = t.getLayoutBounds().getWidth() / 16 / 100;
        setFontSize(DEFAULT_FONT);
        maxFontSize.addListener((o, a, b) -> requestLayout());
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((o, a, b) -> paint());
        getChildren().addAll(canvas, scroll);
        getStyleClass().add("hex-canvas");
        setMinSize(200, 80);
        setPrefWidth(ROW_GAPS + ROW_CHARS * charW + 16);
        canvas.setOnScroll(e -> scroll.setValue(clamp(scroll.getValue() - Math.signum(e.getDeltaY()) * 3)));
        canvas.setOnMouseClicked(e -> {
            long pa = paAt(e.getX(), e.getY());
            if (pa >= 0) {
                onByteClicked.accept(pa);
            }
        });
    }

    public Canvas canvas() {
        return canvas;
    }

    public void setOnByteClicked(LongConsumer c) {
        onByteClicked = c;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    /** The largest font size the bytes are drawn at (CSS {@code -luo-hex-font-size}). */
    public StyleableDoubleProperty maxFontSizeProperty() {
        return maxFontSize;
    }

    /** The font size the bytes are drawn at now. */
    public double fontSize() {
        return font.getSize();
    }

    public double charWidth() {
        return charW;
    }

    public double rowHeight() {
        return rowH;
    }

    /** Width a whole row (address, 16 bytes, ASCII) takes at the current font size. */
    public double rowWidth() {
        return ROW_GAPS + ROW_CHARS * charW;
    }

    /** The type the bytes are drawn in when the canvas is {@code width} wide (as its layout picks it). */
    public double fontSizeFor(double width) {
        double w = Math.max(1, width - scroll.prefWidth(-1));
        // half-pixel steps: a font is made only when the width really changed the fit
        double fit = Math.floor((w - ROW_GAPS) / (ROW_CHARS * charPerPx) * 2) / 2;
        return Math.max(MIN_FONT, Math.min(maxFontSize.get(), fit));
    }

    /** How wide the canvas must be for a whole row of bytes in {@code px} type (scroll bar included). */
    public double widthFor(double px) {
        return ROW_GAPS + ROW_CHARS * charPerPx * px + scroll.prefWidth(-1);
    }

    /** How tall the canvas must be for the column header and {@code rows} rows of bytes in {@code px} type. */
    public static double heightFor(double px, double rows) {
        return headerHeight(px) + rows * rowHeight(px);
    }

    // 18 and 20 px at the 12.5 px default, as before the type could grow
    private static double rowHeight(double px) {
        return Math.round(px * 1.44);
    }

    private static double headerHeight(double px) {
        return Math.round(px * 1.6);
    }

    private void setFontSize(double px) {
        font = Font.font("Monospaced", px);
        charW = charPerPx * px;
        rowH = rowHeight(px);
        headerH = headerHeight(px);
    }

    @Override
    protected void layoutChildren() {
        double sw = scroll.prefWidth(-1);
        double w = Math.max(1, getWidth() - sw);
        double size = fontSizeFor(getWidth());
        if (size != font.getSize()) {
            setFontSize(size);
        }
        scroll.resizeRelocate(getWidth() - sw, 0, sw, getHeight());
        canvas.setWidth(w);
        canvas.setHeight(Math.max(1, getHeight()));
        updateScroll();
        paint();
    }

    // ---- content ------------------------------------------------------------------------------

    /** Shows [start, start + length) (start is rounded down to 16). Keeps the scroll position if unchanged. */
    public void setRange(long newStart, long newLength) {
        long s = newStart & ~15L;
        long len = newLength + (newStart - s);
        if (s != start || len != length) {
            start = s;
            length = len;
            scroll.setValue(0);
            updateScroll();
        }
        paint();
    }

    public long rangeStart() {
        return start;
    }

    public long rangeLength() {
        return length;
    }

    public void setFrame(Frame f) {
        frame = f;
        paint();
    }

    public void setOverlays(List<StructInstance> list) {
        overlays = List.copyOf(list);
        tint = new int[(int) Math.max(0, length)];
        java.util.Arrays.fill(tint, -1);
        int si = 0;
        for (StructInstance s : overlays) {
            int fi = 0;
            for (StructLayout.Field f : s.layout().fields()) {
                for (int b = 0; b < f.size(); b++) {
                    long off = s.base() + f.offset() + b - start;
                    if (off >= 0 && off < length) {
                        tint[(int) off] = (si * 3 + fi) % LIGHT_TINTS.length;
                    }
                }
                fi++;
            }
            si++;
        }
        paint();
    }

    public void setSelection(long from, long to) {
        selStart = from;
        selEnd = to;
        paint();
    }

    public void setCursor(long pa) {
        cursor = pa;
        paint();
    }

    public void setTheme(Theme t) {
        theme = t;
        paint();
    }

    /** Scrolls so that {@code pa} is visible. */
    public void reveal(long pa) {
        if (pa < start || pa >= start + length) {
            return;
        }
        long row = (pa - start) / 16;
        double first = scroll.getValue();
        int vis = visibleRows();
        if (row < first || row >= first + vis - 1) {
            scroll.setValue(clamp(row - vis / 3.0));
        }
    }

    // ---- geometry -----------------------------------------------------------------------------

    private double hexX() {
        return 8 + 13 * charW + 14;
    }

    private double byteX(int col) {
        return hexX() + col * 3 * charW + (col >= 8 ? charW : 0);
    }

    private double asciiX() {
        return hexX() + 49 * charW + 14;
    }

    private int rows() {
        return (int) ((length + 15) / 16);
    }

    private int visibleRows() {
        return (int) Math.max(1, (canvas.getHeight() - headerH) / rowH);
    }

    private double clamp(double v) {
        return Math.max(0, Math.min(scroll.getMax(), v));
    }

    private void updateScroll() {
        scroll.setMin(0);
        scroll.setMax(Math.max(0, rows() - visibleRows()));
        scroll.setVisibleAmount(visibleRows());
        scroll.setBlockIncrement(visibleRows());
        scroll.setValue(clamp(scroll.getValue()));
    }

    /** The byte under canvas point (x, y), or -1. */
    public long paAt(double x, double y) {
        if (y < headerH || length == 0) {
            return -1;
        }
        long row = (long) Math.floor(scroll.getValue()) + (long) ((y - headerH) / rowH);
        int col = -1;
        for (int c = 0; c < 16; c++) {
            double bx = byteX(c);
            if (x >= bx - charW * 0.5 && x < bx + 2.5 * charW) {
                col = c;
            }
            double ax = asciiX() + c * charW;
            if (x >= ax && x < ax + charW) {
                col = c;
            }
        }
        long pa = start + row * 16 + col;
        return col < 0 || pa >= start + length ? -1 : pa;
    }

    /** Centre of byte {@code pa}'s hex digits in canvas coordinates (after {@link #reveal}). */
    public Point2D byteCenter(long pa) {
        long row = (pa - start) / 16 - (long) Math.floor(scroll.getValue());
        int col = (int) ((pa - start) % 16);
        return new Point2D(byteX(col) + charW, headerH + row * rowH + rowH / 2);
    }

    /** The text of the row starting at {@code rowPa} as drawn: address, 16 hex bytes ("··" if not loaded), ASCII. */
    public String rowText(long rowPa) {
        StringBuilder hexPart = new StringBuilder();
        StringBuilder ascii = new StringBuilder();
        for (int c = 0; c < 16; c++) {
            long pa = rowPa + c;
            if (pa < start || pa >= start + length) {
                break;
            }
            int v = frame == null ? -1 : frame.u8(pa);
            hexPart.append(c == 8 ? "  " : c == 0 ? "" : " ").append(v < 0 ? "··" : String.format("%02x", v));
            ascii.append(v < 0 ? " " : v >= 32 && v < 127 ? String.valueOf((char) v) : "·");
        }
        return String.format("%012x  %s  %s", rowPa, hexPart, ascii);
    }

    // ---- painting -----------------------------------------------------------------------------

    public void paint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        boolean dark = theme == Theme.DARK;
        Color bg = dark ? Color.web("#1b1e23") : Color.WHITE;
        Color fg = dark ? Color.web("#d8dde3") : Color.web("#1d2329");
        Color dim = dark ? Color.web("#6c7682") : Color.web("#8a949e");
        Color sel = dark ? Color.web("#ff5ca8") : Color.web("#d1006b");
        Color[] tints = dark ? DARK_TINTS : LIGHT_TINTS;
        g.setFill(bg);
        g.fillRect(0, 0, w, h);
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(dim);
        g.fillText("physical addr", 8, headerH / 2);
        for (int c = 0; c < 16; c++) {
            g.fillText(String.format("%02x", c), byteX(c), headerH / 2);
        }
        g.fillText("ASCII", asciiX(), headerH / 2);
        g.setStroke(dim);
        g.setLineWidth(0.5);
        g.strokeLine(0, headerH - 0.5, w, headerH - 0.5);
        if (length == 0) {
            g.setFill(dim);
            g.fillText("Select a page in the memory map to see its bytes.",
                    8, headerH + rowH);
            return;
        }
        long first = (long) Math.floor(scroll.getValue());
        int vis = visibleRows() + 1;
        for (int r = 0; r < vis && first + r < rows(); r++) {
            long rowPa = start + (first + r) * 16;
            double y = headerH + r * rowH;
            double cy = y + rowH / 2;
            g.setFill((rowPa & 0xFFF) == 0 ? fg : dim);
            g.fillText(String.format("%012x", rowPa), 8, cy);
            for (int c = 0; c < 16; c++) {
                long pa = rowPa + c;
                if (pa >= start + length) {
                    break;
                }
                int off = (int) (pa - start);
                boolean selected = pa >= selStart && pa < selEnd;
                double bx = byteX(c);
                double ax = asciiX() + c * charW;
                if (selected) {
                    g.setFill(sel.deriveColor(0, 1, 1, 0.30));
                    g.fillRect(bx - charW * 0.5, y + 1, 3 * charW, rowH - 2);
                    g.fillRect(ax, y + 1, charW, rowH - 2);
                } else if (off < tint.length && tint[off] >= 0) {
                    g.setFill(tints[tint[off]]);
                    boolean joinNext = c < 15 && off + 1 < tint.length && tint[off + 1] == tint[off];
                    g.fillRect(bx - charW * 0.5, y + 1, joinNext ? 3 * charW + (c == 7 ? charW : 0) : 3 * charW, rowH - 2);
                    g.fillRect(ax, y + 1, charW, rowH - 2);
                }
                if (pa == cursor) {
                    g.setStroke(sel);
                    g.setLineWidth(1.5);
                    g.strokeRect(bx - charW * 0.5, y + 1, 3 * charW, rowH - 2);
                }
                int v = frame == null ? -1 : frame.u8(pa);
                g.setFill(v < 0 ? dim : v == 0 ? dim : fg);
                g.fillText(v < 0 ? "··" : String.format("%02x", v), bx, cy);
                g.fillText(v < 0 ? " " : v >= 32 && v < 127 ? String.valueOf((char) v) : "·", ax, cy);
            }
        }
    }
}

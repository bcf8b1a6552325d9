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
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
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
 *
 * <p>This class is the control: its scroll bar, CSS property, layout and mouse. Where a row's
 * columns are is {@link HexMetrics}; what is shown and how it is drawn is {@link HexPainter}.
 */
public final class HexCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private static final CssMetaData<HexCanvas, Number> FONT_SIZE = new CssMetaData<>("-luo-hex-font-size",
            SizeConverter.getInstance(), HexMetrics.DEFAULT_FONT) {
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
            HexMetrics.DEFAULT_FONT);
    private final HexMetrics metrics = new HexMetrics();
    private final HexPainter painter = new HexPainter();
    private LongConsumer onByteClicked = pa -> { };

    public HexCanvas() {
        maxFontSize.addListener((o, a, b) -> requestLayout());
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((o, a, b) -> paint());
        getChildren().addAll(canvas, scroll);
        getStyleClass().add("hex-canvas");
        setMinSize(200, 80);
        setPrefWidth(metrics.rowWidth() + 16);
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
        return metrics.font().getSize();
    }

    public double charWidth() {
        return metrics.charW();
    }

    public double rowHeight() {
        return metrics.rowH();
    }

    /** Width a whole row (address, 16 bytes, ASCII) takes at the current font size. */
    public double rowWidth() {
        return metrics.rowWidth();
    }

    /** The type the bytes are drawn in when the canvas is {@code width} wide (as its layout picks it). */
    public double fontSizeFor(double width) {
        return metrics.fontSizeFor(Math.max(1, width - scroll.prefWidth(-1)), maxFontSize.get());
    }

    /** How wide the canvas must be for a whole row of bytes in {@code px} type (scroll bar included). */
    public double widthFor(double px) {
        return metrics.rowWidthFor(px) + scroll.prefWidth(-1);
    }

    /** How tall the canvas must be for the column header and {@code rows} rows of bytes in {@code px} type. */
    public static double heightFor(double px, double rows) {
        return HexMetrics.headerHeight(px) + rows * HexMetrics.rowHeight(px);
    }

    @Override
    protected void layoutChildren() {
        double sw = scroll.prefWidth(-1);
        double w = Math.max(1, getWidth() - sw);
        double size = fontSizeFor(getWidth());
        if (size != metrics.font().getSize()) {
            metrics.setFontSize(size);
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
        if (s != painter.start || len != painter.length) {
            painter.start = s;
            painter.length = len;
            scroll.setValue(0);
            updateScroll();
        }
        paint();
    }

    public long rangeStart() {
        return painter.start;
    }

    public long rangeLength() {
        return painter.length;
    }

    public void setFrame(Frame f) {
        painter.frame = f;
        paint();
    }

    public void setOverlays(List<StructInstance> list) {
        painter.setOverlays(List.copyOf(list));
        paint();
    }

    public void setSelection(long from, long to) {
        painter.selStart = from;
        painter.selEnd = to;
        paint();
    }

    public void setCursor(long pa) {
        painter.cursor = pa;
        paint();
    }

    public void setTheme(Theme t) {
        painter.theme = t;
        paint();
    }

    /** Scrolls so that {@code pa} is visible. */
    public void reveal(long pa) {
        long start = painter.start;
        if (pa < start || pa >= start + painter.length) {
            return;
        }
        long row = (pa - start) / 16;
        double first = scroll.getValue();
        int vis = visibleRows();
        if (row < first || row >= first + vis - 1) {
            scroll.setValue(clamp(row - vis / 3.0));
        }
    }

    // ---- scrolling and the mouse --------------------------------------------------------------

    private int visibleRows() {
        return (int) Math.max(1, (canvas.getHeight() - metrics.headerH()) / metrics.rowH());
    }

    private double clamp(double v) {
        return Math.max(0, Math.min(scroll.getMax(), v));
    }

    private void updateScroll() {
        scroll.setMin(0);
        scroll.setMax(Math.max(0, painter.rows() - visibleRows()));
        scroll.setVisibleAmount(visibleRows());
        scroll.setBlockIncrement(visibleRows());
        scroll.setValue(clamp(scroll.getValue()));
    }

    /** The byte under canvas point (x, y), or -1. */
    public long paAt(double x, double y) {
        if (y < metrics.headerH() || painter.length == 0) {
            return -1;
        }
        long row = (long) Math.floor(scroll.getValue()) + (long) ((y - metrics.headerH()) / metrics.rowH());
        int col = metrics.columnAt(x);
        long pa = painter.start + row * 16 + col;
        return col < 0 || pa >= painter.start + painter.length ? -1 : pa;
    }

    /** Centre of byte {@code pa}'s hex digits in canvas coordinates (after {@link #reveal}). */
    public Point2D byteCenter(long pa) {
        long row = (pa - painter.start) / 16 - (long) Math.floor(scroll.getValue());
        int col = (int) ((pa - painter.start) % 16);
        double rowH = metrics.rowH();
        return new Point2D(metrics.byteX(col) + metrics.charW(), metrics.headerH() + row * rowH + rowH / 2);
    }

    /** The text of the row starting at {@code rowPa} as drawn: address, 16 hex bytes ("··" if not loaded), ASCII. */
    public String rowText(long rowPa) {
        return painter.rowText(rowPa);
    }

    public void paint() {
        painter.paint(canvas, metrics, (long) Math.floor(scroll.getValue()), visibleRows() + 1);
    }
}

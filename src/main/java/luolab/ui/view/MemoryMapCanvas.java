package luolab.ui.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.SizeConverter;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.Frame;

/**
 * The physical memory map: one cell per 4 KiB page, row-major in PA order, rendered pixel by pixel
 * into a {@link WritableImage} (one {@code setPixels} per repaint, no per-cell draw calls), so the
 * whole map of 1 GiB (262,144 pages) repaints in a few milliseconds at any zoom. Zoom runs from
 * the whole RAM to one page filling the view, where its 4096 bytes are drawn as a 64×64 grid.
 */
public final class MemoryMapCanvas extends Region {
    /** Width of the address gutter on the left at the normal 11 px type (it grows with the type). */
    public static final double GUTTER = 92;
    /** The addresses' type outside presenter mode. */
    public static final double ADDRESS_FONT_PX = 11;
    /** Space between an address and the first cell of its row. */
    private static final double ADDRESS_GAP = 8;
    /** Space left of the widest address. */
    private static final double ADDRESS_LEFT = 6;

    private static final CssMetaData<MemoryMapCanvas, Number> ADDRESS_FONT_SIZE = new CssMetaData<>(
            "-luo-address-font-size", SizeConverter.getInstance(), ADDRESS_FONT_PX) {
        @Override
        public boolean isSettable(MemoryMapCanvas m) {
            return !m.addressFontSize.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(MemoryMapCanvas m) {
            return m.addressFontSize;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    static {
        List<CssMetaData<? extends Styleable, ?>> l = new ArrayList<>(Region.getClassCssMetaData());
        l.add(ADDRESS_FONT_SIZE);
        CSS = Collections.unmodifiableList(l);
    }

    /** An address as drawn in the gutter by the last paint: its text, type, right edge and centre line. */
    public record AddressLabel(String text, Font font, double right, double centerY) {
    }

    private final StyleableDoubleProperty addressFontSize = new SimpleStyleableDoubleProperty(ADDRESS_FONT_SIZE, this,
            "addressFontSize", ADDRESS_FONT_PX);
    private double gutter = GUTTER;
    private Font addressFont = Font.font("Monospaced", ADDRESS_FONT_PX);
    private final List<AddressLabel> addressLabels = new ArrayList<>();
    /** Cell size (px) from which the bytes of each page are drawn. */
    public static final double BYTE_ZOOM = 128;

    private final Canvas canvas = new Canvas();
    private Frame frame;
    private Palette palette = Palette.of(luolab.ui.model.Theme.LIGHT);
    private int[] pageColor = new int[0];
    private int[] marker = new int[0];
    private int colorRevision = -1;
    private Palette colorPalette;
    private WritableImage image;
    private int[] buf = new int[0];

    private int cols = 1;
    private int rows = 1;
    private double scale = 1;
    private double ox;
    private double oy;
    private boolean fitted;
    private long selFirst = -1;
    private long selLast = -1;
    private long hover = -1;
    private Consumer<Set<Long>> byteWatch = s -> { };
    private Runnable onViewChanged = () -> { };

    public MemoryMapCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("memory-map");
        setMinSize(200, 150);
        addressFontSize.addListener((o, a, b) -> {
            if (updateGutter()) {
                relayout(true);
            } else {
                paint();
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

    /** The type the gutter's addresses are written in (CSS {@code -luo-address-font-size}). */
    public StyleableDoubleProperty addressFontSizeProperty() {
        return addressFontSize;
    }

    /** Width of the address gutter on the left: the cells start here. */
    public double gutter() {
        return gutter;
    }

    /** The addresses the last paint wrote in the gutter. */
    public List<AddressLabel> addressLabels() {
        return Collections.unmodifiableList(addressLabels);
    }

    /** The longest address the gutter can show for the run on show (its last row's). */
    public String widestAddress() {
        return frame == null ? address(0) : address(PhysicalMemory.pa(frame.basePfn() + frame.nrPages() - 1));
    }

    /** A row's address as the gutter writes it. */
    public static String address(long pa) {
        return String.format("0x%08x", pa);
    }

    /**
     * Sizes the gutter for the widest address in the current type (never narrower than the normal
     * {@link #GUTTER}); true if its width changed.
     */
    private boolean updateGutter() {
        addressFont = Font.font("Monospaced", addressFontSize.get());
        Text t = new Text(widestAddress());
        t.setFont(addressFont);
        double g = Math.max(GUTTER, Math.ceil(ADDRESS_LEFT + t.getLayoutBounds().getWidth() + ADDRESS_GAP));
        if (g == gutter) {
            return false;
        }
        gutter = g;
        return true;
    }

    public Canvas canvas() {
        return canvas;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            relayout(true);
        }
    }

    // ---- inputs -------------------------------------------------------------------------------

    public void setFrame(Frame f) {
        boolean newRun = frame == null || f == null || frame.run() != f.run();
        frame = f;
        if (newRun) {
            colorRevision = -1;
            updateGutter();
            relayout(true);
        } else {
            paint();
        }
    }

    public void setPalette(Palette p) {
        palette = p;
        paint();
    }

    /** Pages [first, last] are outlined as the selection (-1: none). */
    public void setSelection(long first, long last) {
        selFirst = first;
        selLast = last;
        paint();
    }

    public void setHover(long pfn) {
        if (pfn != hover) {
            hover = pfn;
            paint();
        }
    }

    /** Told which pages' bytes the map would draw at the current zoom. */
    public void setByteWatch(Consumer<Set<Long>> w) {
        byteWatch = w;
    }

    public void setOnViewChanged(Runnable r) {
        onViewChanged = r;
    }

    // ---- geometry -----------------------------------------------------------------------------

    private double viewW() {
        return Math.max(1, canvas.getWidth() - gutter);
    }

    private double viewH() {
        return Math.max(1, canvas.getHeight());
    }

    private void relayout(boolean refit) {
        if (frame != null) {
            int c = fitColumns(frame.nrPages(), viewW(), viewH());
            if (c != cols || refit || !fitted) {
                cols = c;
                rows = (int) ((frame.nrPages() + cols - 1) / cols);
                fit();
                return;
            }
        }
        paint();
    }

    /**
     * Pages per row that make the whole RAM as large as possible in a w×h view. Rows are a multiple
     * of 16 pages (64 KiB) so row addresses stay round; when cells can be at least 2 px they get a
     * whole number of pixels, so every cell has the same size.
     */
    static int fitColumns(long n, double w, double h) {
        for (int s = (int) Math.floor(Math.sqrt(w * h / n)); s >= 2; s--) {
            long c = (long) (w / s) / 16 * 16;
            if (c >= 1 && (n + c - 1) / c * s <= h) {
                return (int) Math.min(c, n);
            }
        }
        long best = 16;
        double bestScale = 0;
        for (long c = 16; c <= Math.max(16, n); c += 16) {
            double sc = Math.min(w / c, h / ((n + c - 1) / c));
            if (sc > bestScale) {
                bestScale = sc;
                best = c;
            }
            if (w / c < bestScale) {
                break;
            }
        }
        return (int) Math.min(best, Math.max(1, n));
    }

    /** The whole RAM in view. */
    public void fit() {
        scale = minScale();
        ox = gutter + (viewW() - cols * scale) / 2;
        oy = (viewH() - rows * scale) / 2;
        fitted = true;
        changed();
    }

    private double minScale() {
        double s = Math.max(1e-3, Math.min(viewW() / cols, viewH() / rows));
        return s >= 2 ? Math.floor(s) : s;
    }

    private double maxScale() {
        return Math.max(minScale(), Math.min(viewW(), viewH()) * 0.9);
    }

    public double scale() {
        return scale;
    }

    public int columns() {
        return cols;
    }

    /** Multiplies the zoom by {@code factor}, keeping the point under (x, y) in place. */
    public void zoomAt(double factor, double x, double y) {
        double ns = Math.max(minScale(), Math.min(maxScale(), scale * factor));
        if (ns == scale) {
            return;
        }
        ox = x - (x - ox) * ns / scale;
        oy = y - (y - oy) * ns / scale;
        scale = ns;
        clampPan();
        changed();
    }

    /**
     * The zoom buttons and keys: around the selected page when it is in sight, so the page the
     * user is looking at stays under the same spot (zooming in on the whole of RAM around the
     * view's centre lost a selected block at its start); around the view's centre otherwise.
     */
    public void zoom(double factor) {
        if (frame != null && selFirst >= 0 && frame.containsPfn(selFirst)) {
            Point2D c = cellCenter(selFirst);
            if (c.getX() >= gutter && c.getX() <= gutter + viewW() && c.getY() >= 0 && c.getY() <= viewH()) {
                zoomAt(factor, c.getX(), c.getY());
                return;
            }
        }
        zoomAt(factor, gutter + viewW() / 2, viewH() / 2);
    }

    public void panBy(double dx, double dy) {
        ox += dx;
        oy += dy;
        clampPan();
        changed();
    }

    /** Centres page {@code pfn} with cells of {@code cellPx} pixels. */
    public void zoomTo(long pfn, double cellPx) {
        if (frame == null || !frame.containsPfn(pfn)) {
            return;
        }
        scale = Math.max(minScale(), Math.min(maxScale(), cellPx));
        int i = (int) (pfn - frame.basePfn());
        ox = gutter + viewW() / 2 - (i % cols + 0.5) * scale;
        oy = viewH() / 2 - (i / cols + 0.5) * scale;
        clampPan();
        changed();
    }

    private void clampPan() {
        double mw = cols * scale;
        double mh = rows * scale;
        double vw = viewW();
        double vh = viewH();
        // a map larger than the view always fills it: no empty margin beyond the first or last row
        ox = mw <= vw ? gutter + (vw - mw) / 2 : Math.min(gutter, Math.max(gutter + vw - mw, ox));
        oy = mh <= vh ? (vh - mh) / 2 : Math.min(0, Math.max(vh - mh, oy));
    }

    private void changed() {
        paint();
        onViewChanged.run();
        updateByteWatch();
    }

    /** Page under canvas point (x, y), or -1. */
    public long pfnAt(double x, double y) {
        if (frame == null || x < gutter) {
            return -1;
        }
        double cx = Math.floor((x - ox) / scale);
        double cy = Math.floor((y - oy) / scale);
        if (cx < 0 || cx >= cols || cy < 0 || cy >= rows) {
            return -1;
        }
        long i = (long) cy * cols + (long) cx;
        return i < frame.nrPages() ? frame.basePfn() + i : -1;
    }

    /** Pans (keeping the zoom) so that page {@code pfn} is in view, if it is not already. */
    public void reveal(long pfn) {
        if (frame == null || !frame.containsPfn(pfn)) {
            return;
        }
        Point2D c = cellCenter(pfn);
        if (c.getX() < gutter || c.getX() > canvas.getWidth() || c.getY() < 0 || c.getY() > canvas.getHeight()) {
            zoomTo(pfn, scale);
        }
    }

    /** Centre of page {@code pfn}'s cell in canvas coordinates. */
    public Point2D cellCenter(long pfn) {
        int i = (int) (pfn - frame.basePfn());
        return new Point2D(ox + (i % cols + 0.5) * scale, oy + (i / cols + 0.5) * scale);
    }

    /** Centre of byte {@code offset} of page {@code pfn} at byte zoom. */
    public Point2D byteCenter(long pfn, int offset) {
        int i = (int) (pfn - frame.basePfn());
        double b = scale / 64;
        return new Point2D(ox + (i % cols) * scale + (offset % 64 + 0.5) * b,
                oy + (i / cols) * scale + (offset / 64 + 0.5) * b);
    }

    private void updateByteWatch() {
        Set<Long> s = new HashSet<>();
        if (frame != null && scale >= BYTE_ZOOM) {
            long a = Math.max(0, (long) Math.floor(-oy / scale));
            long b = Math.min(rows - 1, (long) Math.floor((viewH() - oy) / scale));
            long c0 = Math.max(0, (long) Math.floor((gutter - ox) / scale));
            long c1 = Math.min(cols - 1, (long) Math.floor((canvas.getWidth() - ox) / scale));
            for (long r = a; r <= b; r++) {
                for (long c = c0; c <= c1; c++) {
                    long i = r * cols + c;
                    if (i < frame.nrPages()) {
                        s.add(frame.basePfn() + i);
                    }
                }
            }
        }
        byteWatch.accept(s);
    }

    // ---- painting -----------------------------------------------------------------------------

    private void refreshColors() {
        int n = (int) frame.nrPages();
        if (pageColor.length != n) {
            pageColor = new int[n];
            marker = new int[n];
            colorRevision = -1;
        }
        if (colorRevision == frame.metaRevision() && colorPalette == palette) {
            return;
        }
        for (int i = 0; i < n; i++) {
            long m = frame.metaAt(i);
            pageColor[i] = palette.cell(m);
            marker[i] = palette.marker(m);
        }
        colorRevision = frame.metaRevision();
        colorPalette = palette;
    }

    public void paint() {
        int w = (int) canvas.getWidth();
        int h = (int) canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        GraphicsContext g = canvas.getGraphicsContext2D();
        if (frame == null) {
            g.setFill(Palette.color(palette.background()));
            g.fillRect(0, 0, w, h);
            return;
        }
        refreshColors();
        if (image == null || image.getWidth() != w || image.getHeight() != h) {
            image = new WritableImage(w, h);
            buf = new int[w * h];
        }
        renderPixels(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), buf, 0, w);
        g.drawImage(image, 0, 0);
        drawLabels(g);
        outline(g, hover, hover, Color.gray(0.5, 0.9), 1);
        Color sel = palette.theme() == luolab.ui.model.Theme.DARK ? Color.web("#ff5ca8") : Color.web("#d1006b");
        outline(g, selFirst, selLast, sel, 2.5);
        drawGutter(g, h);
    }

    private void renderPixels(int w, int h) {
        int n = pageColor.length;
        int bg = palette.background();
        int grid = palette.grid();
        int[] cxOf = new int[w];
        int[] bxOf = new int[w];
        boolean[] edgeX = new boolean[w];
        boolean[] farX = new boolean[w];
        boolean bytes = scale >= BYTE_ZOOM;
        double edge = scale >= 12 ? 2 : 1;
        for (int x = 0; x < w; x++) {
            double mx = (x + 0.5 - ox) / scale;
            int cx = (int) Math.floor(mx);
            cxOf[x] = x < gutter || cx < 0 || cx >= cols ? -1 : cx;
            double fx = (mx - cx) * scale;
            edgeX[x] = fx < edge;
            farX[x] = scale - fx <= edge;
            bxOf[x] = (int) ((mx - cx) * 64);
        }
        boolean cells = scale >= 4;
        boolean gaps = scale >= 6;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            double my = (y + 0.5 - oy) / scale;
            int cy = (int) Math.floor(my);
            if (cy < 0 || cy >= rows) {
                java.util.Arrays.fill(buf, row, row + w, bg);
                continue;
            }
            double fy = (my - cy) * scale;
            boolean edgeY = fy < edge;
            boolean farY = scale - fy <= edge;
            int by = (int) ((my - cy) * 64);
            int rowBase = cy * cols;
            for (int x = 0; x < w; x++) {
                int cx = cxOf[x];
                int i = rowBase + cx;
                if (cx < 0 || i >= n) {
                    buf[row + x] = bg;
                    continue;
                }
                int c = pageColor[i];
                if (cells) {
                    boolean border = edgeX[x] || edgeY || farX[x] || farY;
                    if (border && marker[i] != 0) {
                        c = marker[i];
                    } else if (gaps && (edgeX[x] || edgeY)) {
                        c = grid;
                    } else if (bytes) {
                        c = byteColor(i, bxOf[x], by, c, bg);
                    }
                } else if (marker[i] != 0) {
                    c = Palette.mix(c, marker[i], 0.55);
                }
                buf[row + x] = c;
            }
        }
    }

    private int byteColor(int i, int bx, int by, int c, int bg) {
        byte[] p = frame.page(frame.basePfn() + i);
        if (p == null) {
            return c;
        }
        int v = p[by * 64 + bx] & 0xFF;
        if (v == 0) {
            return Palette.mix(c, bg, 0.8);
        }
        if (v == (PhysicalMemory.PAGE_POISON & 0xFF)) {
            return palette.poisoned();
        }
        return Palette.mix(c, 0xFF000000, 0.15 + 0.45 * v / 255.0);
    }

    private void drawLabels(GraphicsContext g) {
        if (scale < 56) {
            return;
        }
        boolean bytes = scale >= BYTE_ZOOM;
        g.setFont(Font.font("System", Math.min(13, scale / 6)));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        long a = Math.max(0, (long) Math.floor(-oy / scale));
        long b = Math.min(rows - 1, (long) Math.floor((viewH() - oy) / scale));
        long c0 = Math.max(0, (long) Math.floor((gutter - ox) / scale));
        long c1 = Math.min(cols - 1, (long) Math.floor((canvas.getWidth() - ox) / scale));
        for (long r = a; r <= b; r++) {
            for (long c = c0; c <= c1; c++) {
                long i = r * cols + c;
                if (i >= frame.nrPages()) {
                    continue;
                }
                long pfn = frame.basePfn() + i;
                double x = ox + c * scale + 4;
                double y = oy + r * scale + 3;
                int col = pageColor[(int) i];
                if (bytes) {
                    g.setFill(Palette.color(palette.background()).deriveColor(0, 1, 1, 0.85));
                    g.fillRect(x - 1, y - 1, Math.min(scale - 8, 150), 2 * Math.min(13, scale / 6) + 6);
                    col = palette.background();
                }
                double lum = (0.3 * ((col >> 16) & 0xFF) + 0.59 * ((col >> 8) & 0xFF) + 0.11 * (col & 0xFF)) / 255;
                g.setFill(lum > 0.55 ? Color.BLACK : Color.WHITE);
                g.fillText(String.format("%x", pfn), x, y, scale - 8);
                long m = frame.metaAt((int) i);
                if (PageMeta.kind(m) != luolab.engine.memory.OwnerKind.NONE) {
                    g.fillText(frame.label(pfn), x, y + (bytes ? Math.min(13, scale / 6) + 2 : scale / 5),
                            bytes ? Math.min(scale - 8, 150) : scale - 8);
                }
            }
        }
    }

    private void outline(GraphicsContext g, long first, long last, Color color, double width) {
        if (frame == null || first < 0) {
            return;
        }
        long from = Math.max(first, frame.basePfn());
        long to = Math.min(last, frame.basePfn() + frame.nrPages() - 1);
        if (to - from > 4096) {
            to = from + 4096;
        }
        g.setStroke(color);
        g.setLineWidth(width);
        double s = Math.max(scale, 3);
        for (long p = from; p <= to; p++) {
            Point2D c = cellCenter(p);
            g.strokeRect(c.getX() - s / 2, c.getY() - s / 2, s, s);
        }
    }

    private void drawGutter(GraphicsContext g, int h) {
        addressLabels.clear();
        g.setFill(Palette.color(palette.background()));
        g.fillRect(0, 0, gutter - 2, h);
        g.setFill(palette.theme() == luolab.ui.model.Theme.DARK ? Color.gray(0.7) : Color.gray(0.35));
        g.setFont(addressFont);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        // labelled rows at least two lines of the type apart (22 px at the normal 11 px), so a
        // larger type never makes the addresses run into each other
        double pitch = 2 * addressFont.getSize();
        int step = 1;
        while (step * scale < pitch) {
            step <<= 1;
        }
        double margin = addressFont.getSize() / 2 + 1;
        long r0 = Math.max(0, (long) Math.floor(-oy / scale));
        long r1 = Math.min(rows - 1, (long) Math.ceil((viewH() - oy) / scale));
        r0 = (r0 + step - 1) / step * step;
        for (long r = r0; r <= r1; r += step) {
            double y = oy + r * scale + Math.min(scale, pitch) / 2;
            if (y < margin) {
                // the first row of RAM at the top edge (small cells): its address is the one a
                // reader looks for, so it moves down to fit rather than disappear; the next label
                // is still at least 1.5 lines below
                y = margin;
            }
            if (y > h - margin) {
                continue;
            }
            String text = address(PhysicalMemory.pa(frame.basePfn() + r * cols));
            g.fillText(text, gutter - ADDRESS_GAP, y);
            addressLabels.add(new AddressLabel(text, addressFont, gutter - ADDRESS_GAP, y));
        }
    }
}

package luolab.ui.anim;

import static luolab.ui.anim.Pen.AMBER;
import static luolab.ui.anim.Pen.FDT;
import static luolab.ui.anim.Pen.RADIX;
import static luolab.ui.anim.Pen.RESTORE;
import static luolab.ui.anim.Pen.SESSION;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableProperty;
import javafx.css.converter.SizeConverter;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.Theme;

/**
 * The transparent layer above the whole workbench on which the animation draws: flying entries,
 * rings on memory-map cells, the poison sweep, tortoise and hare, red chains, blinking bytes. It
 * never takes the mouse. Drawing is a pure function of a {@link View} (what beat, how far, where
 * the model is), so a frame can be re-rendered at any time — after a resize, a zoom, a theme change.
 * Text that tests and readers care about (panic banner, error callout, caption) is in real labels
 * ({@link OverlayLabels}). This class is the layer itself: it remembers the frame drawn last, draws
 * it again when the views under it move, and hands each beat to its painter ({@link PagePainter},
 * {@link EntryPainter}, {@link KexecPainter}, {@link ChainCheckPainter}, {@link FailurePainter}),
 * all drawing with one {@link Pen}. The pen's type is the CSS property {@code -luo-mark-font-size}
 * (11 px; presenter.css sets it in em so the tags grow with the presenter type, as the labels do).
 */
final class OverlayLayer extends Pane {
    /** What to draw. {@code beat} is -1 when nothing moves (only the sticky marks at {@code position}). */
    record View(AnimationPlan plan, int beat, double progress, int position, boolean reduceMotion, double clock,
            long basePfn) {
    }

    private final Canvas canvas = new Canvas();
    final Anchors at = new Anchors(this);
    private Theme theme = Theme.LIGHT;
    private View last;
    /** A lettered marker (tortoise, hare) as drawn in the last frame, in overlay coordinates. */
    record Mark(String letter, Point2D center) {
    }

    private static final CssMetaData<OverlayLayer, Number> MARK_FONT_SIZE = new CssMetaData<>("-luo-mark-font-size",
            SizeConverter.getInstance(), Pen.BASE_PX) {
        @Override
        public boolean isSettable(OverlayLayer o) {
            return !o.markFontSize.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(OverlayLayer o) {
            return o.markFontSize;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    static {
        List<CssMetaData<? extends Styleable, ?>> l = new ArrayList<>(Pane.getClassCssMetaData());
        l.add(MARK_FONT_SIZE);
        CSS = Collections.unmodifiableList(l);
    }

    private final StyleableDoubleProperty markFontSize = new SimpleStyleableDoubleProperty(MARK_FONT_SIZE, this,
            "markFontSize", Pen.BASE_PX);
    private final List<Mark> marks = new ArrayList<>();
    private final List<Pen.Written> written = new ArrayList<>();
    /** {@link Anchors#geometry} and the pen's type when {@code last} was drawn. */
    private List<Object> drawnFor = List.of();
    private double drawnAtPx = Pen.BASE_PX;
    private final Runnable relayout = this::relayout;
    private final OverlayLabels labels = new OverlayLabels(at);
    private final Pen pen = new Pen(at, canvas, marks, written, markFontSize::get);
    private final PagePainter pagePainter = new PagePainter(pen);
    private final EntryPainter entryPainter = new EntryPainter(pen);
    private final KexecPainter kexecPainter = new KexecPainter(pen);
    private final ChainCheckPainter chainPainter = new ChainCheckPainter(pen);
    private final FailurePainter failurePainter = new FailurePainter(pen, labels);

    OverlayLayer() {
        setId("animOverlay");
        setMouseTransparent(true);
        setPickOnBounds(false);
        getChildren().add(canvas);
        getChildren().addAll(labels.all());
        // The marks must follow the views they point at. The overlay's own size changes before the
        // panes under it are laid out, and a moved divider, a scroll or a zoom does not change it
        // at all, so the check runs after every layout pass instead.
        sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(relayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(relayout);
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

    /** The size the pen's tags are written in (CSS {@code -luo-mark-font-size}). */
    StyleableDoubleProperty markFontSizeProperty() {
        return markFontSize;
    }

    /**
     * Draws the last frame again if what it points at has moved or resized since it was drawn, or the
     * pen's type changed (presenter mode on or off, the presenter type following the window).
     */
    void relayout() {
        if (last == null || getScene() == null) {
            return;
        }
        at.refresh();
        if (!at.geometry().equals(drawnFor) || markFontSize.get() != drawnAtPx) {
            render(last);
        }
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
        }
    }

    void setTheme(Theme t) {
        theme = t;
        if (last != null) {
            render(last);
        }
    }

    Canvas canvas() {
        return canvas;
    }

    void clear() {
        last = null;
        chainPainter.frameStarts();
        chainPainter.frameEnds();
        marks.clear();
        written.clear();
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        labels.hideAll();
    }

    // ---- one frame ---------------------------------------------------------------------------

    void render(View v) {
        last = v;
        marks.clear();
        written.clear();
        drawnAtPx = markFontSize.get();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        labels.hideAll();
        chainPainter.frameStarts();
        if (v == null || v.plan() == null) {
            chainPainter.frameEnds();
            return;
        }
        at.refresh();
        drawnFor = at.geometry();
        Beat moving = v.beat() >= 0 ? v.plan().beat(v.beat()) : null;
        drawSticky(g, v);
        if (moving != null) {
            drawBeat(g, v, moving, Math.max(0, Math.min(1, v.progress())));
            labels.showStage(moving.caption());
        } else {
            drawResting(g, v);
        }
        chainPainter.frameEnds();
    }

    // ---- sticky marks: red chains, panic, the latest failure ---------------------------------

    private void drawSticky(GraphicsContext g, View v) {
        List<Beat> sticky = v.plan().stickyAt(v.position());
        Beat latest = null;
        for (Beat b : sticky) {
            if (b.kind() == BeatKind.CHAIN_RED) {
                BeatData.Chain c = (BeatData.Chain) b.data();
                chainPainter.redChain(g, c.chainPas(), c.chainPas().length);
            }
            if (b.kind().endsKernel()) {
                labels.showBanner(b);
            }
            if (!b.kind().endsKernel() || latest == null) {
                latest = b;
            }
        }
        if (latest != null) {
            failurePainter.failure(g, v, latest);
        }
    }

    // ---- resting state: what a stepped position shows -----------------------------------------

    private void drawResting(GraphicsContext g, View v) {
        if (v.position() <= 0) {
            return;
        }
        int i = v.plan().beatOfPosition(v.position());
        if (i < 0) {
            return;
        }
        Beat b = v.plan().beat(i);
        if ((b.kind() == BeatKind.FLOYD_STEP || b.kind() == BeatKind.FLOYD_MEET) && v.position() > b.key()) {
            chainPainter.drawFloyd(g, b, 1, true);
        }
    }

    // ---- the moving beat ---------------------------------------------------------------------

    private void drawBeat(GraphicsContext g, View v, Beat b, double p) {
        Rectangle2D map = at.mapView();
        boolean still = v.reduceMotion();
        switch (b.kind()) {
            case PHASE -> labels.phaseCard(b, p, still, map);
            case PRESERVE -> pagePainter.pages(g, ((BeatData.Pages) b.data()).pfns(), p, AMBER, still, map, null);
            case RADIX_NODE -> {
                BeatData.Pages d = (BeatData.Pages) b.data();
                pagePainter.pages(g, d.pfns(), p, RADIX, still, map, d.labels());
            }
            case RESTORE -> pagePainter.pages(g, ((BeatData.Pages) b.data()).pfns(), p, RESTORE, still, map, null);
            case RESERVE -> pagePainter.reserve(g, (BeatData.Pages) b.data(), p, still, map, theme);
            case BATCH -> pagePainter.pages(g, ((BeatData.Mixed) b.data()).pfns(), p, SESSION, still, map, null);
            case FDT -> {
                BeatData.Fdt d = (BeatData.Fdt) b.data();
                pagePainter.pop(g, PhysicalMemory.pfn(d.fdtPa()), d.fdt() + " FDT " + d.paths().get(Math.min(d.paths().size() - 1,
                        (int) (p * d.paths().size()))), FDT, p, still, map);
            }
            case LUO_SER -> {
                BeatData.Field d = (BeatData.Field) b.data();
                pagePainter.pop(g, PhysicalMemory.pfn(d.pa()), b.caption(), FDT, p, still, map);
            }
            case BLOCK_LINK, BLOCK_UNLINK -> pagePainter.links(g, (BeatData.Links) b.data(), p, still, map);
            case ENTRY -> entryPainter.flights(g, ((BeatData.Entries) b.data()).entries(), p, still, true, map);
            case ENTRY_BACK -> entryPainter.flights(g, ((BeatData.Entries) b.data()).entries(), p, still, false, map);
            case SESSION, FILE -> entryPainter.rows(g, (BeatData.Rows) b.data(), p, still);
            case KEXEC -> kexecPainter.kexec(g, (BeatData.Kexec) b.data(), p, still, map, theme);
            case SWEEP -> kexecPainter.sweep(g, v, (BeatData.Sweep) b.data(), p, still, map, theme);
            case FLOYD_STEP, FLOYD_MEET -> chainPainter.drawFloyd(g, b, still ? 1 : p, false);
            case CHAIN_OK -> chainPainter.chainOk(g, (BeatData.Chain) b.data(), p);
            case CHAIN_RED -> {
                BeatData.Chain c = (BeatData.Chain) b.data();
                int n = still ? c.chainPas().length : (int) Math.ceil(Math.min(1, p / 0.5) * c.chainPas().length);
                chainPainter.redChain(g, c.chainPas(), n);
            }
            case CORRUPTION, ERROR, PANIC, HANG -> failurePainter.ripple(g, b, p, still, map);
            default -> {
            }
        }
    }

    /** The markers of the last frame (what a test can check the picture by). */
    /** Where the Floyd key (T / H) was drawn in the last frame, null when it was not (for tests). */
    javafx.geometry.Rectangle2D floydLegend() {
        return chainPainter.legendBounds();
    }

    List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** The texts the pen wrote in the last frame, with their type and the tag or box around them. */
    List<Pen.Written> written() {
        return List.copyOf(written);
    }

    /** For tests: the texts currently shown in labels. */
    List<String> visibleTexts() {
        return labels.visibleTexts();
    }
}

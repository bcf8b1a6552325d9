package luolab.ui.anim;

import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import luolab.ui.event.SelectRange;
import luolab.ui.model.Background;
import luolab.ui.model.Frame;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.WorkbenchModel;

/**
 * Plays a run's {@link AnimationPlan} on the FX thread with an {@link AnimationTimer}: each pulse
 * advances the animation clock by the elapsed time × speed, moves the model to the position of the
 * beat at that time (the engine thread does the work; the FX thread only asks) and redraws the
 * overlay. It is the model's {@link WorkbenchModel.PlaybackDriver}, so Play, Space and the cycle
 * bar work as before; dragging the timeline or stepping while it plays makes it continue from
 * there. Plans are built off the FX thread.
 */
public final class Animator implements WorkbenchModel.PlaybackDriver {
    /** Speed multipliers offered (0.25× … 16×). */
    public static final List<Double> SPEEDS = List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0);

    private static final Background PLANNER = Background.oneThread("luolab-anim-plan");

    private final WorkbenchModel model;
    private final OverlayLayer overlay;
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 1);
    private final BooleanProperty reduceMotion = new SimpleBooleanProperty(this, "reduceMotion", false);
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<AnimationPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyObjectWrapper<Beat> beat = new ReadOnlyObjectWrapper<>(this, "beat");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", "");
    private final ReadOnlyDoubleWrapper clock = new ReadOnlyDoubleWrapper(this, "clock");

    /** The plan being built for the run on show: a newer run drops it. */
    private final Background.Latest planning = new Background.Latest(PLANNER);
    /** Position at which playing stops ({@link #playTo}; -1: the end). */
    private int stopAt = -1;
    /** Time shown by {@link #renderAt} while nothing plays (NaN: none). */
    private double pinned = Double.NaN;
    private boolean startWhenPlanned;
    private int beatIndex = -1;
    private int lastAsked = -1;
    private long lastNanos;
    private double wall;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };
    /** Keeps blinking bytes blinking while nothing plays (stopped when there is nothing to blink). */
    private final AnimationTimer idle = new AnimationTimer() {
        private long lastDraw;

        @Override
        public void handle(long now) {
            if (now - lastDraw > 60_000_000L) {
                lastDraw = now;
                wall = now / 1e9;
                renderResting();
            }
        }
    };

    public Animator(WorkbenchModel model, OverlayLayer overlay) {
        this.model = model;
        this.overlay = overlay;
        model.runProperty().addListener((o, a, r) -> runChanged(r));
        model.positionProperty().addListener((o, a, p) -> rerender());
        model.frameProperty().addListener((o, a, f) -> rerender());
        if (overlay != null) {
            model.theme().themeProperty().addListener((o, a, t) -> overlay.setTheme(t));
            overlay.setTheme(model.theme().get());
            // no redraw on the overlay's resize here: it redraws itself once the panes are laid out
        }
        enabled.addListener((o, a, on) -> {
            model.setPlaybackDriver(on ? this : null);
            if (!on && overlay != null) {
                overlay.clear();
                idle.stop();
            } else {
                renderResting();
            }
        });
        reduceMotion.addListener((o, a, b) -> rerender());
        if (enabled.get()) {
            model.setPlaybackDriver(this);
        }
        runChanged(model.runProperty().get());
    }

    // ---- properties ---------------------------------------------------------------------------

    public DoubleProperty speedProperty() {
        return speed;
    }

    public BooleanProperty reduceMotionProperty() {
        return reduceMotion;
    }

    /** Whether Play animates (true) or just steps through events at the model's events-per-second rate. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** Whether the animation switches the structure tab and the hex inspector to what it shows. */
    public BooleanProperty followProperty() {
        return follow;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AnimationPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public AnimationPlan plan() {
        return plan.get();
    }

    public ReadOnlyObjectProperty<Beat> beatProperty() {
        return beat.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** Seconds on the 1× clock. */
    public ReadOnlyDoubleProperty clockProperty() {
        return clock.getReadOnlyProperty();
    }

    OverlayLayer overlay() {
        return overlay;
    }

    /** Next faster (+1) or slower (-1) speed of {@link #SPEEDS}. */
    public void changeSpeed(int direction) {
        int i = 0;
        while (i < SPEEDS.size() - 1 && SPEEDS.get(i) < speed.get() - 1e-9) {
            i++;
        }
        speed.set(SPEEDS.get(Math.max(0, Math.min(SPEEDS.size() - 1, i + direction))));
    }

    // ---- plan ---------------------------------------------------------------------------------

    private void runChanged(LoadedRun r) {
        stopTimer();
        pinned = Double.NaN;
        plan.set(null);
        planning.cancel();
        beat.set(null);
        caption.set("");
        if (overlay != null) {
            overlay.clear();
        }
        if (r == null) {
            return;
        }
        planning.run(cancelled -> AnimationPlan.build(r.events()), p -> {
            plan.set(p);
            renderResting();
            if (startWhenPlanned) {
                startWhenPlanned = false;
                begin();
            }
        }, f -> {
            caption.set("animation unavailable: " + f.message());
            enabled.set(false);
        });
    }

    // ---- PlaybackDriver -----------------------------------------------------------------------

    @Override
    public void start() {
        if (plan.get() == null) {
            startWhenPlanned = true;
            return;
        }
        begin();
    }

    private void begin() {
        if (!model.playingProperty().get()) {
            return;
        }
        pinned = Double.NaN;
        seek(model.target());
        lastNanos = 0;
        running.set(true);
        idle.stop();
        timer.start();
    }

    /**
     * Animates from where the model is to {@code position} and stops there (for lessons: "run to"
     * with motion). Going back, or without a plan, it just moves there.
     */
    public void playTo(int position) {
        int target = Math.max(0, Math.min(model.totalProperty().get(), position));
        if (!enabled.get() || plan.get() == null || target <= model.target()) {
            model.pause();
            model.goTo(target);
            return;
        }
        if (model.playingProperty().get() && model.playbackDriver() == this) {
            stopAt = target;
            return;
        }
        model.play();
        stopAt = target;
    }

    @Override
    public void stop() {
        stopAt = -1;
        startWhenPlanned = false;
        stopTimer();
        renderResting();
    }

    private void stopTimer() {
        timer.stop();
        running.set(false);
        lastAsked = -1;
    }

    /** Puts the clock at the earliest time the model is at {@code position}. */
    private void seek(int position) {
        AnimationPlan p = plan.get();
        clock.set(p.timeOf(position));
        beatIndex = -1;
        lastAsked = position;
    }

    // ---- one pulse ----------------------------------------------------------------------------

    private void pulse(long now) {
        AnimationPlan p = plan.get();
        if (p == null || model.runProperty().get() == null) {
            model.pause();
            return;
        }
        if (lastAsked >= 0 && model.target() != lastAsked) {
            seek(model.target()); // the user moved the timeline or stepped: continue from there
        }
        double dt = lastNanos == 0 ? 0 : Math.min(0.5, (now - lastNanos) / 1e9);
        lastNanos = now;
        wall = now / 1e9;
        advance(clock.get() + dt * speed.get());
    }

    /** Moves the animation to time {@code t} (1× seconds): model position, beat, overlay. */
    void advance(double t) {
        AnimationPlan p = plan.get();
        if (p == null) {
            return;
        }
        t = noStoryBeatSkipped(p, t);
        clock.set(Math.min(t, p.totalSeconds()));
        if (t >= p.totalSeconds()) {
            ask(p.events());
            beat.set(null);
            model.pause();
            renderResting();
            return;
        }
        int i = p.beatAtTime(t);
        Beat b = p.beat(i);
        if (i != beatIndex) {
            beatIndex = i;
            enter(b);
        }
        double progress = b.duration() <= 0 ? 1 : (t - p.start(i)) / b.duration();
        int want = reduceMotion.get() ? b.to() : b.positionAt(progress);
        if (stopAt >= 0 && want >= stopAt) {
            int at = stopAt;
            ask(at);
            clock.set(p.timeOf(at));
            model.pause();
            return;
        }
        ask(want);
        if (overlay != null) {
            overlay.render(new OverlayLayer.View(p, i, progress, model.positionProperty().get(), reduceMotion.get(),
                    wall, basePfn()));
        }
    }

    /**
     * A slow machine at high speed may cover several beats in one pulse. Repetitive beats may then go
     * by unseen, but a story beat (kexec, sweep, Floyd, a rejected chain, panic …) gets at least one
     * frame: the clock stops a little way into it and the animation runs late instead.
     */
    private double noStoryBeatSkipped(AnimationPlan p, double t) {
        int from = p.beatAtTime(clock.get()) + 1;
        int to = t >= p.totalSeconds() ? p.size() : p.beatAtTime(t);
        for (int k = Math.max(0, from); k < to; k++) {
            Beat b = p.beat(k);
            if (!b.kind().compressible() && b.duration() > 0) {
                return p.start(k) + Math.min(0.35 * b.duration(), 0.4);
            }
        }
        return t;
    }

    private void ask(int position) {
        if (position != lastAsked || model.target() != position) {
            lastAsked = position;
            model.goTo(position);
        }
    }

    /** A beat begins: caption, and (when following) the pane and bytes it is about. */
    private void enter(Beat b) {
        beat.set(b);
        caption.set(b.caption());
        if (!follow.get() || overlay == null) {
            return;
        }
        overlay.at.refresh();
        switch (b.kind()) {
            case ENTRY, ENTRY_BACK -> {
                overlay.at.showTab("session");
                List<BeatData.Entry> es = ((BeatData.Entries) b.data()).entries();
                overlay.at.scrollTableTo(es.get(0).session(), b.kind() == BeatKind.ENTRY_BACK);
            }
            case SESSION, FILE -> {
                overlay.at.showTab("session");
                overlay.at.scrollTableTo(((BeatData.Rows) b.data()).sessions().get(0), false);
            }
            case FLOYD_STEP, FLOYD_MEET, CHAIN_OK, CHAIN_RED -> {
                overlay.at.showTab("chain");
                long head = b.data() instanceof BeatData.Floyd f ? f.headPa() : ((BeatData.Chain) b.data()).headPa();
                overlay.at.zoomMapAround(luolab.engine.memory.PhysicalMemory.pfn(head), 12, 28);
            }
            default -> {
            }
        }
        List<BeatData.Range> blame = blameOf(b);
        if (!blame.isEmpty()) {
            BeatData.Range r = blame.get(0);
            model.select(new SelectRange(r.pa(), r.length()));
        }
    }

    static List<BeatData.Range> blameOf(Beat b) {
        if (b.data() instanceof BeatData.Chain c) {
            return c.offending();
        }
        if (b.data() instanceof BeatData.Failure f && !b.kind().endsKernel()) {
            return f.offending();
        }
        return List.of();
    }

    /**
     * Renders the animation as it is at time {@code t} without playing (for frame strips, tests and
     * presenter tools): the model is asked for the position, the overlay drawn for that time.
     */
    public void renderAt(double t) {
        AnimationPlan p = plan.get();
        if (p == null || running.get()) {
            return;
        }
        pinned = t;
        wall = t;
        if (t >= p.totalSeconds()) {
            clock.set(p.totalSeconds());
            ask(p.events());
            beat.set(null);
            pinned = Double.NaN;
            renderResting();
            return;
        }
        int i = p.beatAtTime(t);
        Beat b = p.beat(i);
        clock.set(t);
        if (beatIndex != i || beat.get() != b) {
            beatIndex = i;
            enter(b);
        }
        double progress = b.duration() <= 0 ? 1 : (t - p.start(i)) / b.duration();
        ask(reduceMotion.get() ? b.to() : b.positionAt(progress));
        if (overlay != null) {
            overlay.render(new OverlayLayer.View(p, i, progress, model.positionProperty().get(), reduceMotion.get(),
                    wall, basePfn()));
        }
    }

    /** Leaves a picture made by {@link #renderAt}: the overlay shows the resting state again. */
    public void unpin() {
        pinned = Double.NaN;
        renderResting();
    }

    // ---- skipping -----------------------------------------------------------------------------

    /** Finishes the current beat at once and goes on with the next. */
    public void skipBeat() {
        AnimationPlan p = plan.get();
        if (p == null) {
            return;
        }
        int i = beatIndex >= 0 ? beatIndex : p.beatAtTime(p.timeOf(model.target()));
        if (i < 0) {
            return;
        }
        double end = p.end(i);
        if (running.get()) {
            advance(end + 1e-9);
        } else {
            model.goTo(p.beat(i).to());
        }
    }

    /** Skips the animation: the model jumps to the end of the run, showing the final state. */
    public void skipAll() {
        AnimationPlan p = plan.get();
        if (model.runProperty().get() == null) {
            return;
        }
        model.pause();
        stopTimer();
        pinned = Double.NaN;
        beat.set(null);
        model.goTo(model.totalProperty().get());
        if (p != null) {
            clock.set(p.totalSeconds());
            List<Beat> sticky = p.stickyAt(p.events());
            caption.set(sticky.isEmpty() ? "end of the run" : sticky.get(sticky.size() - 1).caption());
            if (follow.get() && overlay != null) {
                overlay.at.refresh();
                for (int k = sticky.size() - 1; k >= 0; k--) {
                    List<BeatData.Range> blame = blameOf(sticky.get(k));
                    if (!blame.isEmpty()) {
                        if (sticky.get(k).kind() == BeatKind.CHAIN_RED) {
                            overlay.at.showTab("chain");
                        }
                        model.select(new SelectRange(blame.get(0).pa(), blame.get(0).length()));
                        break;
                    }
                }
            }
        }
        renderResting();
    }

    // ---- drawing while nothing moves ------------------------------------------------------------

    private void rerender() {
        if (running.get()) {
            return; // the next pulse redraws
        }
        if (!Double.isNaN(pinned) && model.target() != lastAsked) {
            pinned = Double.NaN; // the user moved: the picture is gone
        }
        if (!Double.isNaN(pinned)) {
            renderAt(pinned);
        } else {
            clockToPosition();
            renderResting();
        }
    }

    /**
     * Stepping (lesson beats, arrow keys, the slider) moves the model without the animation: the clock
     * then shows the time of the new position, which is also where Play starts from (see begin()).
     * It read "0.0 / 46.7 s" through a whole stepped lesson. A clock that already maps to the position
     * (paused mid-beat, after "skip to end") is left as it is.
     */
    private void clockToPosition() {
        AnimationPlan p = plan.get();
        int pos = model.positionProperty().get();
        if (p != null && model.runProperty().get() != null && p.positionAt(clock.get()) != pos) {
            clock.set(p.timeOf(pos));
        }
    }

    private void renderResting() {
        if (overlay == null || running.get() || !Double.isNaN(pinned)) {
            return;
        }
        AnimationPlan p = plan.get();
        if (!enabled.get() || p == null || model.runProperty().get() == null) {
            overlay.clear();
            idle.stop();
            return;
        }
        int pos = model.positionProperty().get();
        overlay.render(new OverlayLayer.View(p, -1, 0, pos, reduceMotion.get(), wall, basePfn()));
        boolean blinking = !reduceMotion.get() && p.stickyAt(pos).stream().anyMatch(b -> !blameOf(b).isEmpty());
        if (blinking) {
            idle.start();
        } else {
            idle.stop();
        }
    }

    private long basePfn() {
        Frame f = model.frame();
        return f == null ? 0 : f.basePfn();
    }

    /** The texts the overlay shows now (panic banner, callout, caption, phase card). */
    public List<String> overlayTexts() {
        return overlay == null ? List.of() : overlay.visibleTexts();
    }
}

package luolab.ui.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.ui.event.ClearSelection;
import luolab.ui.event.EventBus;
import luolab.ui.event.SelectionEvent;
import luolab.ui.event.UserError;

/**
 * The workbench's presentation model: read-only properties for what the views show and the few
 * commands that change it. Lives on the FX thread; the machine itself lives on the
 * {@link EngineThread}, which sends back {@link Frame}s (coalesced: at most one pending
 * {@code runLater} at a time, so a fast engine never floods the FX queue).
 */
public final class WorkbenchModel {
    /** Playback speeds in events per second. */
    public static final List<Double> SPEEDS = Playback.SPEEDS;

    private final EventBus bus = new EventBus();
    private final ScenarioRuns runs;
    private final EngineThread engine;
    /** Jobs and re-runs on the engine thread (re-runs guarded by the backend's heap policy). */
    private final EngineJobs jobs;
    /** Recently opened scenario files. */
    private final ScenarioFiles files;
    /** Frames from the engine thread: the FX thread applies only the latest. */
    private final Background.Coalescer<Frame> frames = new Background.Coalescer<>(this::apply);

    private final ReadOnlyObjectWrapper<LoadedRun> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.RUNNING);
    private final ReadOnlyObjectWrapper<TraceEvent> currentEvent = new ReadOnlyObjectWrapper<>(this, "currentEvent");
    private final ReadOnlyObjectWrapper<SelectionEvent> selection =
            new ReadOnlyObjectWrapper<>(this, "selection", new ClearSelection());
    private final ThemeModel theme = new ThemeModel();
    private final ZoomModel zoom = new ZoomModel();
    private final Playback playback = new Playback(this, this::goTo, () -> this.target, total::get);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No scenario loaded");

    /** Requests to show another run, numbered in the order the user made them ({@link #requestShow}). */
    private final ShowRequest.Sequence showRequests = new ShowRequest.Sequence();
    /** The request of the scenario file being run by {@link #runs}. */
    private ShowRequest openRequest;

    /** Position the user asked for; the displayed {@link #positionProperty()} follows it. */
    private int target;
    private int[] phaseStarts = new int[0];
    private final PageWatches watches;

    /**
     * Something that drives playback instead of the plain events-per-second timer (the animator in
     * luolab.ui.anim). It moves the model with {@link #goTo} and calls {@link #pause()} at the end.
     */
    public interface PlaybackDriver {
        void start();

        void stop();
    }

    /** Plays with {@code d} from now on (null: the events-per-second timer). Pauses first. */
    public void setPlaybackDriver(PlaybackDriver d) {
        playback.setDriver(d);
    }

    public PlaybackDriver playbackDriver() {
        return playback.driver();
    }

    public WorkbenchModel(ScenarioBackend backend) {
        this(backend, RecentFiles.standard());
    }

    public WorkbenchModel(ScenarioBackend backend, RecentFiles recentStore) {
        this.files = new ScenarioFiles(recentStore);
        this.engine = new EngineThread(frames::offer);
        this.watches = new PageWatches(engine::watch);
        this.runs = new ScenarioRuns(backend, status::set, new ScenarioRuns.Listener() {
            @Override
            public void finished(Path file, LoadedRun r) {
                if (openRequest == null || !openRequest.superseded()) {
                    files.opened(file);
                    load(r);
                }
            }

            @Override
            public void cancelled(Path file, String message) {
                statusStillShowing(message);
            }

            @Override
            public void failed(Path file, String message) {
                status.set("Could not open " + file.getFileName());
                bus.publish(new UserError("Cannot open " + file.getFileName(), message));
            }
        });
        this.jobs = new EngineJobs(engine, runs, backend.runner(), bus, this::pause, this::updateBusy, this::statusStillShowing);
        runs.runningProperty().addListener((o, a, b) -> updateBusy());
        bus.subscribe(SelectionEvent.class, selection::set);
    }

    // ---- properties ---------------------------------------------------------------------------

    public EventBus bus() {
        return bus;
    }

    public ReadOnlyObjectProperty<LoadedRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Frame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public Frame frame() {
        return frame.get();
    }

    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TraceEvent> currentEventProperty() {
        return currentEvent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SelectionEvent> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    /** The look: light or dark, and the command that switches it. */
    public ThemeModel theme() {
        return theme;
    }

    /** The memory map's zoom, shown in the status bar. */
    public ZoomModel zoom() {
        return zoom;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playback.playing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty speedProperty() {
        return playback.speed.getReadOnlyProperty();
    }

    /** True while a scenario runs or an engine job (a re-run for a corruption …) is pending. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Scenario files being run: running, progress, cancel. */
    public ScenarioRuns runs() {
        return runs;
    }

    private void updateBusy() {
        busy.set(jobs.pending() > 0 || runs.isRunning());
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<Path> recentFiles() {
        return files.recent();
    }

    /** Position the model is heading for (equals {@link #positionProperty()} once the engine caught up). */
    public int target() {
        return target;
    }

    /** Event index at which each phase starts (-1 if the run never reaches it). */
    public int phaseStart(Phase p) {
        return p.ordinal() < phaseStarts.length ? phaseStarts[p.ordinal()] : -1;
    }

    // ---- commands -----------------------------------------------------------------------------

    /**
     * Registers a request to show another run; every earlier one is superseded from now on. A
     * scenario file still being run for an earlier request is cancelled: its result could only be
     * dropped.
     */
    public ShowRequest requestShow() {
        runs.drop();
        return showRequests.next();
    }

    /**
     * Opens a scenario file: runs it off the FX thread ({@link ScenarioRuns}: progress, cancel; a
     * run already in progress is cancelled), shows it when done, reports failures. Until then the
     * run on show stays as it is, and stays if the new one is cancelled or fails.
     */
    public void open(Path file) {
        if (file == null) {
            return;
        }
        pause();
        openRequest = requestShow();
        runs.start(file);
    }

    /** Cancels the scenario run in progress, if any (the run on show stays); false if none runs. */
    public boolean cancelRun() {
        return runs.cancel();
    }

    /** Shows a finished run, from its first scenario step ({@link #startPosition}). */
    public void load(LoadedRun r) {
        load(r, startPosition(r.events()));
    }

    /**
     * Shows a finished run at event {@code start} (a re-run of the same scenario keeps the user's
     * place). This is itself the latest request to show something: whoever computed {@code r} in
     * the background checks its {@link ShowRequest} first.
     */
    public void load(LoadedRun r, int start) {
        requestShow();
        pause();
        List<TraceEvent> ev = r.events();
        phaseStarts = RunEvents.phaseStarts(ev);
        target = Math.max(0, Math.min(ev.size(), start));
        frames.clear();
        frame.set(null);
        position.set(0); // before the new run: listeners of run must not see the old run's position
        run.set(r);
        total.set(ev.size());
        position.set(target);
        currentEvent.set(target == 0 ? null : ev.get(target - 1));
        phase.set(target == 0 ? Phase.RUNNING : ev.get(target - 1).phase());
        bus.publish(new ClearSelection());
        status.set(r.summary() != null ? r.summary() : r.title() + " — " + ev.size() + " events");
        engine.load(r, target);
    }

    /**
     * Runs {@code job} on the engine thread (after whatever it is doing), then hands its result to
     * {@code done} on the FX thread; a failure becomes an error dialog titled {@code what}.
     */
    public <T> void runOnEngine(String what, java.util.concurrent.Callable<T> job, java.util.function.Consumer<T> done) {
        runOnEngine(what, job, done, () -> { });
    }

    /** As above; {@code failed} runs after the error dialog when the job throws. */
    public <T> void runOnEngine(String what, java.util.concurrent.Callable<T> job, java.util.function.Consumer<T> done,
            Runnable failed) {
        jobs.runOnEngine(what, job, done, failed);
    }

    /** A re-run's work on the engine thread, with the run indicator's progress and cancel. */
    @FunctionalInterface
    public interface RerunJob<T> {
        T run(GuardedRunner runner, ScenarioBackend.Progress progress, java.util.function.BooleanSupplier cancelled)
                throws Exception;
    }

    /**
     * Re-runs the scenario on show with a change (a Session command, an injection): on the engine
     * thread like {@link #runOnEngine}, and guarded and shown like an opened file — {@code job} runs
     * through {@link GuardedRunner} (trace off when a FULL trace would not fit, heap watchdog) and
     * the status bar's progress bar, Cancel and Esc act on it ({@link ScenarioRuns#track}); its
     * reports say what runs, so call it after {@link #requestShow} (which would drop it).
     * {@code done} gets the result on the FX thread; the caller still checks {@code request}. A
     * failure becomes an error dialog titled {@code what}, unless the user cancelled it (the status
     * line says so) or {@code request} was superseded (nobody wants it); {@code failed} gets the
     * message in every one of these cases. {@code name} names the run in "Cancelling …".
     */
    public <T> void rerun(String what, String name, ShowRequest request, RerunJob<T> job, java.util.function.Consumer<T> done,
            java.util.function.Consumer<String> failed) {
        jobs.rerun(what, name, request, job, done, failed);
    }

    /** "Cancelled … — still showing <the run on show>". */
    private void statusStillShowing(String message) {
        LoadedRun shown = run.get();
        status.set(message + (shown == null ? "" : " — still showing " + shown.title()));
    }

    /**
     * Where a freshly loaded run is shown: just after the first scenario step mark (the machine has
     * booted, the scenario's first step is next), or the very start if the run has no step marks.
     */
    public static int startPosition(List<TraceEvent> ev) {
        return RunEvents.startPosition(ev);
    }

    public void goTo(int index) {
        if (run.get() == null) {
            return;
        }
        target = Math.max(0, Math.min(total.get(), index));
        engine.goTo(target);
    }

    /** The next event; a run of page-metadata changes from one call is one step ({@link EventSteps}). */
    public void stepForward() {
        LoadedRun r = run.get();
        goTo(r == null ? target + 1 : EventSteps.next(r.events(), target));
    }

    /** Back one event, or over a whole run of page-metadata changes. */
    public void stepBack() {
        LoadedRun r = run.get();
        goTo(r == null ? target - 1 : EventSteps.previous(r.events(), target));
    }

    public void home() {
        goTo(0);
    }

    public void end() {
        goTo(total.get());
    }

    /** To just after the next phase change (the end if there is none). */
    public void nextPhase() {
        LoadedRun r = run.get();
        if (r == null) {
            return;
        }
        goTo(RunEvents.nextPhase(r.events(), target));
    }

    /** Back to the start of the current phase, or of the previous one when already at its start. */
    public void previousPhase() {
        LoadedRun r = run.get();
        if (r == null) {
            return;
        }
        goTo(RunEvents.previousPhase(r.events(), target));
    }

    public void togglePlay() {
        if (playback.playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void play() {
        playback.play(run.get() != null);
    }

    public void pause() {
        playback.pause();
    }

    public void setSpeed(double eventsPerSecond) {
        playback.setSpeed(eventsPerSecond);
    }

    /** Next faster (+1) or slower (-1) entry of {@link #SPEEDS}. */
    public void changeSpeed(int direction) {
        playback.changeSpeed(direction);
    }

    public void select(SelectionEvent s) {
        bus.publish(s);
    }

    public void setStatus(String s) {
        status.set(s);
    }

    /** A view asks to see the bytes of these pages in every frame (replaces its previous request). */
    public void watch(String who, Set<Long> pfns) {
        watches.watch(who, pfns);
    }

    /** Asks the engine to parse the handover state (KHO FDT, luo_ser, block chains) into every frame. */
    public void setAnalyzeHandover(boolean on) {
        engine.analyze(on);
    }

    /** Saves the current scenario's JSON text to {@code file}. */
    public void saveScenario(Path file) {
        ScenarioFiles.save(run.get(), file, bus, status::set);
    }

    // ---- frames from the engine ----------------------------------------------------------------

    private void apply(Frame f) {
        if (f.run() != run.get()) {
            return; // a frame of a run that was replaced meanwhile
        }
        frame.set(f);
        position.set(f.position());
        currentEvent.set(f.current());
        phase.set(f.phase());
    }

    /** For tests and the status bar: all events before the current position matching a type. */
    public <T extends TraceEvent> List<T> eventsSoFar(Class<T> type) {
        LoadedRun r = run.get();
        return r == null ? new ArrayList<>() : RunEvents.before(r.events(), position.get(), type);
    }
}

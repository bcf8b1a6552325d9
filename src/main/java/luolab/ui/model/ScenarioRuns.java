package luolab.ui.model;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * Runs opened scenario files on their own thread, one at a time, with progress and cancel.
 *
 * <p>Not on the {@link EngineThread}: a run builds a fresh machine and touches nothing the shown
 * run owns, so the engine thread keeps stepping the shown run while a long one (scale-1m-files:
 * tens of seconds) is built. The FX thread only starts runs and applies results; it never waits.
 * Progress reports are coalesced (at most one {@code runLater} pending per run), so a million
 * callbacks cost the FX queue nothing. The latest request wins: opening another file cancels the
 * run in progress, whose result is then dropped. Lives on the FX thread.
 *
 * <p>A re-run of the scenario on show (a Session command, an injection) runs on the engine thread,
 * not here, but is as long on a big scenario: {@link #track} gives it the same indicator, progress
 * and cancel, so the user sees one kind of long run whatever started it.
 */
public final class ScenarioRuns {
    /** What happens when a run ends (called on the FX thread, only for the run still current). */
    interface Listener {
        void finished(Path file, LoadedRun run);

        void cancelled(Path file, String message);

        void failed(Path file, String message);
    }

    private record Report(String text, double fraction) {
    }

    /** A run shown by the indicator but run elsewhere ({@link #track}). */
    public interface Tracked {
        /** Any thread: a status line and the share done (0..1; -1 unknown), coalesced like a file run's. */
        void report(String text, double fraction);

        /** Any thread: the user cancelled it, or a later request dropped it. */
        boolean cancelled();
    }

    private final ScenarioBackend backend;
    private final Consumer<String> status;
    private final Listener listener;
    private final Background worker = Background.oneThread("luolab-scenario");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private Job current;

    ScenarioRuns(ScenarioBackend backend, Consumer<String> status, Listener listener) {
        this.backend = backend;
        this.status = status;
        this.listener = listener;
    }

    /** True while a run is in progress. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Share of the current run's work done, 0..1; -1 while not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** The file being run, or null (also while a tracked re-run runs). */
    public Path file() {
        return current == null ? null : current.file;
    }

    /**
     * Shows a run made elsewhere (a re-run on the engine thread, called {@code name} in messages) as
     * the run in progress: progress, Cancel and Esc act on it; a run already in progress is
     * cancelled and dropped. Call {@link #end(Tracked)} once it is over.
     */
    Tracked track(String name) {
        drop();
        Job j = new Job(null, name);
        current = j;
        progress.set(-1);
        running.set(true);
        return j;
    }

    /** A tracked run is over: hides the indicator if it is still the current run; false if it was dropped meanwhile. */
    boolean end(Tracked t) {
        return ((Job) t).end();
    }

    /** Runs {@code file}; a run already in progress is cancelled and its result dropped. */
    void start(Path file) {
        drop();
        Job j = new Job(file, file.getFileName().toString());
        current = j;
        progress.set(-1);
        running.set(true);
        status.accept("Running " + file.getFileName() + " …");
        j.run();
    }

    /** Asks the current run to stop (it stops at the next step or iteration); false if none runs. */
    public boolean cancel() {
        if (current == null) {
            return false;
        }
        if (current.cancel.compareAndSet(false, true)) {
            status.accept("Cancelling " + current.name + " …");
        }
        return true;
    }

    /** Cancels the current run without a word: something else is being shown instead. */
    void drop() {
        if (current != null) {
            current.cancel.set(true);
            current = null;
            running.set(false);
            progress.set(-1);
        }
    }

    private final class Job implements Tracked {
        /** The file run here; null for a tracked run. */
        final Path file;
        final String name;
        final AtomicBoolean cancel = new AtomicBoolean();
        /** Progress reports: the FX thread shows only the latest, while this run is current and not cancelled. */
        final Background.Coalescer<Report> reports = new Background.Coalescer<>(r -> {
            if (current == this && !cancel.get()) {
                status.accept(r.text());
                progress.set(r.fraction());
            }
        });

        Job(Path file, String name) {
            this.file = file;
            this.name = name;
        }

        @Override
        public boolean cancelled() {
            return cancel.get();
        }

        /** Runs the file on the scenario thread; the outcome is handled on the FX thread, if this run is still current. */
        void run() {
            worker.run(() -> {
                if (cancel.get()) {
                    // cancelled while still waiting for the previous run to wind down
                    throw new RunCancelled("Cancelled " + file.getFileName() + " before it started");
                }
                return backend.load(file, this::report, cancel::get);
            }, r -> {
                if (end()) {
                    if (cancel.get()) {
                        // cancel came after the last poll: the user still asked for the run not to be shown
                        listener.cancelled(file, "Cancelled " + r.title() + " (it had just finished)");
                    } else {
                        listener.finished(file, r);
                    }
                }
            }, f -> {
                if (!end()) {
                    return;
                }
                if (f.cause() instanceof RunCancelled) {
                    listener.cancelled(file, f.message());
                } else if (f.cause() instanceof ScenarioException) {
                    listener.failed(file, f.message());
                } else {
                    // a bug, or an OutOfMemoryError outside the runner: a message, never a stack trace
                    listener.failed(file, "The scenario could not be run: " + f.message());
                }
            });
        }

        /** On the running thread. */
        @Override
        public void report(String text, double fraction) {
            reports.offer(new Report(text, fraction));
        }

        /** On the FX thread: whether this run is still the current one (then it no longer is). */
        private boolean end() {
            if (current != this) {
                return false; // superseded: a newer request owns the status bar
            }
            current = null;
            running.set(false);
            progress.set(-1);
            return true;
        }
    }
}

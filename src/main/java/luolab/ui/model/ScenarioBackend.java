package luolab.ui.model;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns a scenario file into a finished run. Called on a worker thread, never on the FX thread.
 * Failures are reported as {@link ScenarioException} whose message is shown to the user as is.
 */
@FunctionalInterface
public interface ScenarioBackend {
    LoadedRun load(Path scenarioFile) throws ScenarioException;

    /** As {@link #load(Path)}, reporting progress lines ("step 3/12: create_session …") on the way. */
    default LoadedRun load(Path scenarioFile, Consumer<String> progress) throws ScenarioException {
        return load(scenarioFile);
    }

    /** Where a run is: a line for the status bar and the share of its work done (0..1; -1 unknown). */
    @FunctionalInterface
    interface Progress {
        void report(String text, double fraction);
    }

    /**
     * As {@link #load(Path, Consumer)}, with the share of work done, stopping early once
     * {@code cancelled} says so: then it throws {@link RunCancelled} and nothing of the run is kept.
     * {@code progress} is called on the running thread, possibly often.
     */
    default LoadedRun load(Path scenarioFile, Progress progress, BooleanSupplier cancelled) throws ScenarioException {
        return load(scenarioFile, text -> progress.report(text, -1));
    }

    /**
     * How the workbench re-runs an edited scenario (a Session command, an injection): the same heap
     * policy as this backend's own runs, so a scenario opened with the trace off is re-run with it off.
     */
    default GuardedRunner runner() {
        return GuardedRunner.jvm();
    }
}

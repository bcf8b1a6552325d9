package luolab.ui.model;

import java.nio.file.Path;

/**
 * Turns a scenario file into a finished run. Called on a worker thread, never on the FX thread.
 * Failures are reported as {@link ScenarioException} whose message is shown to the user as is.
 */
@FunctionalInterface
public interface ScenarioBackend {
    LoadedRun load(Path scenarioFile) throws ScenarioException;

    /** As {@link #load(Path)}, reporting progress lines ("step 3/12: create_session …") on the way. */
    default LoadedRun load(Path scenarioFile, java.util.function.Consumer<String> progress) throws ScenarioException {
        return load(scenarioFile);
    }
}

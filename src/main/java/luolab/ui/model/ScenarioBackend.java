package luolab.ui.model;

import java.nio.file.Path;

/**
 * Turns a scenario file into a finished run. Called on a worker thread, never on the FX thread.
 * Failures are reported as {@link ScenarioException} whose message is shown to the user as is.
 */
@FunctionalInterface
public interface ScenarioBackend {
    LoadedRun load(Path scenarioFile) throws ScenarioException;
}

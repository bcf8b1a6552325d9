package luolab.ui.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import luolab.engine.trace.Trace;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;

/**
 * Opens scenario files for the product: parses them with the scenario loader and runs them with
 * the {@link ScenarioRunner} on a fresh machine with a FULL trace, so every event can be stepped
 * through both ways. Called on the engine thread.
 */
public final class EngineScenarioBackend implements ScenarioBackend {
    @Override
    public LoadedRun load(Path file) throws ScenarioException {
        return load(file, s -> { });
    }

    @Override
    public LoadedRun load(Path file, Consumer<String> progress) throws ScenarioException {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        Scenario s;
        try {
            s = new ScenarioLoader().loadFile(file);
        } catch (luolab.scenario.ScenarioException e) {
            throw new ScenarioException(file.getFileName() + " is not a valid scenario:\n" + e.getMessage());
        }
        progress.accept("Running " + s.name() + " …");
        RunResult r;
        try {
            r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.FULL).withProgress(p ->
                    progress.accept(String.format("Running %s: step %d/%d %s", s.name(), Math.min(p.step() + 1, p.steps()),
                            p.steps(), p.description()))));
        } catch (RuntimeException | OutOfMemoryError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ScenarioException("The engine stopped while running " + s.name() + ": " + why);
        }
        var sum = r.summary();
        String summary = String.format("%s — %,d events, %d boot%s, expectations %d met / %d failed%s", s.name(),
                r.trace().size(), sum.boots(), sum.boots() == 1 ? "" : "s", sum.expectationsMet(),
                sum.expectationsFailed(), sum.panicked() ? ", kernel panicked" : "");
        return new LoadedRun(s.name(), file, json, r.machine().memory(), r.trace().events(), s.abi(), summary);
    }
}

package luolab.ui.model;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import luolab.engine.trace.Trace;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepRegistry;

/**
 * Opens scenario files for the product: checks the file is a readable JSON scenario, parses it and
 * runs it with the scenario runner (FULL trace, so the workbench can step through every byte).
 */
public final class EngineScenarioBackend implements ScenarioBackend {
    @Override
    public LoadedRun load(Path file) throws ScenarioException {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        validate(file, json);
        return run(file, json, StepRegistry.standard()).loaded();
    }

    /** A parsed and finished run: what the workbench shows, and the runner's own result. */
    public record Ran(LoadedRun loaded, Scenario scenario, RunResult result) {
    }

    /** Parses {@code json} (named after {@code file}) with {@code registry}'s ops and runs it with a FULL trace. */
    public static Ran run(Path file, String json, StepRegistry registry) throws ScenarioException {
        String name = file == null ? "scenario.json" : file.getFileName().toString();
        Scenario s;
        try {
            s = new ScenarioParser(registry).parse(name, json);
        } catch (luolab.scenario.ScenarioException e) {
            throw new ScenarioException(e.getMessage());
        }
        RunResult r = new ScenarioRunner(registry).run(s, RunOptions.of(Trace.Mode.FULL));
        String title = s.name() == null || s.name().isBlank() ? name : s.name();
        return new Ran(new LoadedRun(title, file, json, r.machine().memory(), r.trace().events()), s, r);
    }

    /** Throws a readable error unless {@code json} is a JSON object. */
    public static void validate(Path file, String json) throws ScenarioException {
        try {
            var el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new ScenarioException(file.getFileName() + " is not a scenario: expected a JSON object.");
            }
        } catch (JsonSyntaxException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ScenarioException(file.getFileName() + " is not valid JSON: " + why);
        }
    }
}

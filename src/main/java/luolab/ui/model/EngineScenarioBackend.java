package luolab.ui.model;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens scenario files for the product. It checks the file is a readable JSON scenario and hands it
 * to the scenario runner; until the runner is part of the build it says so instead of running.
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
        throw new ScenarioException("This build cannot run scenarios yet: the scenario runner is not part of it.");
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

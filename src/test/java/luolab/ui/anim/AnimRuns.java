package luolab.ui.anim;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import luolab.engine.trace.Trace;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.ui.model.LoadedRun;

/**
 * Real engine runs of built-in scenarios and lessons with a FULL trace. Every call runs anew: a
 * window's stepper moves its run's memory to the position shown, so a run shared with a later
 * test would reach it at some earlier event while its new stepper believes it is at the end.
 */
public final class AnimRuns {

    private AnimRuns() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("luolab.project.dir", "."));
    }

    /** The scenario embedded in assets/lessons/{id}.json. */
    public static LoadedRun lesson(String id) {
        Path file = projectDir().resolve("assets/lessons/" + id + ".json");
        try (Reader r = Files.newBufferedReader(file)) {
            Scenario s = new ScenarioParser().parseMember(file.getFileName().toString(), r, "scenario");
            return run(s, "lesson " + id, Files.readString(file));
        } catch (Exception e) {
            throw new IllegalStateException("cannot run lesson " + id + ": " + e.getMessage(), e);
        }
    }

    /** A built-in scenario (assets/scenarios/{name}.json). */
    public static LoadedRun builtin(String name) {
        try {
            Scenario s = new ScenarioLoader().load(name);
            return run(s, name, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
        }
    }

    private static LoadedRun run(Scenario s, String title, String json) {
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.FULL));
        if (!r.ok()) {
            throw new IllegalStateException(title + " did not run green");
        }
        return new LoadedRun(title, null, json, r.machine().memory(), r.trace().events());
    }
}

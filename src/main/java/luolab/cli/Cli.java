package luolab.cli;

import java.nio.file.Path;
import luolab.engine.trace.Trace;
import luolab.scenario.MemoryImage;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioException;
import luolab.scenario.ScenarioLoader;

/** Helpers shared by the commands. */
final class Cli {
    private Cli() {
    }

    static Scenario loadScenario(String ref) {
        try {
            return new ScenarioLoader().load(ref);
        } catch (ScenarioException e) {
            throw new CliException(e.getMessage());
        }
    }

    static MemoryImage.Loaded loadImage(Path dir) {
        try {
            return MemoryImage.read(dir);
        } catch (MemoryImage.ImageException e) {
            throw new CliException(e.getMessage());
        }
    }

    static Trace.Mode traceMode(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "full" -> Trace.Mode.FULL;
            case "coarse" -> Trace.Mode.COARSE;
            case "off" -> Trace.Mode.OFF;
            default -> throw new CliException("bad --trace \"" + s + "\" (use full, coarse or off)");
        };
    }
}

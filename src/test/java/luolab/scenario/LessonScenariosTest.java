package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lessons embed scenarios "in the same vocabulary": they must load and run green here too. */
class LessonScenariosTest {
    static Stream<Path> lessons() throws IOException {
        Path dir = Path.of(System.getProperty("luolab.project.dir", "."), "assets", "lessons");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void lessonScenarioRunsGreen(Path lesson) throws IOException {
        Scenario s;
        try (Reader r = Files.newBufferedReader(lesson)) {
            s = new ScenarioParser().parseMember(lesson.getFileName().toString(), r, "scenario");
        } catch (ScenarioException e) {
            // ops other engineers will register (corrupt, …) are not this package's business
            Assumptions.assumeFalse(e.getMessage().contains("unknown op \"corrupt\""), e.getMessage());
            throw new AssertionError(e.getMessage());
        }
        RunResult r = new ScenarioRunner().run(s, Trace.Mode.OFF);
        assertTrue(r.ok(), lesson + ":\n" + r.outcomes().stream().filter(o -> !o.ok())
                .map(o -> "step " + o.path() + " " + o.description() + ": " + o.message()).collect(Collectors.joining("\n")));
    }
}

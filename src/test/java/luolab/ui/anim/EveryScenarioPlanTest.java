package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import luolab.scenario.ScenarioLoader;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in scenario and lesson (but the million-file scale run) animates: full cover, under a minute. */
class EveryScenarioPlanTest {
    static Stream<String> builtins() {
        return ScenarioLoader.builtins().stream().filter(n -> !n.startsWith("scale-"));
    }

    static Stream<String> lessons() throws IOException {
        try (Stream<Path> s = Files.list(AnimRuns.projectDir().resolve("assets/lessons"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    private static void check(LoadedRun r) {
        AnimationPlan p = AnimationPlan.build(r.events());
        assertEquals(0, p.beat(0).from());
        for (int i = 0; i + 1 < p.size(); i++) {
            assertEquals(p.beat(i).to(), p.beat(i + 1).from(), r.title() + ": gap after beat " + i);
        }
        assertEquals(r.events().size(), p.beat(p.size() - 1).to());
        assertTrue(p.totalSeconds() < 60, r.title() + String.format(": %.1f s at 1x", p.totalSeconds()));
        assertEquals(r.events().size(), p.positionAt(p.totalSeconds()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void builtInScenario(String name) {
        check(AnimRuns.builtin(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void lesson(String id) {
        check(AnimRuns.lesson(id));
    }
}

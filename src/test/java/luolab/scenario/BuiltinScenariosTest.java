package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ready scenario loads from the classpath and runs green. */
class BuiltinScenariosTest {
    static final String SCALE = "scale-1m-files";

    /** Every built-in; the scale one has its own test below (it takes seconds, not milliseconds). */
    static Stream<String> all() {
        return ScenarioLoader.builtins().stream().filter(n -> !n.equals(SCALE));
    }

    static RunResult run(String name) throws ScenarioException {
        return new ScenarioRunner().run(new ScenarioLoader().load(name), Trace.Mode.OFF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void runsGreen(String name) throws ScenarioException {
        RunResult r = run(name);
        String failures = r.outcomes().stream().filter(o -> !o.ok())
                .map(o -> "step " + o.path() + " " + o.description() + ": " + o.message()).collect(Collectors.joining("\n"));
        assertTrue(r.ok(), name + " failed:\n" + failures);
        assertEquals(0, r.summary().expectationsFailed());
        assertTrue(r.summary().expectationsMet() > 0);
        assertFalse(r.summary().panicked());
    }

    @Test
    void indexListsExactlyTheScenarioFiles() throws IOException {
        Path dir = Path.of(System.getProperty("luolab.project.dir", "."), "assets", "scenarios");
        TreeSet<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.equals("index.json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(ScenarioLoader.builtins()));
        assertEquals(23, files.size(), "default demo + 2 older-generation demos + 15 device selftests + 4 kexec selftests + scale");
    }

    /** The generation demos hand 120 sessions over in each older ABI: 2 blocks of 102 in v2, one fixed array before. */
    @Test
    void olderGenerationDemosRunOnTheirAbi() throws ScenarioException {
        for (String id : new String[] {"generation-v2-demo", "generation-pre-series-demo"}) {
            Scenario s = new ScenarioLoader().load(id);
            RunResult r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF));
            assertEquals(0, r.summary().expectationsFailed(), id);
            assertEquals(id.contains("v2") ? "v2" : "pre", r.machine().kernel().abi().id(), id);
        }
    }

    @Test
    void defaultDemoIsSmallAndTelling() throws ScenarioException {
        RunResult r = run(ScenarioLoader.DEFAULT);
        Counts h = r.summary().handedOver();
        assertNotNull(h, "the demo does a kexec");
        assertEquals(3, h.sessions());
        assertEquals(3, h.files());
        assertEquals(2, r.boots().size());
        assertTrue(r.outcomes().size() <= 40);
        assertTrue(r.outcomes().stream().anyMatch(o -> o.op().equals("note")), "narration for the UI");
    }

    @Test
    void stressSessionsHandOver40SessionBlocks() throws ScenarioException {
        Counts h = run("selftest-luo-stress-sessions").summary().handedOver();
        assertEquals(2001, h.sessions());
        assertEquals(40, h.sessionBlocks());
    }

    @Test
    void stressFilesHandOver8FileBlocksForTheBigSession() throws ScenarioException {
        Counts h = run("selftest-luo-stress-files").summary().handedOver();
        assertEquals(501, h.files());
        assertEquals(9, h.fileBlocks(), "8 for the 500 files + 1 for the state memfd");
    }

    @Test
    void deviceSelftestsExpectTheSelftestErrnos() throws ScenarioException {
        assertExpects("selftest-create-duplicate-session", "-EEXIST");
        assertExpects("selftest-preserve-unsupported-fd", "-ENOENT");
        assertExpects("selftest-prevent-double-preservation", "-EBUSY");
        assertExpects("selftest-create-session-no-null-termination", "-EINVAL");
        assertExpects("selftest-create-session-empty-name", "-EINVAL");
        assertExpects("selftest-exclusive-open", "-EBUSY");
    }

    private static void assertExpects(String name, String errno) throws ScenarioException {
        List<StepOutcome> o = run(name).outcomes();
        assertTrue(o.stream().anyMatch(x -> errno.equals(x.resultText()) && x.ok()), name + " should meet an expected " + errno);
    }

    @Test
    void scaleMillionFilesHandsOverSixteenThousandFileBlocks() throws ScenarioException {
        RunResult r = run(SCALE);
        assertTrue(r.ok());
        Counts h = r.summary().handedOver();
        assertEquals(2000, h.sessions());
        assertEquals(1_000_000, h.files());
        assertEquals(40, h.sessionBlocks());
        assertEquals(16_000, h.fileBlocks());
        assertEquals(16_045, h.preservedPages());
    }
}

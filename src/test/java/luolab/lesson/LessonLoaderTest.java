package luolab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Lesson files: a good one loads; every kind of mistake is reported with file, line, beat and what is wrong. */
class LessonLoaderTest {
    static final String FILE = "99-test.json";

    /** A valid lesson; {@code beat2} is spliced in as the second beat. */
    static String lesson(String beat2) {
        return """
                {
                  "id": "99-test",
                  "title": "Test lesson",
                  "summary": "for the loader tests",
                  "minutes": 5,
                  "scenario": {"ram": "64M", "abi": "v7", "steps": [
                    {"op": "open_device", "as": "dev"},
                    {"op": "create_session", "name": "vm-1", "as": "s1"},
                    {"op": "preserve_memfd", "session": "s1", "token": "0x1A", "content": "hello"},
                    {"op": "kexec"}
                  ]},
                  "beats": [
                    {"title": "Start", "narration": "A *session* called `vm-1`.", "run_to": {"step": 1},
                     "highlight": {"kinds": ["SESSION_BLOCK"], "session": "vm-1"}},
                """ + beat2 + """
                  ]
                }
                """;
    }

    static final String GOOD_BEAT = """
                    {"title": "Jump", "narration": "The kexec.", "run_to": {"phase": "kexec"},
                     "highlight": {"struct": "luo_ser", "field": "sessions_pa", "chain": "files:vm-1", "session": "vm-1", "token": "0x1A"},
                     "predict": {"question": "Survives?", "choices": ["yes", "no"], "answer": 0, "reveal": "Yes."}}
            """;

    static LessonException fails(String text) {
        return assertThrows(LessonException.class, () -> new LessonLoader().parse(FILE, text));
    }

    @Test
    void aGoodLessonLoads() throws Exception {
        Lesson l = new LessonLoader().parse(FILE, lesson(GOOD_BEAT));
        assertEquals("99-test", l.id());
        assertEquals(2, l.size());
        assertEquals(new RunTo.AfterStep(1), l.beat(0).runTo());
        assertEquals(new RunTo.PhaseStart(Phase.KEXEC), l.beat(1).runTo());
        assertEquals(List.of(OwnerKind.SESSION_BLOCK), l.beat(0).highlight().kinds());
        assertEquals(0x1AL, l.beat(1).highlight().token());
        assertEquals("vm-1", l.beat(1).highlight().chainSession());
        assertEquals(0, l.beat(1).predict().answer());
        assertEquals(4, l.scenario().steps().size());
        assertTrue(l.scenarioJson().contains("create_session"));
    }

    record Bad(String name, String beat, String expect, int line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badBeats() {
        return Stream.of(
                new Bad("unknown run_to step", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 7}}",
                        "unknown run_to step 7: the scenario has 4 top-level steps (0..3", 15),
                new Bad("negative run_to step", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": -1}}",
                        "unknown run_to step -1", 15),
                new Bad("unknown phase", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"phase\": \"serialise\"}}",
                        "unknown run_to phase \"serialise\" (did you mean \"serialize\"?)", 15),
                new Bad("unknown event kind", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"event\": \"FloydStepp\"}}",
                        "unknown run_to event kind \"FloydStepp\" (did you mean \"FloydStep\"?)", 15),
                new Bad("nth below 1", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"event\": \"Kexec\", \"nth\": 0}}",
                        "run_to.nth counts from 1", 15),
                new Bad("two run_to targets", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1, \"phase\": \"kexec\"}}",
                        "run_to has more than one of", 15),
                new Bad("missing run_to", "{\"title\": \"T\", \"narration\": \"n\"}", "missing \"run_to\"", 15),
                new Bad("missing narration", "{\"title\": \"T\", \"run_to\": {\"step\": 1}}", "missing \"narration\"", 15),
                new Bad("bad highlight kind (page kind)", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"kinds\": [\"SESION_BLOCK\"]}}",
                        "bad highlight kind: unknown page kind \"SESION_BLOCK\" (did you mean \"SESSION_BLOCK\"?)", 15),
                new Bad("bad highlight kind (key)", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"pages\": [1]}}", "bad highlight kind \"pages\"", 15),
                new Bad("unknown struct", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"struct\": \"luo_session\"}}", "unknown highlight struct \"luo_session\"", 15),
                new Bad("unknown field", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"struct\": \"luo_ser\", \"field\": \"session_pa\"}}",
                        "luo_ser has no field \"session_pa\" (did you mean \"sessions_pa\"?)", 15),
                new Bad("field without struct", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"field\": \"next\"}}", "highlight.field needs a \"struct\"", 15),
                new Bad("bad chain", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"chain\": \"file:vm-1\"}}", "bad highlight chain \"file:vm-1\"", 15),
                new Bad("token without session", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"token\": \"0x1A\"}}", "highlight.token needs the \"session\"", 15),
                new Bad("bad token", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"highlight\": {\"session\": \"vm-1\", \"token\": \"0xZZ\"}}", "token must be a number", 15),
                new Bad("predict answer out of range", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"predict\": {\"question\": \"q\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 3, \"reveal\": \"r\"}}",
                        "predict answer 3 is out of range: 3 choices, so 0..2", 15),
                new Bad("predict with one choice", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"predict\": {\"question\": \"q\", \"choices\": [\"a\"], \"answer\": 0, \"reveal\": \"r\"}}",
                        "predict.choices must be a list of at least 2", 15),
                new Bad("predict without reveal", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1},"
                        + " \"predict\": {\"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 0}}", "missing \"reveal\"", 15),
                new Bad("unknown beat key", "{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 1}, \"higlight\": {}}",
                        "unknown key \"higlight\" in beat (did you mean \"highlight\"?)", 15),
                new Bad("unmatched backtick", "{\"title\": \"T\", \"narration\": \"the `luo_ser root\", \"run_to\": {\"step\": 1}}",
                        "narration has an unmatched `", 15),
                new Bad("unmatched emphasis", "{\"title\": \"T\", \"narration\": \"a *very important point\", \"run_to\": {\"step\": 1}}",
                        "narration has an unmatched *", 15),
                new Bad("beat not an object", "\"just text\"", "a beat is an object", 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBeats")
    void everyKindOfMistakeIsReportedWithFileLineAndBeat(Bad bad) {
        LessonException e = fails(lesson(bad.beat()));
        LessonProblem p = e.problems().get(0);
        assertTrue(p.message().contains(bad.expect()), () -> "expected \"" + bad.expect() + "\" in: " + p);
        assertEquals(FILE, p.pos().file());
        assertEquals(bad.line(), p.pos().line(), () -> p.toString());
        assertEquals(1, p.beat(), () -> p.toString());
        String text = e.getMessage();
        assertTrue(text.startsWith(FILE + ":" + bad.line() + ":"), text);
        assertTrue(text.contains("beat 2"), text);
    }

    @Test
    void lessonLevelMistakes() {
        LessonException e = fails(lesson(GOOD_BEAT).replace("\"id\": \"99-test\"", "\"id\": \"98-other\""));
        assertTrue(e.getMessage().contains("id \"98-other\" does not match the file name 99-test.json"), e.getMessage());
        assertEquals(-1, e.problems().get(0).beat());

        e = fails(lesson(GOOD_BEAT).replace("\"op\": \"kexec\"", "\"op\": \"kexek\""));
        assertTrue(e.getMessage().contains("scenario: unknown op \"kexek\""), e.getMessage());
        assertEquals(10, e.problems().get(0).pos().line(), e.getMessage());

        e = fails(lesson(GOOD_BEAT).replace("\"minutes\": 5,", "\"minutes\": 5,\n  \"beets\": [],"));
        assertTrue(e.getMessage().contains("unknown key \"beets\" in lesson (did you mean \"beats\"?)"), e.getMessage());

        e = fails("{\"id\": \"99-test\", \"title\": \"x\", \"scenario\": {\"steps\": []}, \"beats\": []}");
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("\"beats\" must be a non-empty list")), e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() {
        LessonException e = fails("{\n  \"id\": \"99-test\",\n  \"title\": \"x\"\n  \"beats\": []\n}");
        assertTrue(e.getMessage().startsWith(FILE + ":4:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void allProblemsAreCollectedNotJustTheFirst() {
        String two = lesson("{\"title\": \"T\", \"narration\": \"n\", \"run_to\": {\"step\": 9},"
                + " \"predict\": {\"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 2, \"reveal\": \"r\"}}");
        LessonException e = fails(two);
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("(and 1 more problem)"), e.getMessage());
    }

    @Test
    void runChecksFindWhatOnlyARunShows() throws Exception {
        Lesson l = new LessonLoader().parse(FILE, lesson("""
                {"title": "Floyd", "narration": "n", "run_to": {"event": "FloydStep", "nth": 1}},
                {"title": "Finish", "narration": "n", "run_to": {"phase": "finish"}},
                {"title": "Who", "narration": "n", "run_to": {"step": 3}, "highlight": {"session": "vm-2", "token": "1"}},
                {"title": "Tok", "narration": "n", "run_to": {"step": 3}, "highlight": {"session": "vm-1", "token": "0x99"}},
                {"title": "Back", "narration": "n", "run_to": {"step": 0}}
                """));
        List<LessonProblem> ps = LessonValidator.checkRun(l, LessonValidator.run(l));
        String all = ps.toString();
        assertTrue(all.contains("beat 2 (\"Floyd\"): run_to event FloydStep nth 1 is never reached: the run has no FloydStep events"), all);
        assertTrue(all.contains("beat 3 (\"Finish\"): run_to phase \"finish\" is never reached"), all);
        assertTrue(all.contains("beat 4 (\"Who\"): highlight names session \"vm-2\", which never exists"), all);
        assertTrue(all.contains("beat 5 (\"Tok\"): highlight token 0x99 is never preserved in session \"vm-1\""), all);
        LessonProblem back = ps.stream().filter(p -> p.beat() == 5).findFirst().orElseThrow();
        assertTrue(back.warning() && back.message().contains("time go backwards"), back.toString());
    }

    static Stream<Path> builtins() throws IOException {
        Path dir = Path.of(System.getProperty("luolab.project.dir", "."), "assets", "lessons");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void everyBuiltInLessonValidatesCleanly(Path lesson) {
        LessonValidator.Report r = LessonValidator.validate(lesson);
        assertTrue(r.problems().isEmpty(), () -> String.join("\n", r.problems().stream().map(Object::toString).toList()));
        assertNotNull(r.lesson());
    }

    @Test
    void theIndexListsEveryLessonFileAndTheyAreAtLeastTen() throws IOException {
        List<String> files = builtins().map(p -> p.getFileName().toString().replace(".json", "")).toList();
        assertEquals(files, LessonLoader.builtins());
        assertTrue(files.size() >= 10, files.toString());
    }
}

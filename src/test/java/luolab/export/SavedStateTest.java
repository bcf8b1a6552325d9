package luolab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved state written here and read "on another machine" reproduces the same place, byte for byte. */
class SavedStateTest {
    @TempDir
    Path dir;

    static final String SCENARIO = """
            {"name": "state test", "ram": "64M", "steps": [
              {"op": "open_device"},
              {"op": "create_session", "name": "vm-1", "as": "s"},
              {"op": "preserve_memfd", "session": "s", "token": "7", "content": "homework"},
              {"op": "kexec"}]}
            """;

    @Test
    void roundTripsEveryField() throws Exception {
        SavedState s = new SavedState("Lesson 8, beat 3", "08.json", com.google.gson.JsonParser.parseString(SCENARIO).toString(), 42,
                1234, 2, 3025, new SavedState.Selection("struct", 0x40c0a010L, 8, "kho_block_header_ser", "next", null),
                new SavedState.Zoom(24, 0x40c0aL), new SavedState.LessonAt("08-cyclic-chain-floyd", 2, true));
        Path f = dir.resolve("x" + SavedState.EXTENSION);
        s.write(f);
        assertTrue(Files.size(f) < 4096, "small: " + Files.size(f));
        SavedState back = SavedState.read(f);
        assertEquals(s, back);
        assertTrue(back.scenarioWithSeed().contains("\"seed\": 42"));
    }

    @Test
    void reopensAtExactlyTheSamePlace() throws Exception {
        var scenario = new ScenarioParser().parse("s.json", SCENARIO);
        RunResult here = new ScenarioRunner().run(scenario, Trace.Mode.FULL);
        int pos = here.trace().events().size() * 2 / 3;
        Stepper st = new Stepper(here.machine().memory(), here.trace().events());
        st.goTo(pos);
        String hash = here.machine().memory().contentHash();
        SavedState s = new SavedState("t", "s.json", com.google.gson.JsonParser.parseString(SCENARIO).toString(), scenario.seed(), pos,
                luolab.lesson.LessonTimeline.stepAt(pos, here.trace().events()), here.trace().events().size(),
                SavedState.Selection.NONE, null, null);
        Path f = dir.resolve("s.luostate");
        s.write(f);

        SavedState loaded = SavedState.read(f);
        RunResult there = new ScenarioRunner().run(new ScenarioParser().parse("state", loaded.scenarioWithSeed()), Trace.Mode.FULL);
        assertEquals(loaded.events(), there.trace().events().size());
        Stepper st2 = new Stepper(there.machine().memory(), there.trace().events());
        st2.goTo(loaded.position());
        assertEquals(hash, there.machine().memory().contentHash());
    }

    @Test
    void rejectsOtherFiles() throws Exception {
        Path f = dir.resolve("scenario.json");
        Files.writeString(f, SCENARIO);
        var e = assertThrows(SavedState.StateException.class, () -> SavedState.read(f));
        assertTrue(e.getMessage().contains("not a LUO Lab state file"), e.getMessage());
    }
}

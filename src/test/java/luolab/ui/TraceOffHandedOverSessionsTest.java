package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.FinalSessions;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace-off run whose last step is a kexec ends before the new kernel's first open of
 * /dev/liveupdate, so its LUO has deserialized nothing yet (it does so lazily, in that open):
 * the Sessions table still shows what it was handed, read from the handover bytes, "handed over",
 * under a caption that says they are not yet deserialized — the sessions and files a traced run of
 * the same scenario shows once an open follows. Damaged bytes give what could be read, and say so.
 * The heap is the test's: 16 MB sends any run trace-off, 1 GB lets it be traced.
 */
class TraceOffHandedOverSessionsTest extends WorkbenchTestBase {
    private static final long MB = 1L << 20;
    private volatile long heapMax = 16 * MB;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> heapMax, () -> 0);
    }

    /** Boot 1 hands keep-a (a memfd and a test file), keep-b (two test files) and an empty one over; {@code tail} follows the kexec. */
    private static Path scenario(Path dir, String name, String beforeKexec, String tail) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, """
                {"name": "%s", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x21"},
                  {"op": "create_session", "name": "empty", "as": "e"},
                  %s
                  {"op": "kexec"}%s
                ]}""".formatted(name, beforeKexec, tail));
        return f;
    }

    private Label caption() {
        return lookup("#sessionsCaption").queryAs(Label.class);
    }

    /** "boot name in|out files: token/compatible …" of each row, files as the files table shows them. */
    private List<String> shown(List<SessionTable.Session> rows) {
        List<String> out = new ArrayList<>();
        for (SessionTable.Session s : rows) {
            interact(() -> sessionTable().getSelectionModel().select(s));
            StringBuilder b = new StringBuilder(s.boot + " " + s.name + (s.incoming ? " in" : " out") + " files=" + s.liveFiles() + ":");
            for (SessionTable.File f : fileTable().getItems()) {
                b.append(String.format(" 0x%x/%s", f.token, f.compatible));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void aRunEndingAtKexecShowsWhatWasHandedOverAsATracedRunShowsItAfterAnOpen(@TempDir Path dir) throws Exception {
        Path atKexec = scenario(dir, "ends-at-kexec", "", "");
        // the engine itself: nothing deserialized, so luo().sessions() holds nothing
        RunResult engine = new ScenarioRunner().run(new ScenarioLoader().loadFile(atKexec), Trace.Mode.OFF);
        assertTrue(engine.ok(), "the scenario runs as written");
        Machine m = engine.machine();
        assertFalse(m.kernel().luo().deserializeDone(), "no open after the kexec");
        assertTrue(m.kernel().luo().sessions().incoming().isEmpty(), "the new kernel has read nothing yet");

        LoadedRun off = open(atKexec, false);
        FinalSessions fin = off.finalSessions();
        assertTrue(fin.handedOver());
        assertNull(fin.handoverProblem());
        List<SessionTable.Session> rows = List.copyOf(sessionTable().getItems());
        assertEquals(List.of("keep-a", "keep-b", "empty"), rows.stream().map(r -> r.name).toList());
        assertTrue(rows.stream().allMatch(r -> r.state.equals("handed over") && r.incoming && r.boot == 2 && r.error.isEmpty()),
                "handed over to boot 2, no error");
        interact(() -> sessionTable().getSelectionModel().select(0));
        assertEquals(List.of("0x10/memfd-v2/handed over", "0x11/" + fileTable().getItems().get(1).compatible + "/handed over"),
                fileTable().getItems().stream().map(x -> String.format("0x%x/%s/%s", x.token, x.compatible, x.state)).toList());
        List<String> offRows = shown(rows);
        String c = caption().getText();
        assertTrue(caption().isVisible());
        assertTrue(c.startsWith("Final state of boot 2 · trace off — 3 sessions, 4 files handed over by boot 1, not yet deserialized"), c);
        assertTrue(c.contains("first open of /dev/liveupdate"), c);
        assertFalse(c.contains("damaged"), c);

        // the same scenario traced and continued with the new kernel's first open: the same sessions and files
        heapMax = 1024 * MB;
        Path opened = scenario(dir, "then-open", "", ",\n  {\"op\": \"open_device\", \"as\": \"dev\"}");
        LoadedRun traced = open(opened, true);
        interact(model::end);
        awaitPosition(traced.events().size());
        List<SessionTable.Session> boot2 = sessionTable().getItems().stream().filter(s -> s.boot == 2).toList();
        assertTrue(boot2.stream().allMatch(s -> s.state.equals("incoming")), "deserialized by the open");
        assertEquals(offRows, shown(boot2));
    }

    @Test
    void damagedHandoverBytesShowWhatCouldBeReadAndSaySo(@TempDir Path dir) throws Exception {
        // keep-b's file chain (one block) points back at itself: the walk stops there, its files are still listed
        Path f = scenario(dir, "damaged", "{\"op\": \"corrupt\", \"injector\": \"self-loop\", \"params\": {\"set\": \"files:keep-b\"},"
                + " \"at\": \"handover\"},", "");
        LoadedRun off = open(f, false);
        FinalSessions fin = off.finalSessions();
        assertTrue(fin.handedOver());
        assertTrue(fin.handoverProblem() != null && fin.handoverProblem().contains("keep-b"), fin.handoverProblem());
        List<SessionTable.Session> rows = List.copyOf(sessionTable().getItems());
        assertEquals(List.of("keep-a", "keep-b", "empty"), rows.stream().map(r -> r.name).toList());
        assertTrue(rows.get(1).error.startsWith("files: cyclic"), rows.get(1).error);
        assertEquals(2, rows.get(1).liveFiles(), "what could be read");
        assertTrue(caption().getText().contains("The bytes are damaged"), caption().getText());
    }

    /**
     * scale-1m-files in small: 3 sessions × 2 files handed over, then every session retrieved with
     * its files, finished and closed, so the last kernel holds none. The caption and the empty
     * table's placeholder still say what the last kexec handed over.
     */
    /** scale-1m-files in small: 3 sessions × 2 files handed over, then {@code closed} of them retrieved, finished and closed. */
    private static Path scaleInSmall(Path dir, int closed) throws Exception {
        Path f = dir.resolve("scale-small-" + closed + ".json");
        Files.writeString(f, """
                {"name": "scale in small", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "repeat", "count": 3, "var": "s", "steps": [
                    {"op": "create_session", "name": "scale-session-${s}", "as": "s${s}"},
                    {"op": "repeat", "count": 2, "steps": [
                      {"op": "preserve_test_file", "session": "s${s}", "token": "${i}"}
                    ]}
                  ]},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev"},
                  {"op": "repeat", "count": %d, "var": "s", "steps": [
                    {"op": "retrieve_session", "name": "scale-session-${s}", "as": "s"},
                    {"op": "repeat", "count": 2, "steps": [
                      {"op": "retrieve_fd", "session": "s", "token": "${i}", "close": true}
                    ]},
                    {"op": "finish", "session": "s"},
                    {"op": "close", "fd": "s"}
                  ]},
                  {"op": "expect_count", "what": "incoming_sessions", "equals": %d}
                ]}""".formatted(closed, 3 - closed));
        return f;
    }

    /**
     * Every session handed over is retrieved, finished and closed, so the last kernel holds none
     * (as at the end of scale-1m-files). The caption and the empty table's placeholder still say
     * what the last kexec handed over.
     */
    @Test
    void aRunThatClosedEverySessionItWasHandedSaysHowManyTheLastKexecHandedOver(@TempDir Path dir) throws Exception {
        Path f = scaleInSmall(dir, 3);
        LoadedRun off = open(f, false);
        FinalSessions fin = off.finalSessions();
        assertEquals(0, fin.sessionCount());
        assertFalse(fin.handedOver(), "the open deserialized them: not read from bytes");
        assertEquals(3, fin.deserializedSessions());
        assertEquals(6, fin.deserializedFiles());
        String c = caption().getText();
        assertTrue(c.startsWith("Final state of boot 2 · trace off — 0 sessions, 0 files"), c);
        assertTrue(c.endsWith(" Boot 1 handed over 3 sessions with 6 files (deserialized by the first open of /dev/liveupdate);"
                + " all were retrieved, finished and closed by the end."), c);
        String p = ((Label) sessionTable().getPlaceholder()).getText();
        assertTrue(p.startsWith("The last kernel (boot 2) holds no session at the end of this run: the 3 sessions with 6 files"
                + " boot 1 handed over were all retrieved, finished and closed on the way."), p);

        // a session still held: how many of the handed-over ones were closed
        open(scaleInSmall(dir, 2), false);
        c = caption().getText();
        assertTrue(c.startsWith("Final state of boot 2 · trace off — 1 session, 2 files"), c);
        assertTrue(c.endsWith(" Boot 1 handed over 3 sessions with 6 files (deserialized by the first open of /dev/liveupdate);"
                + " 2 were retrieved, finished and closed by the end."), c);
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
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
 * A run made with the trace off has no session or file events, yet its Sessions table shows the
 * sessions and files its last kernel ended with — the engine's final state, under a caption that
 * says so — and they are what a traced run of the same scenario shows for that boot at its last
 * event. A traced run's table still replays events. The heap is the test's: 16 MB sends any run
 * trace-off, 1 GB lets it be traced.
 */
class TraceOffSessionsTest extends WorkbenchTestBase {
    private static final long MB = 1L << 20;
    private volatile long heapMax = 16 * MB;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> heapMax, () -> 0);
    }

    /**
     * Boot 1 hands keep-a (2 files), keep-b (3) and an empty session over; boot 2 retrieves keep-a
     * and one of its files, finishes the empty one (its fd stays open), creates new-out with a file
     * and creates and closes "gone".
     */
    private static Path scenario(Path dir) throws Exception {
        Path f = dir.resolve("final-state.json");
        Files.writeString(f, """
                {"name": "final state", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x21"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x22"},
                  {"op": "create_session", "name": "empty", "as": "e"},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev"},
                  {"op": "retrieve_session", "name": "keep-a", "as": "ra"},
                  {"op": "retrieve_fd", "session": "ra", "token": "0x10", "as": "alpha"},
                  {"op": "retrieve_session", "name": "empty", "as": "re"},
                  {"op": "finish", "session": "re"},
                  {"op": "create_session", "name": "new-out", "as": "n"},
                  {"op": "preserve_test_file", "session": "n", "token": "0x30"},
                  {"op": "create_session", "name": "gone", "as": "g"},
                  {"op": "preserve_test_file", "session": "g", "token": "0x40"},
                  {"op": "close", "fd": "g"}
                ]}""");
        return f;
    }

    private Label caption() {
        return lookup("#sessionsCaption").queryAs(Label.class);
    }

    /** What a row says, columns as the table shows them; files as picked in the files table. */
    private List<String> rowsAsShown(List<SessionTable.Session> rows) {
        List<String> out = new ArrayList<>();
        for (SessionTable.Session s : rows) {
            interact(() -> sessionTable().getSelectionModel().select(s));
            StringBuilder b = new StringBuilder(s.boot + " " + s.name + (s.incoming ? " in " : " out ") + s.state + " files="
                    + s.liveFiles() + " error=" + s.error + ":");
            for (SessionTable.File f : fileTable().getItems()) {
                b.append(String.format(" 0x%x/%s/%s/%s", f.token, f.compatible, f.state, f.error));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String sessionState(LuoSession s, boolean serialized) {
        if (!s.incoming()) {
            return serialized ? "serialized" : "open";
        }
        return s.finished() ? "finished" : s.retrieved() ? "retrieved" : "incoming";
    }

    @Test
    void aTraceOffRunShowsTheEnginesFinalSessionsAndFilesAndATracedRunAtItsEndAgrees(@TempDir Path dir) throws Exception {
        Path f = scenario(dir);
        LoadedRun off = open(f, false);
        FinalSessions fin = off.finalSessions();

        // the engine's own final state, from a run of the same scenario
        RunResult engine = new ScenarioRunner().run(new ScenarioLoader().loadFile(f), Trace.Mode.OFF);
        assertTrue(engine.ok(), "the scenario runs as written");
        Machine m = engine.machine();
        var luo = m.kernel().luo();
        List<LuoSession> held = new ArrayList<>(luo.sessions().incoming());
        held.addAll(luo.sessions().outgoing());

        List<SessionTable.Session> rows = List.copyOf(sessionTable().getItems());
        assertEquals(held.size(), rows.size(), "one row per session the last kernel holds");
        for (int i = 0; i < held.size(); i++) {
            LuoSession s = held.get(i);
            SessionTable.Session row = rows.get(i);
            assertEquals(s.name(), row.name);
            assertEquals(s.incoming(), row.incoming, s.name());
            assertEquals(m.boots(), row.boot, s.name());
            assertEquals(sessionState(s, luo.serialized()), row.state, s.name());
            List<LuoFile> files = s.fileSet().files();
            assertEquals(files.size(), row.liveFiles(), s.name() + "'s file count");
            interact(() -> sessionTable().getSelectionModel().select(row));
            List<SessionTable.File> shown = List.copyOf(fileTable().getItems());
            assertEquals(files.size(), shown.size(), s.name() + "'s files in the files table");
            for (int k = 0; k < files.size(); k++) {
                LuoFile lf = files.get(k);
                SessionTable.File sf = shown.get(k);
                assertEquals(lf.token(), sf.token, s.name());
                assertEquals(lf.handler().compatible(), sf.compatible, s.name());
                String want = !s.incoming() ? "preserved" : lf.retrieveStatus() == 1 ? "retrieved" : "incoming";
                assertEquals(want, sf.state, String.format("%s token 0x%x", s.name(), lf.token()));
            }
        }
        // and what that comes to here, so a wrong reading of the engine cannot agree with itself
        assertEquals(List.of("keep-a", "keep-b", "empty", "new-out"), rows.stream().map(r -> r.name).toList(),
                "incoming first, then outgoing; the closed one is gone");
        assertEquals(List.of("retrieved", "incoming", "finished", "open"), rows.stream().map(r -> r.state).toList());
        assertEquals(List.of(2L, 3L, 0L, 1L), rows.stream().map(SessionTable.Session::liveFiles).toList());
        interact(() -> sessionTable().getSelectionModel().select(0));
        assertEquals(List.of("0x10 retrieved", "0x11 incoming"),
                fileTable().getItems().stream().map(x -> String.format("0x%x %s", x.token, x.state)).toList());

        // the table draws them, under a caption that says what they are
        assertTrue(caption().isVisible());
        assertTrue(caption().getText().startsWith("Final state of boot 2 · trace off — 4 sessions, 6 files"), caption().getText());
        assertTrue(caption().getText().contains("not event by event"), caption().getText());
        assertTrue(cellTexts(sessionTable()).containsAll(List.of("keep-a", "finished", "new-out", "open")),
                cellTexts(sessionTable()).toString());
        assertTrue(cellTexts(fileTable()).containsAll(List.of("0x10", "retrieved", "0x11")), cellTexts(fileTable()).toString());
        List<String> offRows = rowsAsShown(rows);
        assertEquals(4, fin.sessionRowsMade(), "each row made once");

        // the same scenario traced, at its last event: the same rows for boot 2, plus what the trace saw on the way
        heapMax = 1024 * MB;
        LoadedRun traced = open(f, true);
        interact(model::end);
        awaitPosition(traced.events().size());
        assertFalse(caption().isVisible(), "a traced run has no final-state caption");
        SessionTable replay = new SessionTable(traced.events());
        replay.moveTo(traced.events().size());
        List<SessionTable.Session> tracedRows = List.copyOf(sessionTable().getItems());
        assertEquals(replay.sessions().stream().map(s -> s.boot + "/" + s.name + "/" + s.state).toList(),
                tracedRows.stream().map(s -> s.boot + "/" + s.name + "/" + s.state).toList(), "replayed from events as before");
        assertTrue(tracedRows.stream().anyMatch(s -> s.boot == 1 && s.name.equals("keep-b") && s.state.equals("serialized")));
        assertTrue(tracedRows.stream().anyMatch(s -> s.boot == 2 && s.name.equals("gone") && s.state.equals("closed")));
        // closing a session unpreserves its files under that session's name: no nameless row
        assertTrue(tracedRows.stream().noneMatch(s -> s.name.isEmpty()), "a row without a session name");
        // what the final state cannot have: the closed session
        List<SessionTable.Session> lastBoot = tracedRows.stream()
                .filter(s -> s.boot == 2 && !s.state.equals("closed")).toList();
        assertEquals(offRows, rowsAsShown(lastBoot));
    }

    @Test
    void aTraceOffRunWhoseLastKernelHoldsNoSessionSaysSo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("closed.json");
        Files.writeString(f, """
                {"name": "closed", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "brief", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "7"},
                  {"op": "close", "fd": "b"}
                ]}""");
        open(f, false);
        assertTrue(sessionTable().getItems().isEmpty());
        assertTrue(caption().getText().startsWith("Final state of boot 1 · trace off — 0 sessions, 0 files"), caption().getText());
        String p = ((Label) sessionTable().getPlaceholder()).getText();
        assertTrue(p.startsWith("The last kernel (boot 1) holds no session at the end of this run."), p);
        assertTrue(p.contains("trace off"), p);
    }

    private static List<String> cellTexts(TableView<?> t) {
        List<String> out = new ArrayList<>();
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.getText() != null && c.isVisible()) {
                out.add(c.getText());
            }
        }
        return out;
    }
}

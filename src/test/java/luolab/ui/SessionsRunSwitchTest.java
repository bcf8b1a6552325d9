package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run put on show brings the Sessions and files tables to its own state at its own position at
 * once — at position 0 too, and between runs made with the trace on and off — never leaving the
 * previous run's rows until the position moves. The heap is the test's: 16 MB sends any run
 * trace-off, 1 GB lets it be traced.
 */
class SessionsRunSwitchTest extends WorkbenchTestBase {
    private static final long MB = 1L << 20;
    private volatile long heapMax = 1024 * MB;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> heapMax, () -> 0);
    }

    /** Shows {@code r} at event {@code p} (as a re-run or a lesson does) and waits for the engine. */
    private void show(LoadedRun r, int p) {
        interact(() -> model.load(r, p));
        await(() -> model.runProperty().get() == r, "the run on show");
        awaitPosition(p);
    }

    private static List<String> rows(List<SessionTable.Session> rows) {
        return rows.stream().map(s -> s.boot + "/" + s.name + "/" + s.state + "/" + s.liveFiles()).toList();
    }

    /** What the tables must show for traced {@code r} at {@code p}: its own replay, from scratch. */
    private static List<String> expected(LoadedRun r, int p) {
        SessionTable t = new SessionTable(r.events());
        t.moveTo(p);
        return rows(t.sessions());
    }

    private List<String> shown() {
        return rows(List.copyOf(sessionTable().getItems()));
    }

    /** The session cells the table draws (not only its items). */
    private List<String> drawn() {
        List<String> out = new ArrayList<>();
        for (Node n : sessionTable().lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.isVisible() && c.getText() != null && !c.getText().isEmpty()) {
                out.add(c.getText());
            }
        }
        return out;
    }

    /** Picks the first session that has files, so the files table has rows of this run to leave behind. */
    private void pickSessionWithFiles() {
        int at = -1;
        for (int i = 0; i < sessionTable().getItems().size() && at < 0; i++) {
            at = sessionTable().getItems().get(i).liveFiles() > 0 ? i : -1;
        }
        assertTrue(at >= 0, "a session with files: " + shown());
        int row = at;
        interact(() -> sessionTable().getSelectionModel().select(row));
        assertFalse(fileTable().getItems().isEmpty());
    }

    /** The position right before {@code r}'s first session event: nothing to show yet, one event short of a row. */
    private static int beforeFirstSession(LoadedRun r) {
        int p = 0;
        while (p < r.events().size() && !(r.events().get(p) instanceof luolab.engine.trace.TraceEvent.SessionEvent)) {
            p++;
        }
        return p;
    }

    @Test
    void aRunPutOnShowShowsItsOwnSessionsAtItsPositionAtOnce(@TempDir Path dir) throws Exception {
        LoadedRun a = open(UiTestSupport.scenario("default-demo.json"), true);
        LoadedRun b = open(UiTestSupport.scenario("selftest-luo-multi-session.json"), true);

        // A somewhere with rows (both boots), a session with files picked
        show(a, a.events().size());
        assertFalse(shown().isEmpty());
        pickSessionWithFiles();

        // B at position 0: its state there, which is no session, and no file of A's
        show(b, 0);
        assertEquals(expected(b, 0), shown(), "B at 0");
        assertTrue(drawn().isEmpty(), "no cell of A's left: " + drawn());
        assertTrue(fileTable().getItems().isEmpty(), "no file of A's left");

        // B where it has rows, then A right before its first session: nothing of B's
        int mid = (beforeFirstSession(b) + b.events().size()) / 2;
        goTo(mid);
        assertEquals(expected(b, mid), shown());
        assertFalse(shown().isEmpty(), "B has sessions half way");
        int quiet = beforeFirstSession(a);
        assertTrue(quiet > 0, "A boots before its first session");
        assertFalse(expected(a, quiet + 1).isEmpty());
        show(a, quiet);
        assertEquals(expected(a, quiet), shown());
        assertTrue(shown().isEmpty());

        // trace off and back: the final state, then a traced run at 0, then the final state again
        show(a, a.events().size());
        pickSessionWithFiles();
        heapMax = 16 * MB;
        Path f = UiTestSupport.manyFilesHandedOver(dir, 3, 2);
        LoadedRun off = open(f, false);
        List<String> fin = rows(off.finalSessions().rows());
        assertEquals(3, fin.size());
        assertEquals(fin, shown(), "the trace-off run's final state");
        pickSessionWithFiles();
        show(b, 0);
        assertEquals(expected(b, 0), shown(), "B at 0 after a trace-off run");
        assertTrue(drawn().isEmpty(), "no cell of the trace-off run's left: " + drawn());
        assertTrue(fileTable().getItems().isEmpty());
        show(off, 0);
        assertEquals(fin, shown(), "the final state again");
        show(b, mid);
        assertEquals(expected(b, mid), shown(), "B half way after a trace-off run");
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.trace.TraceEvent;
import luolab.ui.actions.SessionActions;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;

/**
 * A traced re-run (a Session command) puts a new run on show; the session the user picked in the
 * Sessions table stays picked, found by name in the new run, and the position is the end of the
 * new step, not 0. Without the fix the table was replayed to position 0 (no session yet) while
 * the runs switched, which dropped the pick.
 */
class SessionsKeepPickOnRerunTest extends UiGapsTestBase {
    /** The event right before the demo's kexec step: its three sessions are open. */
    private int beforeKexec(LoadedRun r) {
        int mark = -1;
        for (int i = 0; i < r.events().size(); i++) {
            if (r.events().get(i) instanceof TraceEvent.StepMark) {
                mark = i;
            } else if (r.events().get(i) instanceof TraceEvent.Kexec) {
                return mark;
            }
        }
        throw new AssertionError("no kexec");
    }

    private void pick(String name) {
        int at = -1;
        for (int i = 0; i < sessionTable().getItems().size(); i++) {
            at = sessionTable().getItems().get(i).name.equals(name) ? i : at;
        }
        assertTrue(at >= 0, name + " in the table");
        int row = at;
        interact(() -> sessionTable().getSelectionModel().select(row));
    }

    private SessionTable.Session picked() {
        return sessionTable().getSelectionModel().getSelectedItem();
    }

    @Test
    void aSessionCommandKeepsThePickedSessionAndShowsTheNewStep() {
        openDemo();
        selectTab("sessionsTab");
        LoadedRun demo = model.runProperty().get();
        goTo(beforeKexec(demo));
        pick("net-state");
        assertEquals(1, fileTable().getItems().size(), "net-state's memfd");

        SessionActions.Result r = runCommand(d -> sessionActions().preserveTestFile("net", "0x201", d));
        assertTrue(r.ok(), r.message());
        LoadedRun now = model.runProperty().get();
        assertTrue(now != demo && now.traced(), "a new traced run");
        assertTrue(model.positionProperty().get() > 0, "not reset to 0");
        assertEquals(now.events().size(), model.positionProperty().get(), "the end of the new (last) step");
        assertNotNull(picked(), "still a session picked");
        assertEquals("net-state", picked().name);
        assertEquals(2, fileTable().getItems().size(), "its files in the new run, the new one too");

        // a kexec: boot 1's net-state is still a row (its boot), so it stays picked, not boot 2's
        r = runCommand(d -> sessionActions().kexec(d));
        assertTrue(r.ok(), r.message());
        assertNotNull(picked(), "still a session picked after the kexec");
        assertEquals("net-state", picked().name);
    }
}

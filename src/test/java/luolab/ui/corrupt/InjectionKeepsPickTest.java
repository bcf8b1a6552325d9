package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javafx.scene.control.TableView;
import luolab.engine.trace.Phase;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;

/**
 * An injection re-runs the scenario and puts the new run on show at the end of the injected step;
 * the session picked in the Sessions table stays picked (found by name in the new run's rows),
 * rather than being dropped while the runs switch.
 */
class InjectionKeepsPickTest extends CorruptWorkbenchTestBase {
    @SuppressWarnings("unchecked")
    private TableView<SessionTable.Session> sessions() {
        return lookup("#sessionTable").queryAs(TableView.class);
    }

    @Test
    void anInjectionKeepsThePickedSessionAndShowsTheInjectedStep() {
        awaitRun();
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
        clickOn("Sessions");
        await(() -> sessions().getItems().size() == 3, "three sessions");
        int pad = -1;
        for (int i = 0; i < sessions().getItems().size(); i++) {
            pad = sessions().getItems().get(i).name.equals("scratchpad") ? i : pad;
        }
        int row = pad;
        interact(() -> sessions().getSelectionModel().select(row));
        var before = model.runProperty().get();

        interact(() -> session.inject("duplicate-session-name", Map.of("session", "net-state", "as", "vm-guest"), null, null, "test"));
        awaitInjections(1);
        assertTrue(model.runProperty().get() != before, "a new run on show");
        CorruptRuns.Applied ap = session.applied(session.injections().get(0));
        assertTrue(ap != null && ap.ok(), "injected");
        assertEquals(ap.end(), model.positionProperty().get(), "the end of the injected step, not 0");
        SessionTable.Session picked = sessions().getSelectionModel().getSelectedItem();
        assertNotNull(picked, "still a session picked");
        assertEquals("scratchpad", picked.name);
    }
}

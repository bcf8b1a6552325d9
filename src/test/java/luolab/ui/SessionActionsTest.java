package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import luolab.ui.actions.SessionActions;
import luolab.ui.actions.SessionMenu;
import org.junit.jupiter.api.Test;

/** The Session menu: steps appended to the loaded scenario at the current step and re-run. */
class SessionActionsTest extends UiGapsTestBase {
    private boolean tableHas(String name, String state) {
        return sessionTable().getItems().stream().anyMatch(s -> s.name.equals(name) && (state == null || state.equals(s.state)));
    }

    @Test
    void createPreserveKexecAndTheIncomingTableShowsIt() {
        openDemo();
        selectTab("sessionsTab");
        SessionActions.Result r = runCommand(d -> sessionActions().createSession("lab-a", d));
        assertTrue(r.ok(), r.message());
        assertTrue(r.outcome().result() >= 0);
        await(() -> tableHas("lab-a", "open"), "the new session in the table");
        String json = model.runProperty().get().json();
        assertTrue(json.contains("\"create_session\"") && json.contains("\"lab-a\""), json);
        assertFalse(json.contains("\"kexec\""), "the steps after the insertion point were dropped");
        r = runCommand(d -> sessionActions().preserveMemfd("lab_a", "0x300", "hello from the lab", d));
        assertTrue(r.ok(), r.message());
        await(() -> sessionTable().getItems().stream().anyMatch(s -> s.name.equals("lab-a") && s.liveFiles() == 1),
                "one preserved file");
        // an error comes back as the step's errno, not an exception
        r = runCommand(d -> sessionActions().createSession("lab-a", d));
        assertFalse(r.ok());
        assertTrue(r.message().contains("EEXIST"), r.message());
        closeErrorDialog();
        r = runCommand(d -> sessionActions().kexec(d));
        assertTrue(r.ok(), r.message());
        await(() -> sessionTable().getItems().stream().anyMatch(s -> s.boot == 2 && s.name.equals("lab-a")
                && "incoming".equals(s.state)), "the incoming table shows lab-a");
        r = runCommand(d -> sessionActions().retrieveSession("lab-a", d));
        assertTrue(r.ok(), r.message());
        var vars = sessionActions().edit().sessionVars();
        String sv = vars.get(vars.size() - 1);
        assertTrue(sv.startsWith("lab_a"), vars.toString());
        r = runCommand(d -> sessionActions().retrieveFd(sv, "0x300", d));
        assertTrue(r.ok(), r.message());
        r = runCommand(d -> sessionActions().finish(sv, d));
        assertTrue(r.ok(), r.message());
        await(() -> tableHas("lab-a", "finished"), "finished");
    }

    @Test
    void badInputIsRefusedInTheDialog() {
        openDemo();
        assertNotNull(SessionActions.checkName(""));
        assertNotNull(SessionActions.checkName("x".repeat(64)));
        assertNull(SessionActions.checkName("x".repeat(63)));
        assertNull(SessionActions.parseToken("12a"));
        assertEquals(0x1f, SessionActions.parseToken("0x1f"));
        clickOn("#sessionMenu");
        clickOn("Create session…");
        clickOn("OK");
        Label err = lookup("#sessionDialogError").queryAs(Label.class);
        assertTrue(err.getText().contains("empty"), err.getText());
        TextField name = lookup("#sessionNameField").queryAs(TextField.class);
        interact(() -> name.setText("n".repeat(64)));
        clickOn("OK");
        assertTrue(err.getText().contains("64"), err.getText());
        assertTrue(lookup("#sessionDialogNote").queryAs(Label.class).getText().contains("dropped"));
        interact(() -> name.setText("from-dialog"));
        clickOn("OK");
        await(() -> !sessionActions().running() && model.runProperty().get().json().contains("from-dialog"), "re-run");
        awaitPosition(model.target());
        await(() -> tableHas("from-dialog", "open"), "dialog-created session in the table");
        clickOn("#sessionMenu");
        clickOn("Preserve memfd…");
        interact(() -> lookup("#tokenField").queryAs(TextField.class).setText("zz"));
        clickOn("OK");
        assertTrue(lookup("#sessionDialogError").queryAs(Label.class).getText().contains("number"));
        push(KeyCode.ESCAPE);
    }

    private void closeErrorDialog() {
        interact(() -> {
            if (window.controller().lastError() != null) {
                window.controller().lastError().close();
            }
        });
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import luolab.engine.trace.Phase;
import luolab.ui.model.Theme;
import org.junit.jupiter.api.Test;

class ShortcutsAndErrorsTest extends WorkbenchTestBase {
    @Test
    void phaseAndEndShortcutsMoveThroughTheCycle() {
        goTo(5);
        clickOn("#counterLabel");
        type(KeyCode.HOME);
        awaitPosition(0);
        press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
        int serialize = model.phaseStart(Phase.SERIALIZE);
        awaitPosition(serialize);
        assertEquals(Phase.SERIALIZE, model.phaseProperty().get());
        Label chip = lookup("#phase-SERIALIZE").query();
        assertTrue(chip.getStyleClass().contains("current"));
        assertTrue(lookup("#phase-RUNNING").queryLabeled().getStyleClass().contains("reached"));
        press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
        awaitPosition(model.phaseStart(Phase.FINALIZE));
        press(KeyCode.SHIFT).type(KeyCode.LEFT).release(KeyCode.SHIFT);
        awaitPosition(model.phaseStart(Phase.SERIALIZE));
        type(KeyCode.END);
        awaitPosition(model.totalProperty().get());
        assertEquals(Phase.FINISH, model.phaseProperty().get());
    }

    @Test
    void spacePlaysAndPauses() {
        goTo(0);
        clickOn("#counterLabel");
        type(KeyCode.SPACE);
        await(() -> model.playingProperty().get(), "playing");
        await(() -> model.positionProperty().get() > 0, "playback advances");
        type(KeyCode.SPACE);
        await(() -> !model.playingProperty().get(), "paused");
        int at = model.target();
        sleep(300);
        assertEquals(at, model.target(), "paused playback stays put");
    }

    @Test
    void speedShortcutsChangeTheSpeed() {
        clickOn("#counterLabel");
        double s = model.speedProperty().get();
        type(KeyCode.CLOSE_BRACKET);
        assertTrue(model.speedProperty().get() > s);
        type(KeyCode.OPEN_BRACKET);
        type(KeyCode.OPEN_BRACKET);
        assertTrue(model.speedProperty().get() < s);
    }

    @Test
    void ctrlTSwitchesTheme() {
        clickOn("#counterLabel");
        assertEquals(Theme.LIGHT, model.theme().get());
        press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        assertEquals(Theme.DARK, model.theme().get());
        assertTrue(window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")));
        assertFalse(window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("light.css")));
    }

    @Test
    void f1ListsTheShortcuts() {
        clickOn("#counterLabel");
        type(KeyCode.F1);
        await(() -> lookup("#shortcutsDialog").tryQuery().isPresent(), "shortcuts dialog");
        DialogPane pane = lookup("#shortcutsDialog").query();
        String all = pane.getContent().toString() + lookup("#shortcutsGrid .label").queryAll().stream()
                .map(n -> ((Label) n).getText()).toList();
        for (String k : new String[] {"Right", "Shift+Right", "Space", "Home", "End", "Ctrl+O", "Ctrl+E", "Ctrl+T"}) {
            assertTrue(all.contains(k), k + " missing in " + all);
        }
    }

    @Test
    void aBadScenarioFileShowsAnErrorDialogNotAStackTrace(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{ \"steps\": [ 1, 2 ");
        interact(() -> model.open(bad));
        await(() -> lookup("#errorDialog").tryQuery().isPresent(), "error dialog");
        DialogPane pane = lookup("#errorDialog").query();
        assertTrue(pane.getHeaderText().contains("broken.json"), pane.getHeaderText());
        assertTrue(pane.getContentText().startsWith("broken.json is not a valid scenario"), pane.getContentText());
        assertTrue(pane.getContentText().contains("broken.json:1:"), "the parser's position: " + pane.getContentText());
        assertFalse(pane.getContentText().contains("at luolab."), "no stack trace");
        interact(() -> ((javafx.stage.Stage) pane.getScene().getWindow()).close());
        // the workbench still works afterwards
        goTo(3);
    }

    @Test
    void exportWritesAPngOfTheMemoryMap(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        goTo(model.totalProperty().get());
        Path png = dir.resolve("map.png");
        interact(() -> window.controller().exportPng(window.controller().memoryMapNode(), png.toFile()));
        var img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 400 && img.getHeight() > 200, img.getWidth() + "x" + img.getHeight());
        assertEquals("Exported map.png", model.statusProperty().get());
    }

    @Test
    void aMissingScenarioFileIsReportedToo(@org.junit.jupiter.api.io.TempDir Path dir) {
        interact(() -> model.open(dir.resolve("nope.json")));
        await(() -> lookup("#errorDialog").tryQuery().isPresent(), "error dialog");
        DialogPane pane = lookup("#errorDialog").query();
        assertTrue(pane.getContentText().startsWith("Cannot read nope.json"), pane.getContentText());
    }
}

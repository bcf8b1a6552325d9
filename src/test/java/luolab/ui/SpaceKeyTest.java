package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Space is the workbench's play / pause, but a focused button, check box, toggle, radio button,
 * link or drop-down takes it (the JavaFX and desktop convention, and what a keyboard user needs to
 * press them) and a focused text field types it. It used to play whatever had the focus.
 */
class SpaceKeyTest extends WorkbenchTestBase {
    @Test
    void spaceOnAFocusedCheckBoxTogglesItAndDoesNotPlay() {
        int end = model.totalProperty().get();
        goTo(end); // the chains (and their check box) are shown once there is a handover
        CheckBox showEmpty = focusShowEmpty();
        boolean was = showEmpty.isSelected();
        type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(!was, showEmpty.isSelected(), "Space pressed the focused check box");
        assertFalse(model.playingProperty().get(), "and did not play");
        type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(was, showEmpty.isSelected(), "and again");
        assertFalse(model.playingProperty().get());
        assertEquals(end, model.target(), "nothing moved");
    }

    @Test
    void spaceWithFocusOnTheMemoryMapPlays() {
        goTo(model.totalProperty().get());
        focusShowEmpty();
        // a click on the map takes the focus from the check box: Space plays again
        clickOn(".memory-map");
        Node map = lookup(".memory-map").query();
        assertSame(map, window.scene().getFocusOwner(), "the map has the focus after a click");
        type(KeyCode.HOME);
        awaitPosition(0);
        type(KeyCode.SPACE);
        await(() -> model.playingProperty().get(), "playing");
        type(KeyCode.SPACE);
        await(() -> !model.playingProperty().get(), "paused");
    }

    @Test
    void spaceAtStartPlays() {
        goTo(0);
        clickOn("#counterLabel"); // the window's focus; a label takes none
        Node focus = window.scene().getFocusOwner();
        assertFalse(focus != null && Shortcuts.focusedControlTakes(space(), focus),
                "the window does not open with a control focused that would take Space: " + focus);
        type(KeyCode.SPACE);
        await(() -> model.playingProperty().get(), "playing");
        type(KeyCode.SPACE);
        await(() -> !model.playingProperty().get(), "paused");
    }

    @Test
    void spaceInATextFieldTypesASpace() {
        goTo(0);
        // the workbench's own panes have no text field; one anywhere in the window must get its spaces
        TextField field = new TextField();
        field.setId("spaceField");
        interact(() -> ((HBox) window.scene().lookup("#statusBar")).getChildren().add(field));
        clickOn("#spaceField");
        type(KeyCode.A, KeyCode.SPACE, KeyCode.B);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("a b", field.getText());
        assertFalse(model.playingProperty().get(), "typing a space does not play");
    }

    @Test
    void inALessonSpaceOnAFocusedCheckBoxPressesItInsteadOfTheNextBeat() throws Exception {
        var player = window.teaching().player();
        var lesson = new luolab.lesson.LessonLoader().loadBuiltin(luolab.lesson.LessonLoader.builtins().get(0));
        interact(() -> window.teaching().openLesson(lesson));
        await(() -> player.isOpen() && !player.loadingProperty().get() && player.beatProperty().get() == 0, "the lesson");
        CheckBox box = new CheckBox("a check box");
        box.setId("lessonSpaceBox");
        interact(() -> ((HBox) window.scene().lookup("#statusBar")).getChildren().add(box));
        clickOn("#lessonSpaceBox");
        assertTrue(box.isSelected() && box.isFocused(), "clicked: checked and focused");
        type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(box.isSelected(), "Space pressed the focused check box");
        assertEquals(0, player.beatProperty().get(), "and did not go to the next beat");
        clickOn(".memory-map");
        type(KeyCode.SPACE);
        await(() -> player.beatProperty().get() == 1, "Space on the map: the next beat");
    }

    @Test
    void spaceInATableStillPlays() {
        goTo(0);
        TableView<?> table = sessionTable();
        interact(table::requestFocus);
        type(KeyCode.SPACE);
        await(() -> model.playingProperty().get(), "playing with the sessions table focused");
        type(KeyCode.SPACE);
        await(() -> !model.playingProperty().get(), "paused");
    }

    @Test
    void theControlsThatTakeSpace() {
        interact(() -> {
            for (Node n : List.<Node>of(new Button("b"), new CheckBox("c"), new ToggleButton("t"), new RadioButton("r"),
                    new Hyperlink("h"), new ComboBox<String>(), new TextField())) {
                assertTrue(Shortcuts.focusedControlTakes(space(), n), n + " takes Space");
            }
            for (Node n : List.<Node>of(new Label("l"), new TableView<String>(), new javafx.scene.canvas.Canvas())) {
                assertFalse(Shortcuts.focusedControlTakes(space(), n), n + " leaves Space to play / pause");
            }
            assertFalse(Shortcuts.focusedControlTakes(space(), null), "no focus: play / pause");
            KeyEvent right = new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.RIGHT, false, false, false, false);
            assertFalse(Shortcuts.focusedControlTakes(right, new CheckBox("c")), "a check box leaves Right to stepping");
        });
    }

    @Test
    void theShortcutsDialogSaysWhatSpaceDoes() {
        clickOn("#counterLabel");
        type(KeyCode.F1);
        await(() -> lookup("#shortcutsDialog").tryQuery().isPresent(), "shortcuts dialog");
        DialogPane pane = lookup("#shortcutsDialog").query();
        Label note = (Label) pane.lookup("#shortcutsSpaceNote");
        assertEquals(ShortcutsDialog.SPACE_NOTE, note.getText());
        assertTrue(note.getText().contains("check box") && note.getText().contains("memory map"));
    }

    private static KeyEvent space() {
        return new KeyEvent(KeyEvent.KEY_PRESSED, " ", " ", KeyCode.SPACE, false, false, false, false);
    }

    /** The Chains tab's "show empty" check box, shown and focused. */
    private CheckBox focusShowEmpty() {
        TabPane tabs = lookup("#structureTabs").queryAs(TabPane.class);
        interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "chainsTab".equals(t.getId()))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        CheckBox box = lookup("#showEmptyChains").queryAs(CheckBox.class);
        clickOn("#counterLabel"); // the window's focus
        interact(box::requestFocus);
        assertTrue(box.isFocused(), "the check box has the focus");
        return box;
    }
}

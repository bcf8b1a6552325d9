package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.ScenarioBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sessions tab's caption of a trace-off run takes one line, so a long one (the handed-over
 * caption with a damage note) no longer takes the tables' height in a narrow pane: wrapped, it
 * left one or two session rows visible at 1100 × 700. Its whole text stays reachable: the
 * tooltip, and a "more" toggle (Tab to it, Enter; or a click, on it or on the text) that shows it
 * wrapped until "less". 16 MB sends any run trace-off.
 */
class TraceOffCaptionCompactTest extends WorkbenchTestBase {
    private static final int ROWS = 5;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> 16L << 20, () -> 0);
    }

    /** 12 sessions of one file each handed over, s-3's file chain pointing back at itself: the long caption. */
    private static Path damaged(Path dir) throws Exception {
        StringBuilder steps = new StringBuilder("{\"op\": \"open_device\", \"as\": \"dev\"},\n");
        for (int i = 0; i < 12; i++) {
            steps.append("{\"op\": \"create_session\", \"name\": \"s-" + i + "\", \"as\": \"s" + i + "\"},\n");
            steps.append("{\"op\": \"preserve_test_file\", \"session\": \"s" + i + "\", \"token\": \"" + (i + 1) + "\"},\n");
        }
        steps.append("{\"op\": \"corrupt\", \"injector\": \"self-loop\", \"params\": {\"set\": \"files:s-3\"}, \"at\": \"handover\"},\n");
        Path f = dir.resolve("damaged.json");
        Files.writeString(f, "{\"name\": \"damaged\", \"ram\": \"256M\", \"steps\": [\n" + steps + "{\"op\": \"kexec\"}\n]}");
        return f;
    }

    private Label caption() {
        return lookup("#sessionsCaption").queryAs(Label.class);
    }

    private ToggleButton more() {
        return lookup("#sessionsCaptionMore").queryAs(ToggleButton.class);
    }

    /** The text the caption draws (with "…" when cut). */
    private String drawn() {
        return ((Text) caption().lookup(".text")).getText();
    }

    /** Session rows the table shows (the last one may be cut by the pane's edge). */
    private int rowsShown() {
        VirtualFlow<?> flow = (VirtualFlow<?>) sessionTable().lookup(".virtual-flow");
        return flow.getLastVisibleCell().getIndex() - flow.getFirstVisibleCell().getIndex() + 1;
    }

    @Test
    void aLongCaptionTakesOneLineAndShowsWholeOnRequest(@TempDir Path dir) throws Exception {
        open(damaged(dir), false);
        interact(() -> {
            Stage s = (Stage) sessionTable().getScene().getWindow();
            s.setWidth(1280);
            s.setHeight(680);
        });
        WaitForAsyncUtils.waitForFxEvents();
        String full = caption().getText();
        assertTrue(full.contains("The bytes are damaged"), full);
        assertEquals(12, sessionTable().getItems().size());
        double line = caption().getFont().getSize() * 2;
        assertTrue(caption().getHeight() < line, "one line: " + caption().getHeight());
        assertTrue(rowsShown() >= ROWS, "session rows shown at 1280 x 680: " + rowsShown());
        assertTrue(drawn().endsWith("…") && drawn().length() < full.length(), drawn());
        assertEquals(full, caption().getTooltip().getText(), "the whole text on hover");

        // keyboard: the toggle takes focus and Enter opens the whole text, wrapped (Space is play / pause)
        ToggleButton more = more();
        assertTrue(more.isVisible() && more.isFocusTraversable() && !more.isDisabled());
        interact(() -> sessionTable().requestFocus());
        press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        assertTrue(more.isFocused(), "Shift+Tab from the sessions table reaches it: " + more.getScene().getFocusOwner());
        type(KeyCode.ENTER);
        assertTrue(more.isSelected());
        assertEquals("less", more.getText());
        assertEquals(full, drawn(), "nothing cut");
        assertTrue(caption().getHeight() > 2 * line, "wrapped: " + caption().getHeight());
        type(KeyCode.ENTER);
        assertFalse(more.isSelected());
        assertTrue(caption().getHeight() < line && rowsShown() >= ROWS, "back to one line");

        // mouse: a click on the text does the same
        clickOn(caption());
        assertTrue(more.isSelected());
        assertEquals(full, drawn());
        clickOn(more);
        assertFalse(more.isSelected());
    }

    @Test
    void aShortCaptionHasNoToggle(@TempDir Path dir) throws Exception {
        open(damaged(dir), false);
        interact(() -> {
            Stage s = (Stage) sessionTable().getScene().getWindow();
            s.setWidth(1560);
            s.setHeight(960);
            caption().setText("Final state of boot 2 · trace off.");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(more().isVisible(), "it fits: nothing to open");
        assertEquals("Final state of boot 2 · trace off.", drawn());
    }
}

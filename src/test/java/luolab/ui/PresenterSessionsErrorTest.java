package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose files the new kernel could not deserialize (its file count corrupted at the
 * handover: "File count mismatch" → luo_session_deserialize_one() "Failed to deserialize files
 * for session [victim] -EINVAL") in presenter mode at 1280 x 720: the error column takes what
 * width the other columns leave and cut "deserialize: -EINVAL" to "…", with no way to read it
 * whole. Picked, the row's whole error is now shown under the table, and every error cell has it
 * as its tooltip.
 */
class PresenterSessionsErrorTest extends PresenterTestBase {
    static final String ERROR = "deserialize: -EINVAL";

    @TempDir
    Path dir;

    @Test
    void aPickedSessionsDeserializeErrorIsShownWhole() throws Exception {
        Path f = dir.resolve("bad-count.json");
        Files.writeString(f, """
                {"name": "file count corrupted at the handover", "ram": "256M", "abi": "v7", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "victim", "as": "s"},
                  {"op": "preserve_test_file", "session": "s", "token": "1"},
                  {"op": "preserve_test_file", "session": "s", "token": "2"},
                  {"op": "corrupt", "injector": "file-count-mismatch", "params": {"session": "victim"}, "at": "handover"},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev2", "expect": "EIO"}
                ]}""");
        presenterAt(1280, 720);
        interact(() -> model.open(f));
        UiTestSupport.await(30, () -> model.runProperty().get() != null && f.equals(model.runProperty().get().source())
                && !model.busyProperty().get(), "the corrupted run");
        int end = model.totalProperty().get();
        interact(() -> model.goTo(end));
        UiTestSupport.await(10, () -> model.frame() != null && model.frame().position() == end, "the end of the run");
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(0));
        relayout();
        @SuppressWarnings("unchecked")
        TableView<SessionTable.Session> sessions = lookup("#sessionTable").queryAs(TableView.class);
        int[] row = {-1};
        interact(() -> {
            for (int i = 0; i < sessions.getItems().size(); i++) {
                if (ERROR.equals(sessions.getItems().get(i).error)) {
                    row[0] = i;
                }
            }
        });
        assertTrue(row[0] >= 0, "the new kernel's victim row has the deserialize error");
        interact(() -> sessions.getSelectionModel().select(row[0]));
        relayout();
        List<String> whole = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        interact(() -> {
            for (Node n : window.scene().getRoot().lookupAll("*")) {
                if (n instanceof Labeled l && l.getText() != null && l.getText().contains(ERROR)
                        && PresenterLayoutTest.visible(l) && l.getWidth() > 0) {
                    String shown = PresenterLayoutTest.shown(l);
                    (shown != null && shown.contains(ERROR) ? whole : cut).add(l.getClass().getSimpleName() + " #" + l.getId()
                            + " \"" + shown + "\"");
                }
            }
        });
        assertTrue(!whole.isEmpty(), "the whole error is readable somewhere: " + whole + " / cut: " + cut);
        // and the error cell itself carries it as a tooltip
        interact(() -> {
            for (Node n : sessions.lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && ERROR.equals(c.getText())) {
                    assertTrue(c.getTooltip() != null, "the error cell has a tooltip");
                    assertEquals(ERROR, c.getTooltip().getText());
                }
            }
        });
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Presenter mode at 1280 px wide: every state word ("serialized" was shown as "seri…"), session
 * name, token, handler and column header of the "Sessions" tab's tables is shown whole, with
 * no "…". (The error column takes what width is left; the fixture has no error.)
 */
class PresenterTableCellsTest extends PresenterTestBase {
    /** Every visible cell and column header of {@code t} whose shown text is not its whole text. */
    private static List<String> cut(TableView<?> t, String where) {
        List<String> out = new ArrayList<>();
        int cells = 0;
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && !c.isEmpty() && c.getText() != null && !c.getText().isEmpty()
                    && PresenterLayoutTest.visible(c)) {
                cells++;
                String shown = PresenterLayoutTest.shown(c);
                if (!c.getText().equals(shown)) {
                    out.add(where + " cell \"" + c.getText() + "\" shown as \"" + shown + "\" (width " + Math.round(c.getWidth()) + ", column " + Math.round(c.getTableColumn().getWidth()) + ")");
                }
            }
        }
        if (cells == 0) {
            out.add(where + ": no cell with text found");
        }
        for (Node n : t.lookupAll(".column-header .label")) {
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && PresenterLayoutTest.visible(l)) {
                String shown = PresenterLayoutTest.shown(l);
                if (!l.getText().equals(shown)) {
                    out.add(where + " header \"" + l.getText() + "\" shown as \"" + shown + "\"");
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1280, 1024"})
    void everyStateNameAndTokenIsShownWhole(int w, int h) {
        presenterAt(w, h);
        int end = model.totalProperty().get();
        interact(() -> model.goTo(end));
        UiTestSupport.await(10, () -> model.frame() != null && model.frame().position() == end, "the end of the run");
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(0));
        relayout();
        // looked up on the FX thread: a lookup from the test thread raced the tables' own layout
        TableView<?>[] tables = new TableView<?>[2];
        interact(() -> {
            tables[0] = (TableView<?>) window.scene().lookup("#sessionTable");
            tables[1] = (TableView<?>) window.scene().lookup("#fileTable");
        });
        TableView<?> sessions = tables[0];
        TableView<?> files = tables[1];
        UiTestSupport.await(10, () -> !sessions.getItems().isEmpty(), "sessions listed");
        interact(() -> sessions.getSelectionModel().select(0));
        relayout();
        UiTestSupport.await(10, () -> !files.getItems().isEmpty(), "files listed");
        relayout();
        List<String> problems = new ArrayList<>();
        interact(() -> {
            problems.addAll(cut(sessions, w + "x" + h + " sessions"));
            problems.addAll(cut(files, w + "x" + h + " files"));
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Presenter mode at 1280 and 1600 px: the beat chooser under the lesson shows the whole beat title
 * (it was "3. Tortoise and har…"), a selected row of every table, list and tree reads with WCAG
 * contrast of at least 4.5 (focused or not), and the block chain view's content is wide enough for
 * its last block and the marker after it.
 */
class PresenterReadabilityTest extends PresenterTestBase {
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1600, 1000"})
    @SuppressWarnings("unchecked")
    void theBeatChooserShowsTheWholeTitle(int w, int h) {
        lesson8At(w, h);
        ComboBox<Object> jump = lookup("#jumpToBeat").queryAs(ComboBox.class);
        int beats = window.teaching().player().current().size();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < beats; i++) {
            int k = i;
            interact(() -> window.teaching().player().go(k));
            relayout();
            String[] r = new String[2];
            interact(() -> {
                r[0] = jump.getConverter().toString(jump.getValue());
                // the cell the combo box shows its value in (its button cell)
                for (Node n : jump.lookupAll(".list-cell")) {
                    if (n instanceof ListCell<?> cell && cell.getText() != null && PresenterLayoutTest.visible(cell)) {
                        r[1] = PresenterLayoutTest.shown(cell);
                    }
                }
            });
            if (!r[0].equals(r[1])) {
                problems.add(w + "x" + h + ": \"" + r[0] + "\" shown as \"" + r[1] + "\"");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- selected rows -------------------------------------------------------------------------

    private static double luminance(Color c) {
        double[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : Math.pow((v[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }

    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The colour painted behind {@code n}: the last opaque fill of it or of the nearest ancestor with one. */
    private static Color behind(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof Region r) {
                Background bg = r.getBackground();
                if (bg != null) {
                    for (int i = bg.getFills().size() - 1; i >= 0; i--) {
                        BackgroundFill f = bg.getFills().get(i);
                        if (f.getFill() instanceof Color c && c.getOpacity() > 0.9) {
                            return c;
                        }
                    }
                }
            }
        }
        return Color.BLACK;
    }

    /** Every shown text in the selected cells under {@code view}, with its contrast against what is behind it. */
    private void checkSelected(Parent view, String where, List<String> out) {
        interact(() -> {
            int texts = 0;
            for (Node n : view.lookupAll(".text")) {
                if (!(n instanceof Text t) || t.getText() == null || t.getText().isBlank() || !PresenterLayoutTest.visible(t)) {
                    continue;
                }
                IndexedCell<?> cell = null;
                for (Node p = t; p != null && p != view; p = p.getParent()) {
                    if (p instanceof IndexedCell<?> c && !(p instanceof javafx.scene.control.TableCell<?, ?>)
                            && !(p instanceof javafx.scene.control.TreeTableCell<?, ?>)) {
                        cell = c;
                        break;
                    }
                }
                if (cell == null || !cell.isSelected() || cell.isEmpty()) {
                    continue;
                }
                texts++;
                Color fg = t.getFill() instanceof Color c ? c : Color.BLACK;
                Color bg = behind(t.getParent());
                double cr = contrast(fg, bg);
                if (cr < 4.5) {
                    out.add(String.format("%s: \"%s\" %s on %s, contrast %.2f", where, t.getText(), fg, bg, cr));
                }
            }
            if (texts == 0) {
                out.add(where + ": no selected text found");
            }
        });
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1600, 1000"})
    void selectedRowsAreReadable(int w, int h) {
        presenterAt(w, h);
        int end = model.totalProperty().get();
        interact(() -> model.goTo(end));
        UiTestSupport.await(10, () -> model.frame() != null && model.frame().position() == end, "the end of the run");
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(0));
        relayout();
        TableView<?> sessions = lookup("#sessionTable").queryAs(TableView.class);
        UiTestSupport.await(10, () -> !sessions.getItems().isEmpty(), "sessions listed");
        List<String> problems = new ArrayList<>();
        interact(() -> sessions.getSelectionModel().select(0));
        relayout();
        TableView<?> files = lookup("#fileTable").queryAs(TableView.class);
        UiTestSupport.await(10, () -> !files.getItems().isEmpty(), "files listed");
        interact(() -> files.getSelectionModel().select(0));
        interact(sessions::requestFocus);
        relayout();
        checkSelected(sessions, w + " sessions table, focused", problems);
        checkSelected(files, w + " files table, not focused", problems);
        interact(files::requestFocus);
        relayout();
        checkSelected(files, w + " files table, focused", problems);
        checkSelected(sessions, w + " sessions table, not focused", problems);

        interact(() -> window.teaching().showLessons());
        relayout();
        ListView<?> lessons = lookup("#lessonList").queryAs(ListView.class);
        interact(() -> lessons.getSelectionModel().select(1));
        interact(lessons::requestFocus);
        relayout();
        checkSelected(lessons, w + " lesson list, focused", problems);
        interact(sessions::requestFocus);
        relayout();
        checkSelected(lessons, w + " lesson list, not focused", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- block chains --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1600, 1000"})
    void theChainViewHoldsItsLastBlockAndMarker(int w, int h) {
        floydBeatInChainsAt(w, h);
        BlockChainCanvas c = lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
        UiTestSupport.await(10, () -> !c.boxes().isEmpty(), "chains drawn");
        ScrollPane scroll = (ScrollPane) lookup(".chain-scroll").query();
        interact(() -> scroll.setHvalue(scroll.getHmax()));
        relayout();
        List<String> problems = new ArrayList<>();
        interact(() -> {
            double right = 0;
            for (BlockChainCanvas.Box b : c.boxes()) {
                right = Math.max(right, b.rect().getMaxX());
            }
            // the end marker ("→ 0") or "… n more" after the last block
            double need = right + c.markerWidth();
            Bounds content = c.getLayoutBounds();
            if (content.getWidth() < need) {
                problems.add(w + "x" + h + ": content " + content.getWidth() + " px wide, the last block and marker need " + need);
            }
            Node viewport = scroll.lookup(".viewport");
            Bounds view = viewport.localToScene(viewport.getLayoutBounds());
            double rightInScene = c.localToScene(need, 0).getX();
            if (rightInScene > view.getMaxX() + 0.5) {
                problems.add(w + "x" + h + ": scrolled to the end, the marker ends at " + rightInScene + ", the view at " + view.getMaxX());
            }
            if (view.getMaxX() > window.scene().getWidth() + 0.5) {
                problems.add(w + "x" + h + ": the chain view ends at " + view.getMaxX() + ", past the window");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.text.Text;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.event.SelectPage;
import luolab.ui.view.HexCanvas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The hex inspector's field tree reads in full in presenter mode: at 1280 px it was 140 px beside
 * the bytes and cut "luo_file_s…" and every value. On the pages with the longest lines (luo_ser,
 * a session block, a file block) every cell's text is whole (no "…") and inside the tree's viewport
 * (no horizontal scrolling), the tree shows a few rows, and the bytes keep five rows across the
 * pane. Outside presenter mode the tree stays beside the bytes and as readable as before.
 */
class PresenterFieldTreeTest extends PresenterTestBase {
    /** Call on the FX thread: lookup() walks the scene graph, which the FX thread may be laying out. */
    private TreeView<?> tree() {
        return lookup("#fieldTree").queryAs(TreeView.class);
    }

    /** Looked up on the FX thread, so it may be called from the test thread. */
    private SplitPane split() {
        SplitPane[] p = new SplitPane[1];
        interact(() -> p[0] = lookup(".hex-pane .split-pane").queryAs(SplitPane.class));
        return p[0];
    }

    /** The hex inspector on page {@code pfn} at the end of the run, its structs expanded. */
    private void showPage(long pfn) {
        if (model.positionProperty().get() != model.totalProperty().get()) {
            int end = model.totalProperty().get();
            interact(() -> model.goTo(end));
            UiTestSupport.await(10, () -> model.frame() != null && model.frame().position() == end, "the end of the run");
        }
        interact(() -> model.select(new SelectPage(pfn)));
        HexCanvas[] hexes = new HexCanvas[1];
        TreeView<?>[] trees = new TreeView<?>[1];
        interact(() -> {
            hexes[0] = lookup("#hexCanvas").queryAs(HexCanvas.class);
            trees[0] = tree();
        });
        HexCanvas hex = hexes[0];
        TreeView<?> fields = trees[0];
        UiTestSupport.await(10, () -> hex.rangeStart() == PhysicalMemory.pa(pfn) && model.frame().hasPage(pfn)
                && !fields.getRoot().getChildren().isEmpty(), "the hex of page " + pfn);
        interact(() -> {
            for (TreeItem<?> s : tree().getRoot().getChildren()) {
                s.setExpanded(true);
            }
        });
        for (int i = 0; i < 2; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            interact(() -> window.scene().getRoot().applyCss());
            interact(() -> window.scene().getRoot().layout());
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    /** Every visible cell whose text is cut: shown with "…", or past the tree's viewport. */
    private List<String> cutCells(String where) {
        List<String> out = new ArrayList<>();
        interact(() -> {
            TreeView<?> t = tree();
            Bounds view = inScene(t.lookup(".clipped-container"));
            int cells = 0;
            for (Node n : t.lookupAll(".tree-cell")) {
                if (!(n instanceof TreeCell<?> c) || !c.isVisible() || c.getText() == null || c.getText().isEmpty()) {
                    continue;
                }
                if (inScene(c).getMinY() >= view.getMaxY() || inScene(c).getMaxY() <= view.getMinY()) {
                    continue;
                }
                cells++;
                String shown = PresenterLayoutTest.shown(c);
                if (shown != null && !shown.equals(c.getText())) {
                    out.add(where + ": \"" + c.getText() + "\" shown as \"" + shown + "\" (cell " + Math.round(c.getWidth())
                            + " px wide, wants " + Math.round(c.prefWidth(-1)) + ")");
                    continue;
                }
                for (Node k : c.getChildrenUnmodifiable()) {
                    if (k instanceof Text text && k.getStyleClass().contains("text")) {
                        Bounds b = inScene(text);
                        if (b.getMaxX() > view.getMaxX() + 0.5 || b.getMinX() < view.getMinX() - 0.5) {
                            out.add(String.format("%s: \"%s\" spans x %.0f–%.0f, the tree shows %.0f–%.0f", where,
                                    c.getText(), b.getMinX(), b.getMaxX(), view.getMinX(), view.getMaxX()));
                        }
                    }
                }
            }
            if (cells < 2) {
                out.add(where + ": only " + cells + " cells visible");
            }
            for (Node n : t.lookupAll(".scroll-bar")) {
                if (n instanceof ScrollBar sb && sb.getOrientation() == Orientation.HORIZONTAL && sb.isVisible()) {
                    out.add(where + ": the tree scrolls sideways");
                }
            }
        });
        return out;
    }

    /** Rows of bytes under the column header, and rows of the tree in its viewport. */
    private double[] rows() {
        double[] r = new double[2];
        interact(() -> {
            HexCanvas hex = lookup("#hexCanvas").queryAs(HexCanvas.class);
            r[0] = (hex.canvas().getHeight() - 1.6 * hex.fontSize()) / hex.rowHeight();
            TreeCell<?> cell = (TreeCell<?>) tree().lookup(".tree-cell");
            r[1] = tree().lookup(".clipped-container").getLayoutBounds().getHeight() / cell.getHeight();
        });
        return r;
    }

    private List<String> everyPage(String size) {
        List<String> problems = new ArrayList<>();
        for (long pfn : new long[] {demo.luoSerPfn(), demo.sessionBlockPfn(), demo.fileBlockPfn()}) {
            showPage(pfn);
            String[] range = new String[1];
            interact(() -> range[0] = lookup("#hexRange").queryAs(Label.class).getText());
            String where = size + " " + range[0];
            problems.addAll(cutCells(where));
            double[] r = rows();
            if (r[0] < 5) {
                problems.add(where + ": " + r[0] + " rows of bytes");
            }
            if (r[1] < 2.5) {
                problems.add(where + ": the tree shows " + r[1] + " rows");
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1280, 1024", "1600, 1000", "1920, 1080"})
    void fieldNamesAndValuesAreWholeInPresenterMode(int w, int h) {
        presenterAt(w, h);
        List<String> problems = everyPage(w + "x" + h);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** With the room (the lesson panel closed at 1920 px) the tree stays beside the bytes, just wide enough. */
    @Test
    void onAWidePaneTheTreeStaysBesideTheBytes() {
        presenterAt(1920, 1080);
        interact(() -> window.teaching().showPanel(false));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> problems = everyPage("1920x1080 without the lesson panel");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Orientation.HORIZONTAL, split().getOrientation(), "the tree beside the bytes");
        double[] g = new double[3];
        interact(() -> {
            HexCanvas hex = lookup("#hexCanvas").queryAs(HexCanvas.class);
            TreeCell<?> cell = (TreeCell<?>) tree().lookup(".tree-cell");
            g[0] = hex.fontSize();
            g[1] = cell.getFont().getSize();
            g[2] = tree().getWidth();
        });
        assertTrue(g[0] >= g[1] - 0.01, "the bytes (" + g[0] + " px) are no smaller than the field names (" + g[1] + " px)");
        assertTrue(g[2] < 0.45 * split().getWidth(), "the tree takes what its lines need, not half the pane: " + g[2]);
    }

    /** Outside presenter mode: beside the bytes at two thirds, whole at the workbench's size, and back after F5. */
    @Test
    void normalModeKeepsTheTreeBesideTheBytes() {
        interact(() -> {
            stage.hide();
            stage.setWidth(1560);
            stage.setHeight(960);
            stage.show();
        });
        List<String> before = everyPage("1560x960");
        assertTrue(before.isEmpty(), String.join("\n", before));
        double[] div = split().getDividerPositions();
        assertEquals(Orientation.HORIZONTAL, split().getOrientation());
        assertEquals(0.67, div[0], 0.02, "the FXML's divider");

        presenterAt(1280, 800);
        interact(() -> window.teaching().setPresenter(false));
        interact(() -> {
            stage.hide();
            stage.setWidth(1560);
            stage.setHeight(960);
            stage.show();
        });
        List<String> after = everyPage("1560x960 after presenter mode");
        assertTrue(after.isEmpty(), String.join("\n", after));
        assertEquals(Orientation.HORIZONTAL, split().getOrientation(), "the tree back beside the bytes");
        assertEquals(div[0], split().getDividerPositions()[0], 0.01, "the divider where it was");
    }
}

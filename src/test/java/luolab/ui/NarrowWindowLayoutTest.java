package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import luolab.ui.view.WrapRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The workbench in narrow windows, down to the minimum window size (1024 x 640): the right-hand
 * panes (the structure tabs and the kernel log / call stack) lie inside the window. Below ~1100 px
 * the cycle bar's one row of chips and transport was wider than the window, the BorderPane laid
 * the whole workbench out at that minimum width and the right panes ran ~90 px past the edge.
 * Content that does not fit must scroll (a table's or scroll pane's clip), not overflow.
 */
class NarrowWindowLayoutTest extends PresenterTestBase {
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 640", "1100, 700", "1280, 720", "1920, 1080"})
    void everyVisibleNodeOfTheRightPanesIsInsideTheWindow(int w, int h) {
        sizeTo(w, h);
        interact(() -> model.end());
        relayout();
        TabPane structure = lookup("#structureTabs").queryAs(TabPane.class);
        @SuppressWarnings("unchecked")
        TableView<Object> sessions = lookup("#sessionTable").queryAs(TableView.class);
        interact(() -> sessions.getSelectionModel().select(0));
        List<String> problems = new ArrayList<>();
        for (int t = 0; t < structure.getTabs().size(); t++) {
            int tab = t;
            interact(() -> structure.getSelectionModel().select(tab));
            relayout();
            String name = structure.getTabs().get(tab).getText();
            interact(() -> {
                double sw = window.scene().getWidth();
                double sh = window.scene().getHeight();
                for (String pane : List.of("#structureTabs", "#traceTabs")) {
                    List<String> out = new ArrayList<>();
                    outside(window.scene().lookup(pane), EVERYWHERE, sw, sh, out);
                    out.forEach(s -> problems.add(pane + " (" + name + " tab): " + s));
                }
            });
        }
        assertTrue(problems.isEmpty(), w + "x" + h + ", scene " + window.scene().getWidth() + " wide:\n"
                + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        Bounds root = window.scene().getRoot().getLayoutBounds();
        assertTrue(root.getWidth() <= w + 0.5, "the workbench is laid out " + root.getWidth() + " px wide in a " + w
                + " px window");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1920, 1080"})
    void wideWindowsKeepTheCycleBarOnOneLine(int w, int h) {
        sizeTo(w, h);
        relayout();
        WrapRow row = lookup("#transportRow").queryAs(WrapRow.class);
        assertTrue(row.isOneLine(), "chips and transport side by side at " + w);
        Node counter = lookup("#counterLabel").query();
        Node corrupt = lookup("#corruptButton").query();
        Node chips = lookup(".phase-chips").query();
        double right = window.scene().lookup("#cycleBar").localToScene(
                window.scene().lookup("#cycleBar").getLayoutBounds()).getMaxX();
        Bounds c = corrupt.localToScene(corrupt.getLayoutBounds());
        Bounds k = counter.localToScene(counter.getLayoutBounds());
        Bounds p = chips.localToScene(chips.getLayoutBounds());
        // as before: the transport flush with the bar's right padding (12 px), on the chips' line
        assertEquals(right - 12, c.getMaxX(), 1, "the transport ends at the bar's right edge");
        assertTrue(k.getMaxX() < c.getMinX(), "the counter before the Corrupt button");
        assertEquals(p.getCenterY(), k.getCenterY(), 2, "the counter on the chips' line");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 640", "1100, 700"})
    void narrowWindowsWrapTheTransportUnderTheChips(int w, int h) {
        sizeTo(w, h);
        relayout();
        Node counter = lookup("#counterLabel").query();
        Node chips = lookup(".phase-chips").query();
        Bounds k = counter.localToScene(counter.getLayoutBounds());
        Bounds p = chips.localToScene(chips.getLayoutBounds());
        assertTrue(k.getMinY() >= p.getMaxY(), "the transport on its own line under the chips");
        assertTrue(k.getMaxX() <= w, "the counter inside the window: " + k);
    }

    @org.junit.jupiter.api.Test
    void theWindowCannotBeMadeSmallerThanTheLayoutFits() {
        assertEquals(MainWindow.MIN_WIDTH, stage.getMinWidth(), 0.1);
        assertEquals(MainWindow.MIN_HEIGHT, stage.getMinHeight(), 0.1);
    }

    private void sizeTo(int w, int h) {
        interact(() -> {
            // resized while hidden: Monocle's headless painter overflows its buffer when a shown window grows
            stage.hide();
            stage.setWidth(w);
            stage.setHeight(h);
            stage.show();
        });
        relayout();
        assertEquals(w, window.scene().getWidth(), 1, "the window is as wide as asked");
    }

    /** No clip yet: the walk starts at the pane, so the split pane's clip round it does not hide an overflow. */
    private static final Bounds EVERYWHERE = new BoundingBox(-1e6, -1e6, 2e6, 2e6);

    /**
     * Adds every visible node under {@code n} whose visible part (its bounds within {@code shown},
     * what the clips of its ancestors under the pane let through: a table or scroll pane scrolls)
     * reaches past the window.
     */
    static void outside(Node n, Bounds shown, double w, double h, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        Bounds vis = intersect(n.localToScene(n.getLayoutBounds()), shown);
        if (vis == null) {
            return; // scrolled out of view
        }
        if (vis.getWidth() > 0 && vis.getHeight() > 0 && (vis.getMinX() < -0.5 || vis.getMaxX() > w + 0.5
                || vis.getMinY() < -0.5 || vis.getMaxY() > h + 0.5)) {
            out.add(n.getClass().getSimpleName() + " #" + n.getId() + " " + n.getStyleClass() + " x "
                    + Math.round(vis.getMinX()) + ".." + Math.round(vis.getMaxX()) + " y " + Math.round(vis.getMinY()) + ".."
                    + Math.round(vis.getMaxY()));
        }
        Bounds inner = shown;
        if (n.getClip() != null) {
            inner = intersect(shown, n.localToScene(n.getClip().getBoundsInParent()));
            if (inner == null) {
                return;
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                outside(c, inner, w, h, out);
            }
        }
    }

    static Bounds intersect(Bounds a, Bounds b) {
        double x0 = Math.max(a.getMinX(), b.getMinX());
        double y0 = Math.max(a.getMinY(), b.getMinY());
        double x1 = Math.min(a.getMaxX(), b.getMaxX());
        double y1 = Math.min(a.getMaxY(), b.getMaxY());
        return x1 < x0 || y1 < y0 ? null : new BoundingBox(x0, y0, x1 - x0, y1 - y0);
    }
}

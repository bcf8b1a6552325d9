package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The structure pane's four tab headers are read whole at classroom sizes: at 1280 px the last one
 * was cut to "Handover (" next to the overflow arrow, at 1600 to "Handover (FD". Each header's label
 * shows its whole title inside the header area, no overflow menu is needed, and the tab's tooltip
 * gives the full name.
 */
class StructureTabTitlesTest extends PresenterTestBase {
    private void sizeAt(int w, int h, boolean presenter) {
        interact(() -> {
            stage.hide();
            stage.setWidth(w);
            stage.setHeight(h);
            stage.show();
        });
        interact(() -> window.teaching().setPresenter(presenter));
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> window.scene().getRoot().applyCss());
        interact(() -> window.scene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    @ParameterizedTest(name = "{0}x{1} presenter={2}")
    @CsvSource({"1280, 720, true", "1280, 800, true", "1600, 1000, true", "1280, 720, false", "1600, 1000, false"})
    void everyTabTitleIsShownWhole(int w, int h, boolean presenter) {
        sizeAt(w, h, presenter);
        List<String> problems = new ArrayList<>();
        interact(() -> {
            TabPane tp = (TabPane) window.scene().lookup("#structureTabs");
            Node area = tp.lookup(".tab-header-area");
            double right = inScene(area).getMaxX();
            for (Node n : tp.lookupAll(".control-buttons-tab")) {
                if (n.isVisible()) {
                    problems.add("the tab overflow menu is shown");
                }
            }
            if (tp.getTabs().size() != 4) {
                problems.add(tp.getTabs().size() + " tabs");
            }
            for (Tab t : tp.getTabs()) {
                Node header = null;
                for (Node n : tp.lookupAll(".tab")) {
                    if (n.getProperties().get(Tab.class) == t) {
                        header = n;
                    }
                }
                if (header == null) {
                    problems.add("no header for " + t.getText());
                    continue;
                }
                Label l = (Label) header.lookup(".tab-label");
                String shown = PresenterLayoutTest.shown(l);
                if (!t.getText().equals(shown) || shown.contains("…")) {
                    problems.add("\"" + t.getText() + "\" shown as \"" + shown + "\"");
                }
                Bounds b = inScene(header);
                if (b.getMaxX() > right + 0.5 || !header.isVisible()) {
                    problems.add("\"" + t.getText() + "\" header ends at " + b.getMaxX() + ", its area at " + right);
                }
                if (t.getTooltip() == null || t.getTooltip().getText().length() < t.getText().length()) {
                    problems.add("\"" + t.getText() + "\" has no tooltip with its full name");
                }
            }
        });
        assertTrue(problems.isEmpty(), w + "x" + h + (presenter ? " presenter" : "") + ": " + String.join("; ", problems));
    }
}

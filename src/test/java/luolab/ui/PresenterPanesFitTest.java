package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import luolab.ui.view.HexCanvas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Presenter mode fills its panes at classroom sizes, 1280 px wide included: the session and file
 * tables fit their pane (no horizontal scroll bar for five short columns), the chain view stays
 * inside its tab, the animation clock is in the projector's type, and the hex rows span the
 * inspector's width without being cut.
 */
class PresenterPanesFitTest extends PresenterTestBase {
    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    private static ScrollBar bar(TableView<?> t, Orientation o) {
        for (Node n : t.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar sb && sb.getOrientation() == o) {
                return sb;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1280, 1024", "1600, 1000", "1920, 1080"})
    void tablesChainsClockAndHexFitTheirPanes(int w, int h) {
        presenterAt(w, h);
        List<String> problems = new ArrayList<>();
        interact(() -> {
            Node tabs = window.scene().lookup("#structureTabs");
            double right = inScene(tabs).getMaxX();
            // the panes themselves inside the window: at 1280x1024 the height-only type (21 px) made
            // the workbench wider than the window and cut the structure pane at its right edge
            for (String id : List.of("#structureTabs", "#inspectorTabs")) {
                double end = inScene(window.scene().lookup(id)).getMaxX();
                if (end > window.scene().getWidth() + 0.5) {
                    problems.add(id + " ends at " + end + ", the window at " + window.scene().getWidth());
                }
            }
            for (String id : List.of("#sessionTable", "#fileTable")) {
                TableView<?> t = (TableView<?>) window.scene().lookup(id);
                ScrollBar v = bar(t, Orientation.VERTICAL);
                double room = t.getWidth() - t.snappedLeftInset() - t.snappedRightInset()
                        - (v != null && v.isVisible() ? v.getWidth() : 0);
                double cols = t.getVisibleLeafColumns().stream().mapToDouble(TableColumn::getWidth).sum();
                if (cols > room + 0.5) {
                    problems.add(id + ": columns " + cols + " px in " + room + " px");
                }
                ScrollBar hb = bar(t, Orientation.HORIZONTAL);
                if (hb != null && hb.isVisible()) {
                    problems.add(id + ": horizontal scroll bar");
                }
                if (inScene(t).getMaxX() > right + 0.5) {
                    problems.add(id + " ends at " + inScene(t).getMaxX() + ", its pane at " + right);
                }
            }
            Node chains = window.scene().lookup(".chain-scroll");
            if (chains != null && inScene(chains.getParent()).getMaxX() > right + 0.5) {
                problems.add("the chain view ends at " + inScene(chains.getParent()).getMaxX() + ", its pane at " + right);
            }
        });
        assertTrue(problems.isEmpty(), w + "x" + h + ": " + String.join("; ", problems));

        // the clock in the projector's type (the root's presenter size, at least 14 px), shown whole
        Label clock = lookup("#animClock").queryAs(Label.class);
        double rootPx = Font.font(14).getSize();
        String style = window.scene().getRoot().getStyle();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-fx-font-size: *([0-9.]+)px").matcher(style);
        assertTrue(m.find(), "presenter mode sets the root font size: " + style);
        rootPx = Double.parseDouble(m.group(1));
        assertTrue(rootPx >= 14, "presenter type " + rootPx);
        assertTrue(clock.getFont().getSize() >= rootPx - 0.01,
                "the clock is " + clock.getFont().getSize() + " px, the presenter type " + rootPx + " px");
        assertTrue(!clock.getText().isEmpty() && clock.getText().equals(PresenterLayoutTest.shown(clock)),
                "the clock is shown whole: " + PresenterLayoutTest.shown(clock));

        // hex: rows as wide as the canvas allows, never wider; the type at least the normal 12 px
        HexCanvas hex = lookup("#hexCanvas").queryAs(HexCanvas.class);
        double[] g = new double[6];
        interact(() -> {
            g[4] = hex.canvas().getHeight();
            g[5] = hex.rowHeight();
            g[0] = hex.rowWidth();
            g[1] = hex.canvas().getWidth();
            g[2] = hex.fontSize();
            Node pane = window.scene().lookup(".hex-pane");
            Node tabs = window.scene().lookup("#inspectorTabs");
            g[3] = inScene(tabs).getMaxX() - inScene(pane).getMaxX();
        });
        assertTrue(g[0] <= g[1] + 0.5, "a hex row (" + g[0] + " px) is cut by its canvas (" + g[1] + " px)");
        assertTrue(g[2] >= hex.maxFontSizeProperty().get() - 0.01 || g[0] >= g[1] - 0.06 * g[1] - 8,
                "the hex rows (" + g[0] + " px at " + g[2] + " px type) leave the canvas (" + g[1] + " px) half empty");
        assertTrue(g[2] >= 12, "hex type " + g[2] + " px at " + w + "x" + h);
        assertTrue(hex.maxFontSizeProperty().get() >= rootPx - 0.01, "the hex type may grow to the presenter type");
        // at least five whole rows of bytes under the column header (1.6 rows tall): at 1280x800 the
        // inspector showed about three, the last one cut
        double rows = (g[4] - 1.6 * g[2]) / g[5];
        assertTrue(rows >= 5, "the hex inspector shows " + rows + " rows at " + w + "x" + h);
        assertTrue(Math.abs(g[3]) < 2, "the hex inspector stops " + g[3] + " px short of its tab's right edge");
    }

    /** The overlay's texts (banner, callout, stage caption, phase card) follow the presenter type. */
    @org.junit.jupiter.api.Test
    void overlayTextScalesWithThePresenterType() {
        List<String> ids = List.of("#animPanicBanner", "#animCallout", "#animStage", "#animPhaseCard");
        double[] normal = new double[ids.size()];
        interact(() -> {
            window.scene().getRoot().applyCss();
            for (int i = 0; i < ids.size(); i++) {
                normal[i] = ((Label) window.scene().lookup(ids.get(i))).getFont().getSize();
            }
        });
        for (double n : normal) {
            assertTrue(n >= 12 && n <= 18, "outside presenter mode the overlay type stays small: " + n);
        }
        presenterAt(1280, 1024);
        String style = window.scene().getRoot().getStyle();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-fx-font-size: *([0-9.]+)px").matcher(style);
        assertTrue(m.find(), style);
        double rootPx = Double.parseDouble(m.group(1));
        interact(() -> {
            for (int i = 0; i < ids.size(); i++) {
                double px = ((Label) window.scene().lookup(ids.get(i))).getFont().getSize();
                assertTrue(px >= 0.9 * rootPx - 0.01 && px > normal[i],
                        ids.get(i) + " is " + px + " px in presenter type " + rootPx + " px (was " + normal[i] + ")");
            }
        });
    }
}

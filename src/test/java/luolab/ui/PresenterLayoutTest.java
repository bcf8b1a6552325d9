package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presenter mode (large type for a projector) at the window sizes classrooms have: the memory
 * pane's header, the cycle bar, the animation bar and the session/file table headers are readable
 * in full, nothing cut to "…".
 */
class PresenterLayoutTest extends PresenterTestBase {
    /** The text a Labeled shows (its skin's Text node), or null when not laid out yet. */
    static String shown(Labeled l) {
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof Text t && n.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return null;
    }

    /** Every visible Labeled under {@code root} whose shown text is not its whole text. */
    static List<String> cut(Parent root, List<String> where) {
        List<String> out = new ArrayList<>();
        for (Node n : root.lookupAll("*")) {
            if (!(n instanceof Labeled l) || l.getText() == null || l.getText().isEmpty() || !visible(l)) {
                continue;
            }
            String s = shown(l);
            if (s != null && !s.equals(l.getText())) {
                out.add(where + ": \"" + l.getText() + "\" shown as \"" + s + "\" (" + l.getStyleClass() + ", width "
                        + Math.round(l.getWidth()) + ")");
            }
        }
        return out;
    }

    static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1600, 1000", "1280, 720", "1920, 1080"})
    void everyControlOfTheTopBarsAndTheMapHeaderIsReadable(int w, int h) {
        presenterAt(w, h);
        List<String> problems = problems();
        // with Animate off the cycle bar shows its own events-per-second box instead
        interact(() -> window.animation().animator().enabledProperty().set(false));
        interact(() -> window.scene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(visible(lookup("#speedBox").query()));
        problems.addAll(problems());
        interact(() -> window.animation().animator().enabledProperty().set(true));
        ComboBox<?> speed = lookup("#animSpeed").queryAs(ComboBox.class);
        assertTrue(visible(speed));
        String title = shown(lookup(".map-pane .pane-title").queryAs(Labeled.class));
        String ram = shown(lookup("#ramLabel").queryAs(Labeled.class));
        assertTrue(problems.isEmpty(), w + "x" + h + " at " + window.scene().getRoot().getStyle() + ": " + String.join("\n", problems)
                + " / title " + title);
        assertEquals("Physical memory", title);
        // the RAM line drops words rather than letters: at least the size stays
        assertTrue(lookup("#ramLabel").queryAs(luolab.ui.view.FittingLabel.class).variants().contains(ram)
                && ram.startsWith("64 MiB"), "the RAM line is one of its wordings: " + ram);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        interact(() -> {
            Parent map = (Parent) window.scene().lookup(".map-pane .pane-header");
            problems.addAll(cut(map, List.of()).stream().map(s -> "memory header " + s).toList());
            problems.addAll(cut((Parent) window.scene().lookup("#cycleBar"), List.of()).stream()
                    .filter(s -> !s.contains("event-line")).map(s -> "cycle bar " + s).toList());
            problems.addAll(cut((Parent) window.scene().lookup("#animBar"), List.of()).stream()
                    .filter(s -> !s.contains("anim-caption")).map(s -> "animation bar " + s).toList());
            Node lessons = window.scene().lookup("#lessonList");
            if (lessons != null && visible(lessons)) {
                problems.addAll(cut((Parent) lessons, List.of()).stream().map(s -> "lesson list " + s).toList());
            }
            for (String table : List.of("#sessionTable", "#fileTable")) {
                for (Node header : window.scene().lookup(table).lookupAll(".column-header")) {
                    problems.addAll(cut((Parent) header, List.of()).stream().map(s -> table + " header " + s).toList());
                }
            }
        });
        return problems;
    }
}

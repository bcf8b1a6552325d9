package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import luolab.engine.trace.Phase;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.ScenarioBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run too big for a stepping trace in the heap is made with the trace off: the cycle bar says so
 * and why instead of "event 0 / 0", nothing offers to step or play it, and the Sessions table shows
 * the final state under a caption that says so ({@link TraceOffSessionsTest} checks its rows).
 */
class TraceOffRunTest extends WorkbenchTestBase {
    private static final long MB = 1L << 20;

    /** A 100 MB heap: 30,000 files need ≈107 MB for a FULL trace, so the run goes trace-off. */
    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(100 * MB, 0);
    }

    private static Path manyFiles(Path dir) throws Exception {
        return UiTestSupport.manyFilesHandedOver(dir, 300, 100);
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void theCycleBarSaysTheTraceIsOffAndWhyAndStepControlsAreOff(@TempDir Path dir) throws Exception {
        assertTrue(text("#counterLabel").startsWith("event "), "a traced fixture first: " + text("#counterLabel"));
        Path f = manyFiles(dir);
        interact(() -> model.open(f));
        await(() -> model.runProperty().get() != null && f.equals(model.runProperty().get().source()), "the trace-off run");
        awaitPosition(0);
        assertFalse(model.runProperty().get().traced());

        String counter = text("#counterLabel");
        assertFalse(counter.contains("0 / 0"), counter);
        assertEquals("final state · trace off", counter);
        String line = text("#eventLabel");
        assertTrue(line.startsWith("Trace off — the final state is shown"), line);
        assertTrue(line.contains("stepping through it needs ≈107 MB of heap, 100 MB free"), line);
        assertTrue(line.contains("-Xmx"), "says how to get a trace: " + line);

        for (String b : new String[] {"#homeButton", "#backButton", "#playButton", "#stepButton", "#endButton"}) {
            assertTrue(lookup(b).queryAs(Button.class).isDisabled(), b + " is disabled");
        }
        assertTrue(lookup("#timeline").queryAs(Slider.class).isDisabled());
        for (Phase p : Phase.values()) {
            assertFalse(lookup("#phase-" + p.name()).query().getStyleClass().contains("current"),
                    "no phase claims to be current without a trace: " + p);
        }
        // the keyboard cannot step or play it either
        clickOn("#counterLabel");
        type(KeyCode.RIGHT);
        type(KeyCode.SPACE);
        type(KeyCode.END);
        assertFalse(model.playingProperty().get());
        assertEquals(0, model.positionProperty().get());
        assertTrue(model.statusProperty().get().contains("final state only (trace off"), model.statusProperty().get());
        // the kernel log is replayed from trace events: it says why it is empty; the sessions table shows
        // the final state instead: the 300 sessions the new kernel deserialized, 100 files each
        assertTrue(placeholder("#logList").startsWith("This run was made with the trace off"), placeholder("#logList"));
        String caption = text("#sessionsCaption");
        assertTrue(lookup("#sessionsCaption").query().isVisible());
        assertTrue(caption.startsWith("Final state of boot 2 · trace off — 300 sessions, 30,000 files"), caption);
        javafx.scene.control.TableView<?> sessions = lookup("#sessionTable").queryAs(javafx.scene.control.TableView.class);
        assertEquals(300, sessions.getItems().size());
        var first = (luolab.ui.model.SessionTable.Session) sessions.getItems().get(0);
        assertEquals("many-0", first.name);
        assertEquals("incoming", first.state);
        assertEquals(100, first.liveFiles());

        // back to a traced run: the bar counts events again
        interact(() -> model.load(demo.run()));
        await(() -> text("#counterLabel").startsWith("event "), "the counter of a traced run");
        assertFalse(lookup("#stepButton").queryAs(Button.class).isDisabled());
        assertFalse(text("#eventLabel").startsWith("Trace off"));
        assertFalse(lookup("#sessionsCaption").query().isVisible(), "a traced run is not a final state");
        assertEquals("No session has been created yet at this event.", placeholder("#sessionTable"));
        assertEquals("No kernel messages yet.", placeholder("#logList"));
    }

    private String placeholder(String id) {
        javafx.scene.Node n = lookup(id).query();
        javafx.scene.Node p = n instanceof javafx.scene.control.TableView<?> t ? t.getPlaceholder()
                : ((javafx.scene.control.ListView<?>) n).getPlaceholder();
        return ((Label) p).getText();
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.FinalSessions;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.model.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2000 sessions × 500 files, trace off: the final state is read into columns on the worker that
 * ran it, and the tables make a row only when they show it — a million files never become a
 * million objects on the FX thread.
 */
class TraceOffMillionFilesTest extends WorkbenchTestBase {
    private static final long MB = 1L << 20;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(16 * MB, 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMillionFilesAreShownRowByRowAsTheTableNeedsThem(@TempDir Path dir) throws Exception {
        Path f = UiTestSupport.manyFiles(dir, 2000, 500);
        interact(() -> model.open(f));
        UiTestSupport.await(120, () -> model.runProperty().get() != null && f.equals(model.runProperty().get().source()),
                "the million-file run");
        LoadedRun run = model.runProperty().get();
        assertFalse(run.traced());
        FinalSessions fin = run.finalSessions();
        assertEquals(2000, fin.sessionCount());
        assertEquals(1_000_000, fin.fileCount());
        String caption = lookup("#sessionsCaption").queryAs(Label.class).getText();
        assertTrue(caption.startsWith("Final state of boot 1 · trace off — 2,000 sessions, 1,000,000 files"), caption);

        TableView<SessionTable.Session> sessions = lookup("#sessionTable").queryAs(TableView.class);
        TableView<SessionTable.File> files = lookup("#fileTable").queryAs(TableView.class);
        assertEquals(2000, sessions.getItems().size());
        assertTrue(fin.sessionRowsMade() < 200, "only the rows on screen were made: " + fin.sessionRowsMade());
        assertEquals(0, fin.fileRowsMade(), "no session picked, no file row made");

        interact(() -> {
            sessions.scrollTo(1990);
            sessions.getSelectionModel().select(1999);
        });
        SessionTable.Session last = sessions.getSelectionModel().getSelectedItem();
        assertEquals("many-1999", last.name);
        assertEquals("open", last.state);
        assertEquals(500, last.liveFiles());
        assertEquals(500, files.getItems().size());
        assertTrue(fin.fileRowsMade() < 200, "only the file rows on screen were made: " + fin.fileRowsMade());
        interact(() -> files.scrollTo(499));
        SessionTable.File end = files.getItems().get(499);
        assertEquals(499, end.token);
        assertEquals("preserved", end.state);
        assertEquals("luolab-test-v1", end.compatible);
        assertTrue(fin.sessionRowsMade() < 400 && fin.fileRowsMade() < 400,
                fin.sessionRowsMade() + " session rows, " + fin.fileRowsMade() + " file rows");
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A long scenario run: the status bar's progress bar advances, the FX thread and the shown run stay
 * usable meanwhile, and Cancel (or Esc, or opening another file) stops it with nothing lost.
 */
class RunProgressTest extends WorkbenchTestBase {
    /**
     * The product's backend, paced so that {@link #bigRun} cannot finish before the test cancels it
     * however fast the machine: the runner polls cancel before every op, and every 100th poll here
     * sleeps 1 ms (at least 20 s for its 2 M ops; the test cancels a second or two in).
     */
    @Override
    ScenarioBackend backend() {
        return UiTestSupport.around(new EngineScenarioBackend(), (file, progress, cancelled, real) -> {
            AtomicLong polls = new AtomicLong();
            return real.load(file, progress, () -> {
                if (polls.incrementAndGet() % 100 == 0) {
                    LockSupport.parkNanos(1_000_000L);
                }
                return cancelled.getAsBoolean();
            });
        });
    }

    /**
     * 1,000 sessions × 1,000 test files (5–10 s unpaced on an idle 2-core machine). Its FULL
     * estimate (~1.6 GB) fits the tests' 3 GB heap; should the heap be fuller, it runs with the
     * trace off, which the assertions allow.
     */
    private static Path bigRun(Path dir) throws Exception {
        return UiTestSupport.manyFiles(dir, 1000, 1000);
    }

    private static Path demoFile() {
        return UiTestSupport.scenario("default-demo.json");
    }

    private static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the FX thread did not answer", e);
        }
    }

    private double awaitProgressAbove(ProgressBar bar, double than) {
        await(() -> fx(bar::getProgress) > than, "progress above " + than);
        return fx(bar::getProgress);
    }

    /** A hang guard, not a speed target: a round trip through the FX queue while the engine works. */
    private static void assertFxAnswersWithin2s() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(done::countDown);
        assertTrue(done.await(2, TimeUnit.SECONDS), "the FX thread answers while the scenario runs");
    }

    /** Visible with all its ancestors (the indicator hides as a whole). */
    private static boolean shown(javafx.scene.Node n) {
        return fx(() -> {
            for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null;
        });
    }

    private String status() {
        return fx(() -> model.statusProperty().get());
    }

    @Test
    void theBarAdvancesTheWorkbenchStaysUsableAndCancelKeepsThePreviousRun(@TempDir Path dir) throws Exception {
        goTo(3);
        LoadedRun before = model.runProperty().get();
        ProgressBar bar = lookup("#runProgress").queryAs(ProgressBar.class);
        Button cancel = lookup("#cancelRun").queryButton();
        assertFalse(shown(bar) || shown(cancel), "no indicator between runs");

        Path big = bigRun(dir);
        interact(() -> model.open(big));
        await(() -> shown(bar) && shown(cancel), "the run indicator");
        double first = awaitProgressAbove(bar, 0);
        double later = awaitProgressAbove(bar, first);
        assertTrue(later < 1, "not done yet: " + later);
        assertTrue(status().matches("Running many: 1000 x 1000: step 2/3 repeat \\d{1,3}(,\\d{3})*/1,000.*"), status());
        // both read in one FX call: the run keeps updating the status between two separate reads
        String[] both = fx(() -> new String[] {model.statusProperty().get(), lookup("#statusLabel").queryLabeled().getText()});
        assertEquals(both[0], both[1]);
        for (int i = 0; i < 5; i++) {
            assertFxAnswersWithin2s();
            sleep(50);
        }
        // the shown run is still stepped by the engine thread while the new one is built
        goTo(5);
        assertSame(before, model.runProperty().get());
        assertTrue(fx(() -> model.runs().isRunning()), "still running: the scenario is big enough");

        clickOn(cancel);
        await(() -> !fx(() -> model.runs().isRunning()), "the run stopped");
        String s = status();
        assertTrue(s.matches("Cancelled many: 1000 x 1000 in step 2/3 \\(cancelled after \\d{1,3}(,\\d{3})* of 1,000 iterations\\) — still showing .+"),
                s);
        assertTrue(s.endsWith("still showing " + before.title()), s);
        assertSame(before, model.runProperty().get(), "the previous run is kept");
        assertEquals(5, model.positionProperty().get(), "at the same place");
        assertFalse(shown(bar), "the indicator is gone");
        assertFalse(fx(() -> model.busyProperty().get()));
        // and nothing of the cancelled run turns up later
        sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(before, model.runProperty().get());
        assertEquals(s, status());
    }

    @Test
    void escCancelsAndOpeningAnotherFileReplacesTheRunInProgress(@TempDir Path dir) throws Exception {
        LoadedRun before = model.runProperty().get();
        Path big = bigRun(dir);
        interact(() -> model.open(big));
        await(() -> fx(() -> model.runs().progressProperty().get()) > 0, "the big run under way");
        // the latest request wins: the big run is cancelled without a word and the demo is shown
        interact(() -> model.open(demoFile()));
        await(() -> model.runProperty().get() != before && model.runProperty().get().source() != null, "the demo");
        assertEquals(demoFile(), model.runProperty().get().source());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> model.runs().isRunning()));
        assertTrue(status().contains("events") && !status().contains("Cancelled"), status());
        LoadedRun demoRun = model.runProperty().get();

        interact(() -> model.open(big));
        await(() -> fx(() -> model.runs().progressProperty().get()) > 0, "the big run under way again");
        clickOn("#counterLabel");
        type(KeyCode.ESCAPE);
        await(() -> !fx(() -> model.runs().isRunning()), "Esc stopped the run");
        assertTrue(status().startsWith("Cancelled many: 1000 x 1000 "), status());
        assertTrue(status().endsWith("still showing " + demoRun.title()), status());
        assertSame(demoRun, model.runProperty().get());
        // Esc with no run in progress is no longer the run's: nothing happens to the workbench
        type(KeyCode.ESCAPE);
        assertSame(demoRun, model.runProperty().get());
    }
}

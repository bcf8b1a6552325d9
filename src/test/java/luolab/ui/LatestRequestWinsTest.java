package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import luolab.engine.trace.TraceEvent;
import luolab.ui.actions.SessionActions;
import luolab.ui.corrupt.CorruptionSession;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Re-runs (a corruption, a Session command) and opened files come back in any order; what is shown
 * is the result of the latest request, whatever finishes last.
 */
class LatestRequestWinsTest extends UiGapsTestBase {
    /** Holds the run of {@link #OTHER} until the test lets it finish. */
    private final CountDownLatch openGate = new CountDownLatch(1);
    /** Holds the engine thread (where re-runs run) until the test lets it go. */
    private final CountDownLatch engineGate = new CountDownLatch(1);

    private static final Path OTHER = UiTestSupport.scenario("selftest-basic-open-close.json");

    @Override
    ScenarioBackend backend() {
        return UiTestSupport.around(new EngineScenarioBackend(), (file, progress, cancelled, real) -> {
            if (file.equals(OTHER)) {
                await(openGate);
            }
            return real.load(file, progress, cancelled);
        });
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Anything queued on the engine thread after this waits for {@link #engineGate}. */
    private void holdEngine() {
        interact(() -> model.runOnEngine("hold", () -> {
            await(engineGate);
            return null;
        }, x -> { }));
    }

    /** Waits until everything queued on the engine thread so far has ended and its result was handled. */
    private void drainEngine() {
        AtomicReference<Boolean> done = new AtomicReference<>(false);
        interact(() -> model.runOnEngine("probe", () -> true, done::set));
        await(done::get, "the engine thread's queue");
    }

    private void awaitIdle() {
        await(() -> !model.busyProperty().get() && model.frame() != null && model.frame().position() == model.target(),
                "the workbench idle");
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int afterMark(List<TraceEvent> ev, int n) {
        int seen = 0;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.StepMark && seen++ == n) {
                return i + 1;
            }
        }
        throw new AssertionError("no step mark " + n);
    }

    @Test
    void aCorruptionReRunThatEndsWhileAnOpenedFileStillRunsIsDroppedAndTheFileIsShown() {
        openDemo();
        LoadedRun demoRun = model.runProperty().get();
        goTo(afterMark(demoRun.events(), 12));
        CorruptionSession session = CorruptionSession.of(model);
        holdEngine();
        interact(() -> session.inject("cyclic-chain", Map.of("set", "sessions", "from", "last", "to", "0"), "handover", null,
                "test"));
        interact(() -> model.open(OTHER)); // the later request
        engineGate.countDown(); // the re-run ends first, while OTHER is still held
        drainEngine();
        assertSame(demoRun, model.runProperty().get(), "the stale re-run is not shown");
        assertTrue(model.runs().isRunning(), "and did not cancel the file opened after it");
        assertTrue(session.injections().isEmpty());
        openGate.countDown();
        await(() -> model.runProperty().get() != demoRun, "the opened file");
        awaitIdle();
        assertEquals(OTHER, model.runProperty().get().source());
        assertFalse(model.statusProperty().get().startsWith("Injected"), model.statusProperty().get());
    }

    @Test
    void aSessionCommandThatEndsAfterAnOpenedFileIsDropped() {
        openDemo();
        openGate.countDown(); // OTHER runs unhindered here
        holdEngine();
        AtomicReference<SessionActions.Result> res = new AtomicReference<>();
        interact(() -> window.controller().sessionMenu().actions().createSession("late-session", res::set));
        interact(() -> model.open(OTHER)); // the later request
        await(() -> model.runProperty().get().source().equals(OTHER) && !model.runs().isRunning(), "the opened file");
        LoadedRun other = model.runProperty().get();
        engineGate.countDown(); // now the session command's re-run ends
        await(() -> res.get() != null, "the session command done");
        awaitIdle();
        assertFalse(res.get().ok());
        assertTrue(res.get().message().startsWith("Dropped"), res.get().message());
        assertSame(other, model.runProperty().get(), "the opened file stays");
        assertFalse(model.runProperty().get().json().contains("late-session"));
        assertTrue(window.controller().lastError() == null || !window.controller().lastError().isShowing(),
                "no error dialog for a result the user no longer wants");
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import luolab.ui.actions.SessionActions;
import luolab.ui.corrupt.CorruptionSession;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-runs of the scenario on show (a Session command, an injection) take the same heap decision
 * as opening a file: FULL trace when it fits, else trace off with the final state shown and a note
 * that says why — and the result (the new step's outcome, the bytes written) is still right. The
 * heap is the test's: it changes between commands.
 */
class RerunTraceOffTest extends UiGapsTestBase {
    private static final long MB = 1L << 20;
    /** 1 GB: everything here fits. 16 MB: nothing does (a FULL trace needs a 64 MB base). 100 MB: the demo fits, 300 × 100 files do not. */
    private volatile long heapMax = 1024 * MB;

    @Override
    ScenarioBackend backend() {
        return EngineScenarioBackend.withHeap(() -> heapMax, () -> 0);
    }

    private SessionActions actions() {
        return window.controller().sessionMenu().actions();
    }

    private SessionActions.Result run(Consumer<Consumer<SessionActions.Result>> cmd) {
        AtomicReference<SessionActions.Result> res = new AtomicReference<>();
        interact(() -> cmd.accept(res::set));
        await(() -> res.get() != null, "the command finished");
        awaitPosition(model.target());
        return res.get();
    }

    private LoadedRun shown() {
        return model.runProperty().get();
    }

    private String status() {
        return model.statusProperty().get();
    }

    private void closeErrorDialog() {
        interact(() -> {
            if (window.controller().lastError() != null) {
                window.controller().lastError().close();
            }
        });
    }

    @Test
    void aSessionCommandRunsFullWhenTheTraceFitsAndTraceOffWithTheRightResultWhenNot() {
        openDemo();
        SessionActions.Result r = run(d -> actions().createSession("lab-a", d));
        assertTrue(r.ok(), r.message());
        assertTrue(shown().traced() && !shown().events().isEmpty(), "fits: a FULL trace as before");
        assertFalse(status().contains("trace off"), status());

        heapMax = 16 * MB;
        r = run(d -> actions().preserveMemfd("lab_a", "0x300", "hello from the lab", d));
        assertTrue(r.ok(), r.message());
        assertTrue(r.outcome().result() >= 0, r.message());
        assertFalse(shown().traced(), "does not fit: the re-run has no trace");
        assertTrue(shown().events().isEmpty());
        assertEquals(0, model.positionProperty().get());
        assertTrue(status().startsWith("Step "), status());
        assertTrue(status().contains("final state only (trace off: stepping through it needs ≈"), status());
        assertTrue(shown().json().contains("hello from the lab"));

        // without a trace there is no current event: the next steps go after the last one, so the state
        // built so far survives a kexec — the new kernel gets lab-a back with its memfd
        r = run(d -> actions().kexec(d));
        assertTrue(r.ok(), r.message());
        assertFalse(shown().traced());
        r = run(d -> actions().retrieveSession("lab-a", d));
        assertTrue(r.ok(), r.message());
        var vars = actions().edit().sessionVars();
        String sv = vars.get(vars.size() - 1);
        r = run(d -> actions().retrieveFd(sv, "0x300", d));
        assertTrue(r.ok(), "the memfd preserved in the trace-off run came through: " + r.message());

        // room again: the same scenario text re-runs FULL and can be stepped through
        heapMax = 1024 * MB;
        r = run(d -> actions().finish(sv, d));
        assertTrue(r.ok(), r.message());
        assertTrue(shown().traced() && !shown().events().isEmpty());
        assertFalse(status().contains("trace off"), status());
    }

    @Test
    void aSessionCommandOnATraceOffRunAddsItsStepAfterTheLastOne(@TempDir Path dir) throws Exception {
        heapMax = 100 * MB;
        Path f = UiTestSupport.manyFilesHandedOver(dir, 300, 100);
        interact(() -> model.open(f));
        await(() -> shown() != null && f.equals(shown().source()), "the trace-off run");
        assertFalse(shown().traced());
        assertEquals(4, actions().edit().kept(), "every step is kept: the run shows its final state");
        assertEquals(0, actions().edit().dropped());

        // the 300 sessions were handed over (kexec, open): retrieving one works only if no step was dropped
        SessionActions.Result r = run(d -> actions().retrieveSession("many-7", d));
        assertTrue(r.ok(), r.message());
        assertEquals("5", r.outcome().path());
        assertFalse(shown().traced());
        assertTrue(shown().events().isEmpty());
        assertTrue(shown().json().contains("\"kexec\""), "nothing dropped");
        assertTrue(status().contains("final state only (trace off: stepping through it needs ≈"), status());
        var vars = actions().edit().sessionVars();
        String sv = vars.get(vars.size() - 1);
        r = run(d -> actions().retrieveFd(sv, "42", d));
        assertTrue(r.ok(), r.message());
        // a step that fails still fails, with its errno, trace or not (tokens are 0..99)
        r = run(d -> actions().retrieveFd(sv, "1000", d));
        assertFalse(r.ok());
        assertTrue(r.message().contains("ENOENT"), r.message());
        closeErrorDialog();
    }

    @Test
    void aReRunShowsTheRunIndicatorAndCancelKeepsTheRunOnShow() {
        openDemo();
        LoadedRun before = shown();
        CountDownLatch gate = new CountDownLatch(1);
        interact(() -> model.runOnEngine("hold", () -> gate.await(20, TimeUnit.SECONDS), x -> { }));
        AtomicReference<SessionActions.Result> res = new AtomicReference<>();
        interact(() -> actions().createSession("never", res::set));
        assertTrue(model.runs().isRunning(), "the status bar's progress bar and Cancel are up");
        assertTrue(lookup("#cancelRun").query().isVisible());
        interact(() -> assertTrue(model.cancelRun()));
        gate.countDown();
        await(() -> res.get() != null, "the cancelled command");
        assertFalse(res.get().ok());
        assertTrue(res.get().message().startsWith("Cancelled "), res.get().message());
        assertTrue(status().startsWith("Cancelled ") && status().endsWith("still showing " + before.title()), status());
        assertSame(before, shown(), "nothing changed");
        assertFalse(model.runs().isRunning());
        assertTrue(window.controller().lastError() == null || !window.controller().lastError().isShowing(),
                "a cancel is not an error");
    }

    @Test
    void anInjectionRunsFullWhenItFitsAndTraceOffWithTheSameWriteWhenNot() {
        heapMax = 16 * MB;
        openDemo();
        assertFalse(shown().traced(), "opened trace-off");
        CorruptionSession session = CorruptionSession.of(model);
        long pa = 0x40000000L;
        byte before = shown().memory().read(pa, 1)[0];
        interact(() -> session.inject("bit-flip", Map.of("pa", "0x40000000"), null, null, "test"));
        await(() -> session.injections().size() == 1 && !model.busyProperty().get(), "the injection");
        assertFalse(shown().traced(), "the re-run is trace-off too");
        assertTrue(shown().events().isEmpty());
        assertTrue(status().startsWith("Injected ") && status().contains("final state only (trace off: "), status());
        var ap = session.applied(session.injections().get(0));
        assertTrue(ap.ok(), ap.error());
        assertEquals(1, ap.rows().size());
        assertEquals(pa, ap.rows().get(0).pa());
        assertEquals(1, Integer.bitCount((before ^ shown().memory().read(pa, 1)[0]) & 0xff), "one bit flipped in the final state");
        assertEquals(session.scenario().steps().size() - 1, session.injections().get(0).index(), "after the last step");

        // room again: undo re-runs FULL
        heapMax = 1024 * MB;
        LoadedRun off = shown();
        interact(session::undoLast);
        await(() -> session.injections().isEmpty() && !model.busyProperty().get() && shown() != off, "the undo");
        assertTrue(shown().traced() && !shown().events().isEmpty());
        assertFalse(status().contains("trace off"), status());
        assertNotEquals(off, shown());
    }
}

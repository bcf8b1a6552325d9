package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import luolab.ui.UiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's scenario backend: progress, cancel and the heap policy for big traces. */
class EngineScenarioBackendTest {
    private static final long MB = 1L << 20;

    /** {@code sessions} sessions of {@code files} test files each: (1 + files) × sessions + 2 ops of work. */
    static Path manyFiles(Path dir, int sessions, int files) throws Exception {
        return UiTestSupport.manyFiles(dir, sessions, files);
    }

    @Test
    void aRunThatFitsGetsAFullTraceAndReportsAFractionUpToOne(@TempDir Path dir) throws Exception {
        List<Double> fractions = new ArrayList<>();
        LoadedRun r = EngineScenarioBackend.withHeap(1024 * MB, 0).load(manyFiles(dir, 20, 10), (t, f) -> fractions.add(f),
                () -> false);
        assertTrue(r.events().size() > 1000, "a FULL trace: " + r.events().size());
        assertTrue(r.summary().contains("events") && r.summary().contains("0 failed"), r.summary());
        assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9);
    }

    @Test
    void aRunWhoseFullTraceWouldNotFitRunsWithTheTraceOffAndSaysSo(@TempDir Path dir) throws Exception {
        // 30,000 files: a FULL trace and its plan are estimated at 64 MB + 30,302 × 1,500 B ≈ 107 MB > 75% of 100 MB
        List<String> lines = new ArrayList<>();
        LoadedRun r = EngineScenarioBackend.withHeap(100 * MB, 0).load(manyFiles(dir, 300, 100), (t, f) -> lines.add(t),
                () -> false);
        assertTrue(r.events().isEmpty(), "no trace");
        assertTrue(r.summary().contains("final state only (trace off: stepping through it needs ≈107 MB of heap, 100 MB free)"),
                r.summary());
        assertTrue(r.summary().contains("expectations 30,302 met / 0 failed"), "it still ran to the end: " + r.summary());
        assertTrue(lines.get(0).contains("trace off"), "said before the run: " + lines.get(0));
        assertTrue(r.memory().nrPages() > 0);
    }

    @Test
    void aLongKexecShowsAnIndeterminateBarAndSaysWhatItIsBusyWith(@TempDir Path dir) throws Exception {
        Path f = UiTestSupport.manyFilesHandedOver(dir, 80, 500);
        List<String> texts = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        EngineScenarioBackend.withHeap(1024 * MB, 0).load(f, (t, x) -> {
            texts.add(t);
            fractions.add(x);
        }, () -> false);
        int k = texts.indexOf("Running many: 80 x 500: step 3/4 kexec: serializing everything preserved and booting the next kernel …");
        assertTrue(k >= 0, texts.toString());
        assertEquals(-1.0, fractions.get(k), 1e-9, "indeterminate: the kexec reports nothing until it ends");
        assertTrue(fractions.get(k + 1) > fractions.get(k - 1) + 0.1, "then the bar is further on: " + fractions);
        assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9);
    }

    @Test
    void cancelThrowsRunCancelledSayingWhereItStopped(@TempDir Path dir) throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        // 100,000 ops: inside the repeat progress is reported every 20 ms at most, so a loop the warm
        // JIT ran in less (200 x 50 did, late in a full test run) reported only its end
        ScenarioException e = assertThrows(ScenarioException.class, () -> EngineScenarioBackend.withHeap(1024 * MB, 0)
                .load(manyFiles(dir, 200, 500), (t, f) -> cancel.set(f > 0.01), cancel::get));
        assertInstanceOf(RunCancelled.class, e);
        assertTrue(e.getMessage().matches("Cancelled many: 200 x 500 in step 2/3 \\(cancelled after \\d+ of 200 iterations\\)"),
                e.getMessage());
    }

    @Test
    void theWatchdogStopsARunWhenTheHeapFillsUpAfterAll(@TempDir Path dir) throws Exception {
        AtomicInteger reads = new AtomicInteger();
        // plenty free when the run is planned, nearly full from then on (a trace larger than estimated)
        HeapBudget heap = new HeapBudget(() -> 1024 * MB, () -> reads.getAndIncrement() < 2 ? 0 : 1000 * MB);
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new EngineScenarioBackend(heap).load(manyFiles(dir, 400, 500), (t, f) -> { }, () -> false));
        assertFalse(e instanceof RunCancelled, "not the user's cancel");
        // 200,000 ops: the watchdog reads the heap every 50 ms at most, so the repeat must outlast that
        assertTrue(e.getMessage().startsWith("Stopped many: 400 x 500 in step 2/3"), e.getMessage());
        assertTrue(e.getMessage().contains("the Java heap is nearly full (1,000 MB of 1.0 GB)"), e.getMessage());
        assertTrue(e.getMessage().contains("The previous run is still shown"), e.getMessage());
    }
}

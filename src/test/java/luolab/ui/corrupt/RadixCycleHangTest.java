package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javafx.scene.control.Label;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Outcome;
import luolab.engine.corrupt.OutcomeKind;
import luolab.engine.machine.Kernel;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * The radix-cycle corruption on the default demo: the next kernel's early radix walk never ends,
 * so it hangs silently. The restore summary, the status bar and the refusal to corrupt further say
 * "hang", never "panic".
 */
class RadixCycleHangTest extends CorruptWorkbenchTestBase {
    @Test
    void theRestoreSummaryAndTheRefusalsSayTheKernelHangs() {
        awaitRun();
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
        interact(() -> session.inject("radix-cycle", Map.of(), Injection.HANDOVER, null, "test"));
        awaitInjections(1);
        type(javafx.scene.input.KeyCode.END);
        await(() -> model.frame().position() == model.totalProperty().get(), "the end");
        assertTrue(model.eventsSoFar(TraceEvent.Panic.class).isEmpty(), "no panic");
        assertFalse(model.eventsSoFar(TraceEvent.Hang.class).isEmpty(), "a hang");

        awaitSummary();
        // the summary is made by a run of its own: wait for the one of this run (the property may be re-set meanwhile)
        await(() -> {
            CorruptionSession.Restore rs = session.restoreProperty().get();
            return rs != null && rs.summary().outcome() != null && rs.summary().outcome().kind() == OutcomeKind.HANG
                    && "Boot hangs: no panic, no kernel message".equals(fx(() -> text("#restoreVerdict")));
        }, "the restore summary of the hang");
        Outcome o = fx(() -> session.restoreProperty().get().summary().outcome());
        assertEquals(OutcomeKind.HANG, o.kind(), o::details);
        assertEquals(Kernel.HANG_RADIX_WALK, text("#restoreReason"));
        String line = text("#restorePanic");
        assertTrue(line.contains("hangs") && line.contains(Kernel.HANG_RADIX_WALK), line);
        assertFalse(line.contains("Kernel panic"), line);
        assertTrue(text("#restoreCounts").contains("0 restored · 0 damaged · 3 lost"), text("#restoreCounts"));

        // the run's one-line summary (the status bar's words for a run) and the Inject refusal at the end of the run
        String status = fx(() -> model.runProperty().get().summary());
        assertTrue(status.contains("kernel hung") && !status.contains("panicked"), status);
        Placement pl = fx(() -> session.placement());
        assertTrue(pl.dead() && pl.hung() && !pl.panicked(), pl.toString());
        String why = pl.whyNot(Catalog.byName("bit-flip"));
        assertTrue(why.contains("has hung") && why.contains("before the hang") && !why.contains("panic"), why);
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) {
        try {
            return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the FX thread did not answer", e);
        }
    }
}

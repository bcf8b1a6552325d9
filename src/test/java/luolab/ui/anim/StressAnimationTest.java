package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Test;

/** The 2000-session selftest animates by aggregation: under a minute at 1×, a few seconds at 16×. */
class StressAnimationTest extends AnimTestBase {
    @Override
    LoadedRun run() {
        return AnimRuns.builtin("selftest-luo-stress-sessions");
    }

    @Test
    void twoThousandSessionsPlayToTheEndAt16x() {
        awaitReady();
        AnimationPlan plan = animator.plan();
        assertTrue(plan.totalSeconds() < 60, "plan at 1x: " + plan.totalSeconds());
        List<Beat> entered = new ArrayList<>();
        interact(() -> animator.beatProperty().addListener((o, a, b) -> {
            if (b != null) {
                entered.add(b);
            }
        }));
        long t0 = System.nanoTime();
        interact(() -> {
            animator.speedProperty().set(16);
            model.play();
        });
        int total = model.totalProperty().get();
        await(60, () -> !model.playingProperty().get() && model.positionProperty().get() == total, "the end");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < plan.totalSeconds() / 16 + 60, String.format("took %.1f s", seconds));
        assertEquals(total, model.frame().position());
        // repetitive beats may go by unseen at 16x on a slow machine; the story beats always play
        for (BeatKind k : List.of(BeatKind.KEXEC, BeatKind.SWEEP, BeatKind.FLOYD_STEP)) {
            assertTrue(entered.stream().anyMatch(b -> b.kind() == k), k + " played");
        }
        assertTrue(overlayTexts().isEmpty(), "a healthy run ends with nothing red: " + overlayTexts());
    }
}

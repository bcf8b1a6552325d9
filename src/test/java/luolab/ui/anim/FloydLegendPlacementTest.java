package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import luolab.lesson.LessonException;
import luolab.lesson.LessonLoader;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * On the step where the tortoise and the hare meet, the T / H key drawn over the chain view covers
 * no block (its PA and count are written in its box) and not the cycle's label: in presenter mode the chain view is narrow and
 * the key, pinned to its bottom right corner, sat on the blocks.
 */
class FloydLegendPlacementTest extends AnimTestBase {
    @Override
    LoadedRun run() {
        return AnimRuns.lesson("08-cyclic-chain-floyd");
    }

    @ParameterizedTest(name = "{0}x{1} presenter")
    @CsvSource({"1280, 720", "1920, 1080"})
    void theKeyCoversNoBlockWhereTheWalkersMeet(int w, int h) {
        awaitReady();
        // the lesson as taught: its panel on the left leaves the chain view narrow and short
        interact(() -> {
            try {
                window.teaching().player().open(new LessonLoader().loadBuiltin("08-cyclic-chain-floyd"));
            } catch (LessonException e) {
                throw new AssertionError(e);
            }
        });
        await(60, () -> window.teaching().player().isOpen(), "lesson 8 opened");
        presenterAt(w, h);
        awaitReady();
        AnimationPlan p = animator.plan();
        Beat meet = p.beats().stream().filter(b -> b.kind() == BeatKind.FLOYD_MEET).findFirst().orElseThrow();
        int beat = 0;
        while (!window.teaching().player().currentBeat().title().equals("They meet")) {
            int next = ++beat;
            interact(() -> window.teaching().player().go(next));
        }
        interact(() -> {
            animator.overlay().at.refresh();
            animator.overlay().at.showTab("chain");
        });
        awaitPosition(meet.to());
        long pa = ((BeatData.Floyd) meet.data()).slow()[0];
        await(() -> WaitForAsyncUtils.asyncFx(() -> animator.overlay().at.chainBox(pa).isPresent()
                && animator.overlay().floydLegend() != null).get(), "the meeting and its key drawn");
        // a few more pulses: the chain view scrolls the walkers into sight, the overlay follows
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> animator.overlay().at.refresh());
        WaitForAsyncUtils.waitForFxEvents();

        List<String> problems = new ArrayList<>();
        interact(() -> {
            Rectangle2D key = animator.overlay().floydLegend();
            assertNotNull(key, "the key is drawn on the meeting step");
            Rectangle2D cv = animator.overlay().at.chainView();
            var c = animator.overlay().at.chains();
            for (var b : c.boxes()) {
                animator.overlay().at.chainBox(b.block().pa()).ifPresent(r -> {
                    // only boxes in sight can be covered
                    if (r.intersects(cv) && r.intersects(key)) {
                        problems.add(String.format("the key %s covers block 0x%x at %s", key, b.block().pa(), r));
                    }
                });
            }
            // nor the cycle's label ("next → block 0 (cycle)"), the other text written on the chain
            for (Rectangle2D r : animator.overlay().at.chainObstacles()) {
                if (r.intersects(cv) && r.intersects(key)) {
                    problems.add("the key " + key + " covers " + r);
                }
            }
        });
        assertTrue(problems.isEmpty(), w + "x" + h + ": " + String.join("\n", problems));
    }
}

package luolab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * Lesson 8 is taught with the keyboard: from its first Floyd step, Right (next beat) must stop on
 * every step of kho_block_set_is_cyclic()'s walk (tortoise one block, hare two) up to the step where
 * slow == fast, in order, and Left walks them back. The lesson jumped from step 1 straight to the end
 * of the kexec, so steps 2 … meet were only seen while playing.
 */
class FloydWalkBeatsTest {
    @Test
    void lessonEightStopsOnEveryFloydStepUpToTheMeeting() throws Exception {
        Lesson l = new LessonLoader().loadBuiltin("08-cyclic-chain-floyd");
        List<TraceEvent> ev = LessonValidator.run(l).trace().events();
        int[] pos = LessonTimeline.positions(l, ev);

        // where the model is just after each Floyd step of the session chain's walk, up to the meeting
        List<Integer> steps = new ArrayList<>();
        for (int k = 1;; k++) {
            int p = LessonTimeline.position(new RunTo.AfterEvent("FloydStep", k), ev);
            assertTrue(p >= 0, "the walk meets: step " + k + " exists");
            steps.add(p);
            TraceEvent.FloydStep f = (TraceEvent.FloydStep) ev.get(lastFloyd(ev, p));
            if (f.slowPa() == f.fastPa()) {
                break;
            }
        }
        assertTrue(steps.size() >= 3, "a walk of several steps: " + steps);

        int first = -1;
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] == steps.get(0)) {
                first = i;
                break;
            }
        }
        assertTrue(first >= 0, "a beat stops on Floyd's first step");
        for (int k = 0; k < steps.size(); k++) {
            assertTrue(first + k < pos.length, "a beat for step " + (k + 1));
            assertEquals(steps.get(k), pos[first + k], "beat " + (first + k + 1) + " ("
                    + l.beat(first + k).title() + ") is Floyd step " + (k + 1) + " of " + steps.size());
        }
        // the beats go forward in time, so Left walks the steps back in order
        for (int i = 1; i < pos.length; i++) {
            assertTrue(pos[i] >= pos[i - 1], "beat " + (i + 1) + " is not before beat " + i);
        }
    }

    private static int lastFloyd(List<TraceEvent> ev, int p) {
        for (int i = p - 1; i >= 0; i--) {
            if (ev.get(i) instanceof TraceEvent.FloydStep) {
                return i;
            }
        }
        throw new AssertionError("no Floyd step before " + p);
    }
}

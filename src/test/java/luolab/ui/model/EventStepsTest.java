package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.trace.CallStack;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/** → and ← stop at every event, but take a run of page changes made by one call as one step. */
class EventStepsTest {
    private static final CallStack MARK = CallStack.ROOT.push("start_kernel").push("markRange");
    private static final CallStack FREE = CallStack.ROOT.push("start_kernel").push("memblock_free_all");

    private static TraceEvent meta(CallStack s, long pfn) {
        return new TraceEvent.PageMetaChange(Phase.RUNNING, s, pfn, 0, 1);
    }

    private static TraceEvent mark(int step) {
        return new TraceEvent.StepMark(Phase.RUNNING, CallStack.ROOT, step, "step " + step);
    }

    @Test
    void runsOfOneCallAreOneStepBothWays() {
        // 0: step, 1-4: image pages, 5-6: another call's pages, 7: step, 8: a lone page change
        List<TraceEvent> ev = List.of(mark(1), meta(MARK, 1), meta(MARK, 2), meta(MARK, 3), meta(MARK, 4),
                meta(FREE, 9), meta(FREE, 10), mark(2), meta(MARK, 5));
        assertEquals(1, EventSteps.next(ev, 0));
        assertEquals(5, EventSteps.next(ev, 1), "the four image pages at once");
        assertEquals(5, EventSteps.next(ev, 3), "from inside a run: to its end");
        assertEquals(7, EventSteps.next(ev, 5), "another call's run is another step");
        assertEquals(8, EventSteps.next(ev, 7));
        assertEquals(9, EventSteps.next(ev, 8));
        assertEquals(9, EventSteps.next(ev, 9), "at the end");

        assertEquals(8, EventSteps.previous(ev, 9));
        assertEquals(7, EventSteps.previous(ev, 8));
        assertEquals(5, EventSteps.previous(ev, 7));
        assertEquals(1, EventSteps.previous(ev, 5), "back over the whole run");
        assertEquals(1, EventSteps.previous(ev, 3), "from inside a run: to its start");
        assertEquals(0, EventSteps.previous(ev, 1));
        assertEquals(0, EventSteps.previous(ev, 0), "at the start");
    }

    @Test
    void theDefaultDemoBecomesSteppable() throws Exception {
        RunResult r = new ScenarioRunner().run(new ScenarioLoader().load("default-demo"), RunOptions.of(Trace.Mode.FULL));
        List<TraceEvent> ev = r.trace().events();
        List<Integer> forward = new ArrayList<>();
        for (int p = 0; p < ev.size(); p = EventSteps.next(ev, p)) {
            forward.add(p);
        }
        forward.add(ev.size());
        assertTrue(forward.size() < ev.size() / 5, forward.size() + " stops for " + ev.size() + " events");
        List<Integer> back = new ArrayList<>();
        for (int p = ev.size(); p > 0; p = EventSteps.previous(ev, p)) {
            back.add(p);
        }
        back.add(0);
        java.util.Collections.reverse(back);
        assertEquals(forward, back, "the same stops in both directions");
        for (int i = 1; i < forward.size(); i++) {
            int from = forward.get(i - 1);
            int to = forward.get(i);
            // every event that is not a page change is a stop of its own
            if (!(ev.get(from) instanceof TraceEvent.PageMetaChange)) {
                assertEquals(from + 1, to, "event " + from + " " + ev.get(from).getClass().getSimpleName());
            }
        }
    }
}

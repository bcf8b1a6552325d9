package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.machine.Kernel;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/** A boot whose radix walk never ends: the failure beat is a hang, not a panic, and says so. */
class HangBeatTest {
    /** Two sessions, the radix root's empty slots pointed back at the root right before the jump. */
    static final String RADIX_CYCLE = """
            {"name": "radix cycle", "ram": "64M", "abi": "v7", "steps": [
              {"op": "open_device", "as": "luo"},
              {"op": "create_session", "name": "a", "as": "a"},
              {"op": "preserve_memfd", "session": "a", "token": 1, "content": "survive?"},
              {"op": "corrupt", "injector": "radix-cycle", "at": "handover"},
              {"op": "kexec"}
            ]}""";

    static RunResult run() throws Exception {
        Scenario s = new ScenarioParser().parse("radix-cycle.json", RADIX_CYCLE);
        return new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.FULL));
    }

    @Test
    void theRadixCycleEndsInAHangBeatThatSaysItHangs() throws Exception {
        RunResult r = run();
        List<TraceEvent> ev = r.trace().events();
        assertTrue(ev.stream().anyMatch(e -> e instanceof TraceEvent.Hang), "the trace has the hang");
        assertTrue(ev.stream().noneMatch(e -> e instanceof TraceEvent.Panic), "and no panic");
        AnimationPlan p = AnimationPlan.build(ev);
        assertTrue(p.beats().stream().noneMatch(b -> b.kind() == BeatKind.PANIC), "no panic beat");
        Beat hang = p.beats().stream().filter(b -> b.kind() == BeatKind.HANG).findFirst().orElseThrow();
        assertTrue(hang.caption().startsWith("Boot hangs"), hang.caption());
        assertTrue(hang.caption().contains("no panic"), hang.caption());
        assertFalse(hang.caption().contains("Kernel panic"), hang.caption());
        // the banner and the failure callout show the Failure's line: the same words
        BeatData.Failure f = (BeatData.Failure) hang.data();
        assertEquals(BeatText.hang(Kernel.HANG_RADIX_WALK), f.logLine());
        assertTrue(f.logLine().contains("kho_radix_walk_tree()"), f.logLine());
        assertTrue(BeatKind.HANG.endsKernel() && BeatKind.HANG.sticky(), "a banner that stays: nothing runs after");
        assertTrue(p.stickyAt(p.events()).contains(hang), "still on screen at the end");
        assertTrue(Animator.blameOf(hang).isEmpty(), "a hang blames no bytes of its own, like a panic");
    }
}

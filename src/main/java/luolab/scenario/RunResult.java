package luolab.scenario;

import java.util.List;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;

/**
 * Everything a run produced: the machine in its final state (memory, current kernel), the trace,
 * one outcome per top-level step that ran ([firstStep, endStep)), the log of every boot, totals.
 */
public record RunResult(Scenario scenario, Machine machine, Trace trace, List<StepOutcome> outcomes, RunSummary summary,
        List<BootLog> boots, boolean cancelled, int firstStep, int endStep) {

    /** True when the run finished and every expectation held. */
    public boolean ok() {
        return !cancelled && summary.expectationsFailed() == 0 && outcomes.stream().allMatch(StepOutcome::ok);
    }
}

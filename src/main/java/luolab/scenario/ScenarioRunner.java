package luolab.scenario;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * Runs a {@link Scenario} on a {@link Machine}: emits a {@link TraceEvent.StepMark} as each
 * top-level step starts, judges every step against its expectation, and returns a
 * {@link RunResult}. It never throws because of scenario content: an unknown variable, a bad fd
 * name or an engine result that differs from the expectation is a failed step with a message.
 * Safe to call from a worker thread; one runner may run many scenarios (not concurrently on the
 * same machine).
 */
public final class ScenarioRunner {
    private final StepRegistry registry;

    public ScenarioRunner(StepRegistry registry) {
        this.registry = registry;
    }

    public ScenarioRunner() {
        this(StepRegistry.standard());
    }

    public StepRegistry registry() {
        return registry;
    }

    /** Runs the whole scenario on a fresh machine with a trace of the given mode. */
    public RunResult run(Scenario s, Trace.Mode mode) {
        return run(s, RunOptions.of(mode));
    }

    public RunResult run(Scenario s, RunOptions opts) {
        long t0 = System.nanoTime();
        Machine m = opts.machine();
        if (m == null) {
            m = Machine.coldBoot(s.ram(), s.abi(), new Trace(opts.mode() == null ? Trace.Mode.COARSE : opts.mode()));
        }
        Trace trace = m.trace();
        RunContext ctx = new RunContext(registry, s, m, opts);
        int n = s.steps().size();
        int first = Math.max(0, Math.min(opts.firstStep(), n));
        int end = opts.endStep() < 0 ? n : Math.min(opts.endStep(), n);
        List<StepOutcome> outcomes = new ArrayList<>();
        boolean cancelled = false;
        for (int i = first; i < end; i++) {
            if (ctx.cancelled()) {
                cancelled = true;
                break;
            }
            Step st = s.steps().get(i);
            String desc = st.describe();
            ctx.progressStep(i, n, desc);
            trace.emit(new TraceEvent.StepMark(trace.phase(), trace.stack(), i, "step " + st.path() + ": " + desc));
            outcomes.add(ctx.runTop(i, st, desc));
            if (ctx.cancelled()) {
                cancelled = true;
                break;
            }
        }
        if (!cancelled) {
            ctx.progressStep(end, n, "done");
        }
        List<BootLog> boots = ctx.finishBoots();
        var k = ctx.machine().kernel();
        RunSummary sum = new RunSummary(ctx.handedOver(), Counts.outgoing(k), ctx.metCount(), ctx.failedCount(),
                boots.size(), k != null && k.panicked(), (System.nanoTime() - t0) / 1_000_000, k != null && k.hung());
        return new RunResult(s, ctx.machine(), trace, List.copyOf(outcomes), sum, boots, cancelled, first, end);
    }
}

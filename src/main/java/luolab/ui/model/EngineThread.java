package luolab.ui.model;

import java.util.HashMap;
import luolab.engine.handover.Handover;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.TraceEvent;

/**
 * The one thread that owns the live machine: it moves memory through history with a
 * {@link Stepper} and runs the workbench's engine jobs (re-runs for a corruption or a session
 * command). Opened scenario files run elsewhere ({@link ScenarioRuns}), so stepping the shown run
 * goes on while a long one is built. Requests only set a target (the latest wins), so a user dragging the
 * timeline costs one {@code goTo} per frame, not one per mouse event. After every move it
 * publishes an immutable {@link Frame}; the FX thread never waits for it.
 */
final class EngineThread {
    private final ExecutorService exec = Executors.newSingleThreadExecutor(Background.daemonThreads("luolab-engine"));
    /** The workbench's jobs, queued behind the engine's own moves; outcomes on the FX thread. */
    private final Background jobs = Background.on(exec);
    private final Consumer<Frame> publish;
    private final AtomicInteger target = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Set<Long> watch = Set.of();
    private volatile boolean analyze;

    // engine-thread state
    private LoadedRun run;
    private Stepper stepper;
    private long[] meta;
    private int metaRevision;
    private java.util.List<Handover> handovers;
    private int analyzedAt = -1;

    EngineThread(Consumer<Frame> publish) {
        this.publish = publish;
    }

    /** Runs jobs on this thread, after whatever it is doing (see {@link Background}). */
    Background jobs() {
        return jobs;
    }

    /** Makes {@code r} the current run, positioned at {@code position}. */
    void load(LoadedRun r, int position) {
        target.set(position);
        exec.execute(() -> {
            run = r;
            r.memory().setListener(null);
            stepper = new Stepper(r.memory(), r.events());
            stepper.goTo(position);
            meta = copyMeta(r.memory());
            metaRevision++;
            handovers = null;
            analyzedAt = -1;
            scheduled.set(false);
            drain();
        });
    }

    void goTo(int position) {
        target.set(position);
        schedule();
    }

    /** Whether frames should carry the {@link Handover} analysis (only while a view shows it). */
    void analyze(boolean on) {
        analyze = on;
        schedule();
    }

    void watch(Set<Long> pfns) {
        watch = Set.copyOf(pfns);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            exec.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        if (stepper == null) {
            return;
        }
        int from = stepper.position();
        int to = Math.max(0, Math.min(stepper.size(), target.get()));
        stepper.goTo(to);
        if (metaChangedBetween(Math.min(from, to), Math.max(from, to))) {
            meta = copyMeta(run.memory());
            metaRevision++;
        }
        PhysicalMemory mem = run.memory();
        Map<Long, byte[]> pages = new HashMap<>();
        for (long pfn : watch) {
            if (mem.containsPfn(pfn)) {
                pages.put(pfn, mem.read(PhysicalMemory.pa(pfn), PhysicalMemory.PAGE_SIZE));
            }
        }
        if (analyze && analyzedAt != to) {
            handovers = Handover.analyze(mem, meta, run.abi());
            if (!run.traced() && run.finalSessions() != null) {
                // a trace-off run ending at a kexec: its new kernel holds the handed-over chains as its
                // restored incoming set (v7's luo_ser no longer leads there)
                handovers = run.finalSessions().handovers(handovers, mem, run.abi());
            }
            analyzedAt = to;
        }
        TraceEvent cur = stepper.current();
        Phase phase = cur == null ? Phase.RUNNING : cur.phase();
        publish.accept(new Frame(run, to, phase, cur, meta, metaRevision, pages, analyze && analyzedAt == to ? handovers : null));
    }

    private boolean metaChangedBetween(int a, int b) {
        var ev = run.events();
        for (int i = a; i < b; i++) {
            // every mutating event but a byte write may touch page metadata (meta, zero/poison, range poison)
            if (ev.get(i).mutates() && !(ev.get(i) instanceof TraceEvent.MemWrite)) {
                return true;
            }
        }
        return false;
    }

    private static long[] copyMeta(PhysicalMemory mem) {
        long n = mem.nrPages();
        long base = mem.basePfn();
        long[] m = new long[(int) n];
        for (int i = 0; i < n; i++) {
            m[i] = mem.meta(base + i);
        }
        return m;
    }
}

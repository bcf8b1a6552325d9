package luolab.ui.model;

import java.util.List;
import java.util.function.BooleanSupplier;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;
import luolab.scenario.Values;

/**
 * How the workbench runs a scenario so that a big one cannot take the heap down: the one place
 * that decides FULL or OFF trace ({@link HeapBudget}), stops a FULL run whose trace fills the heap
 * anyway (the watchdog), reports progress, honours cancel, and turns an OutOfMemoryError or an
 * engine failure into a message for the user. Opening a file ({@link EngineScenarioBackend}),
 * a Session command and an injection's re-run all go through here: each of them can be asked of
 * scale-1m-files, whose FULL trace is ~9 M events. Called on a worker thread.
 */
public final class GuardedRunner {
    /** How often (at most) the watchdog reads the heap: the runner polls cancel millions of times. */
    private static final long HEAP_CHECK_NANOS = 50_000_000L;

    private final HeapBudget heap;

    GuardedRunner(HeapBudget heap) {
        this.heap = heap;
    }

    /** The running JVM's heap. */
    public static GuardedRunner jvm() {
        return new GuardedRunner(HeapBudget.jvm());
    }

    /** For tests: a heap of {@code maxBytes} of which {@code usedBytes} are taken. */
    public static GuardedRunner withHeap(long maxBytes, long usedBytes) {
        return withHeap(() -> maxBytes, () -> usedBytes);
    }

    /** For tests: a heap whose size and use the test changes as it goes. */
    public static GuardedRunner withHeap(java.util.function.LongSupplier maxBytes, java.util.function.LongSupplier usedBytes) {
        return new GuardedRunner(new HeapBudget(maxBytes, usedBytes));
    }

    /**
     * A finished run. {@code traceOff} is null when the trace is FULL, else why it is off (the
     * heap): then {@link #events()} is empty, the machine is the final state only and
     * {@code finalSessions} its last kernel's sessions and files (null for a FULL run).
     */
    public record Run(Scenario scenario, RunResult result, String traceOff, FinalSessions finalSessions) {
        public boolean full() {
            return traceOff == null;
        }

        /** The run as the workbench shows it: its final memory, its trace or final sessions. */
        public LoadedRun loaded(String title, java.nio.file.Path source, String json, String summary) {
            return new LoadedRun(title, source, json, result.machine().memory(), events(), scenario.abi(), summary, traceOff,
                    finalSessions);
        }

        public List<TraceEvent> events() {
            return result.trace().events();
        }

        /** " (trace off: …)" or "". */
        public String traceNote() {
            return full() ? "" : " (trace off: " + traceOff + ")";
        }

        /** "1,234 events" or "final state only (trace off: …)": the start of a summary line. */
        public String traceText() {
            return full() ? RunTexts.events(result.trace().size()) : "final state only" + traceNote();
        }
    }

    /** Why a FULL trace of {@code s} would not fit now (null if it fits): what the user is told. */
    public String traceOffReason(Scenario s) {
        if (heap.fullTraceFits(s.work())) {
            return null;
        }
        return String.format("stepping through it needs ≈%s of heap, %s free", HeapBudget.mb(HeapBudget.fullTraceBytes(s.work())),
                HeapBudget.mb(heap.max() - heap.used()));
    }

    /**
     * Runs {@code s} with {@code runner} on a fresh machine: FULL trace when it fits, else OFF.
     * Reports "Running …" lines and the share done to {@code progress}; stops once
     * {@code cancelled} says so ({@link RunCancelled}) or the heap is nearly full
     * ({@link ScenarioException}); an OutOfMemoryError or an engine exception becomes a
     * {@link ScenarioException} that says what happened. Nothing of a failed run is kept.
     */
    public Run run(ScenarioRunner runner, Scenario s, ScenarioBackend.Progress progress, BooleanSupplier cancelled)
            throws ScenarioException {
        if (cancelled.getAsBoolean()) {
            throw new RunCancelled("Cancelled " + s.name() + " before it started");
        }
        String traceOff = traceOffReason(s);
        boolean full = traceOff == null;
        String traceNote = full ? "" : " (trace off: " + traceOff + ")";
        progress.report("Running " + s.name() + traceNote + " …", 0);
        Watchdog dog = new Watchdog();
        RunResult r;
        try {
            r = runner.run(s, RunOptions.of(full ? Trace.Mode.FULL : Trace.Mode.OFF)
                    .withCancel(() -> cancelled.getAsBoolean() || dog.tripped())
                    .withProgress(p -> progress.report(describe(s, p) + (full ? "" : " (trace off)"),
                            p.opaque() ? -1 : p.fraction())));
        } catch (OutOfMemoryError e) {
            throw new ScenarioException(String.format("Not enough memory to run %s: the Java heap (%s) is full.%n"
                    + "The previous run is still shown. Start LUO Lab with a larger heap (-Xmx) to run it.", s.name(),
                    HeapBudget.mb(heap.max())));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ScenarioException("The engine stopped while running " + s.name() + ": " + why);
        }
        if (r.cancelled()) {
            String where = where(r, s.steps().size());
            if (dog.fired) {
                throw new ScenarioException(String.format("Stopped %s %s: the Java heap is nearly full (%s of %s).%n"
                        + "The previous run is still shown. Start LUO Lab with a larger heap (-Xmx) to run it.", s.name(), where,
                        HeapBudget.mb(heap.used()), HeapBudget.mb(heap.max())));
            }
            throw new RunCancelled("Cancelled " + s.name() + " " + where);
        }
        if (full) {
            return new Run(s, r, null, null);
        }
        // no session or file events to replay: the Sessions table shows what the last kernel holds
        progress.report("Reading the final sessions and files of " + s.name() + " …", -1);
        return new Run(s, r, traceOff, FinalSessions.of(r.machine()));
    }

    /**
     * "Running scale: …: step 3/18 repeat 1,234/2,000"; for a long single op (reported with an
     * indeterminate bar: nothing moves until it ends) what it is busy with.
     */
    static String describe(Scenario s, RunOptions.Progress p) {
        String at = "Running " + s.name() + ": step " + Values.count(Math.min(p.step() + 1, p.steps())) + "/" + Values.count(p.steps());
        if (p.total() > 0) {
            return at + " " + p.description() + " " + Values.count(p.done()) + "/" + Values.count(p.total());
        }
        if (p.opaque() && p.step() < s.steps().size()) {
            return at + " " + switch (s.steps().get(p.step()).op()) {
                case "kexec" -> "kexec: serializing everything preserved and booting the next kernel …";
                case "open_device" -> "open /dev/liveupdate: the new kernel deserializes the sessions and files handed over …";
                default -> p.description() + " (one long step: no progress until it ends) …";
            };
        }
        return at + " " + p.description();
    }

    /** "after step 7/18" or "in step 3/18 (cancelled after 1,234 of 2,000 iterations)". */
    private static String where(RunResult r, int steps) {
        if (r.outcomes().isEmpty()) {
            return "before its first step";
        }
        StepOutcome last = r.outcomes().get(r.outcomes().size() - 1);
        if (last.message().startsWith("cancelled")) {
            return "in step " + last.path() + "/" + steps + " (" + last.message() + ")";
        }
        return "after step " + last.path() + "/" + steps;
    }

    /** Stops a run between steps or iterations once the heap is nearly full (reads it every 50 ms at most). */
    private final class Watchdog {
        /** The first poll reads the heap: a run can be short, and the heap can be full already. */
        private boolean checked;
        private long lastCheck;
        volatile boolean fired;

        boolean tripped() {
            long now = System.nanoTime();
            if (!fired && (!checked || now - lastCheck >= HEAP_CHECK_NANOS)) {
                checked = true;
                lastCheck = now;
                fired = heap.nearlyFull();
            }
            return fired;
        }
    }
}

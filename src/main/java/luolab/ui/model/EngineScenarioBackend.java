package luolab.ui.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import luolab.engine.trace.Trace;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;
import luolab.scenario.Values;

/**
 * Opens scenario files for the product: parses them with the scenario loader and runs them with
 * the {@link ScenarioRunner} on a fresh machine with a FULL trace, so every event can be stepped
 * through both ways — unless that trace would not fit in the heap ({@link HeapBudget}): then the
 * trace is OFF, the run shows its final state only, and the status line says so. Called on a
 * worker thread; it builds a new machine and touches nothing of the run on show.
 */
public final class EngineScenarioBackend implements ScenarioBackend {
    /** How often (at most) the watchdog reads the heap: the runner polls cancel millions of times. */
    private static final long HEAP_CHECK_NANOS = 50_000_000L;

    private final HeapBudget heap;

    public EngineScenarioBackend() {
        this(HeapBudget.jvm());
    }

    EngineScenarioBackend(HeapBudget heap) {
        this.heap = heap;
    }

    /** For tests: a heap of {@code maxBytes} of which {@code usedBytes} are taken. */
    public static EngineScenarioBackend withHeap(long maxBytes, long usedBytes) {
        return new EngineScenarioBackend(new HeapBudget(() -> maxBytes, () -> usedBytes));
    }

    @Override
    public LoadedRun load(Path file) throws ScenarioException {
        return load(file, (t, f) -> { }, () -> false);
    }

    @Override
    public LoadedRun load(Path file, Consumer<String> progress) throws ScenarioException {
        return load(file, (t, f) -> progress.accept(t), () -> false);
    }

    @Override
    public LoadedRun load(Path file, Progress progress, BooleanSupplier cancelled) throws ScenarioException {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        Scenario s;
        try {
            s = new ScenarioLoader().loadFile(file);
        } catch (luolab.scenario.ScenarioException e) {
            throw new ScenarioException(file.getFileName() + " is not a valid scenario:\n" + e.getMessage());
        }
        if (cancelled.getAsBoolean()) {
            throw new RunCancelled("Cancelled " + s.name() + " before it started");
        }
        long need = HeapBudget.fullTraceBytes(s.work());
        boolean full = heap.fullTraceFits(s.work());
        String traceOff = full ? null : String.format("stepping through it needs ≈%s of heap, %s free", HeapBudget.mb(need),
                HeapBudget.mb(heap.max() - heap.used()));
        String traceNote = full ? "" : " (trace off: " + traceOff + ")";
        progress.report("Running " + s.name() + traceNote + " …", 0);
        Watchdog dog = new Watchdog();
        RunResult r;
        try {
            r = new ScenarioRunner().run(s, RunOptions.of(full ? Trace.Mode.FULL : Trace.Mode.OFF)
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
        var sum = r.summary();
        String summary = s.name() + " — " + (full ? RunTexts.events(r.trace().size()) : "final state only" + traceNote)
                + ", " + RunTexts.outcome(sum);
        return new LoadedRun(s.name(), file, json, r.machine().memory(), r.trace().events(), s.abi(), summary, traceOff);
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
        private long lastCheck = System.nanoTime();
        volatile boolean fired;

        boolean tripped() {
            long now = System.nanoTime();
            if (!fired && now - lastCheck >= HEAP_CHECK_NANOS) {
                lastCheck = now;
                fired = heap.nearlyFull();
            }
            return fired;
        }
    }
}

package luolab.ui.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;

/**
 * Opens scenario files for the product: parses them with the scenario loader and runs them with
 * the {@link ScenarioRunner} on a fresh machine with a FULL trace, so every event can be stepped
 * through both ways — unless that trace would not fit in the heap: then the trace is OFF, the run
 * shows its final state only, and the status line says so ({@link GuardedRunner}, which the
 * workbench's re-runs share through {@link #runner()}). Called on a worker thread; it builds a new
 * machine and touches nothing of the run on show.
 */
public final class EngineScenarioBackend implements ScenarioBackend {
    private final GuardedRunner runner;

    public EngineScenarioBackend() {
        this(GuardedRunner.jvm());
    }

    EngineScenarioBackend(HeapBudget heap) {
        this(new GuardedRunner(heap));
    }

    private EngineScenarioBackend(GuardedRunner runner) {
        this.runner = runner;
    }

    /** For tests: a heap of {@code maxBytes} of which {@code usedBytes} are taken (re-runs see the same heap). */
    public static EngineScenarioBackend withHeap(long maxBytes, long usedBytes) {
        return new EngineScenarioBackend(GuardedRunner.withHeap(maxBytes, usedBytes));
    }

    /** For tests: a heap whose size and use the test changes as it goes. */
    public static EngineScenarioBackend withHeap(java.util.function.LongSupplier maxBytes,
            java.util.function.LongSupplier usedBytes) {
        return new EngineScenarioBackend(GuardedRunner.withHeap(maxBytes, usedBytes));
    }

    @Override
    public GuardedRunner runner() {
        return runner;
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
        GuardedRunner.Run run = runner.run(new ScenarioRunner(), s, progress, cancelled);
        var r = run.result();
        String summary = s.name() + " — " + run.traceText() + ", " + RunTexts.outcome(r.summary());
        return run.loaded(s.name(), file, json, summary);
    }
}

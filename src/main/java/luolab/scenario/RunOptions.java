package luolab.scenario;

import java.util.function.BooleanSupplier;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;

/**
 * How to run a scenario. {@code machine} null means a fresh cold-booted machine (the scenario's
 * RAM size and ABI); otherwise the run continues on that machine (e.g. one booted from an exported
 * image). Steps [firstStep, endStep) run (0-based top-level indexes; endStep -1 = to the end).
 * {@code progress} is called from the running thread; {@code cancel} is polled between steps and
 * between repeat iterations.
 */
public record RunOptions(Trace.Mode mode, ProgressListener progress, BooleanSupplier cancel, Machine machine, int firstStep,
        int endStep) {

    /**
     * Progress of a run: top-level step {@code step} of {@code steps}; inside a repeat, iteration
     * {@code done} of {@code total}. {@code fraction} (0..1) is the share of the run's work done,
     * weighted by {@link Step#work()}, so it moves evenly through a long repeat step. {@code opaque}
     * is true as a single op starts that will take a noticeable share of the run without reporting
     * (a big kexec, the first open of /dev/liveupdate after it): the fraction stays until it ends.
     */
    public record Progress(int step, int steps, long done, long total, String description, double fraction, boolean opaque) {
        public Progress(int step, int steps, long done, long total, String description, double fraction) {
            this(step, steps, done, total, description, fraction, false);
        }
    }

    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(Progress p);
    }

    public static RunOptions of(Trace.Mode mode) {
        return new RunOptions(mode, null, null, null, 0, -1);
    }

    public RunOptions withProgress(ProgressListener p) {
        return new RunOptions(mode, p, cancel, machine, firstStep, endStep);
    }

    public RunOptions withCancel(BooleanSupplier c) {
        return new RunOptions(mode, progress, c, machine, firstStep, endStep);
    }

    public RunOptions onMachine(Machine m) {
        return new RunOptions(mode, progress, cancel, m, firstStep, endStep);
    }

    /** Only steps [first, end) (0-based; end -1 = to the end). */
    public RunOptions steps(int first, int end) {
        return new RunOptions(mode, progress, cancel, machine, first, end);
    }
}

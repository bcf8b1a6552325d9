package luolab.scenario;

import java.util.List;
import luolab.engine.trace.Trace;

/**
 * The share of a run's work that is done, weighted by {@link Step#work()}: counting top-level steps
 * would leave a progress bar still for most of a run whose one repeat step is nearly all the work
 * (scale-1m-files: 2 of 18 steps are 99.99% of it). Covers the steps [first, end) being run.
 *
 * <p>Two single ops cost far more than one leaf op: a top-level {@code kexec} serializes
 * everything the kernel preserves, and the first {@code open_device} after it makes the new kernel
 * deserialize it all. Both scale with what was set up before the kexec, so they weigh a share of
 * the work done in that kernel (measured on scale-1m-files, 1,002,000 ops before the kexec, 2 cores:
 * FULL trace 6.1 s kexec and 3.0 s first open against 11.3 s for the ops; trace off 0.36 s and
 * 0.54 s against 5.9 s). Such a step reports nothing while it runs, so {@link #opaque} tells a
 * progress bar to say so rather than stand still.
 */
final class WorkMeter {
    /** Share of the ops before a kexec that the kexec costs, with a FULL trace and without. */
    static final double KEXEC_FULL = 0.55;
    static final double KEXEC_LEAN = 0.06;
    /** Share of the ops before a kexec that the first open after it costs. */
    static final double FIRST_OPEN_FULL = 0.27;
    static final double FIRST_OPEN_LEAN = 0.09;
    /** A single op that weighs at least this share of the run and {@link #OPAQUE_MIN} ops (~0.2 s) is worth saying so. */
    static final double OPAQUE_SHARE = 0.02;
    static final double OPAQUE_MIN = 20_000;

    private final int first;
    private final int end;
    /** before[i - first] = work of the steps [first, i). */
    private final double[] before;
    private final double[] work;
    private final boolean[] heavy;
    private final double total;

    WorkMeter(List<Step> steps, int first, int end) {
        this(steps, first, end, Trace.Mode.FULL);
    }

    WorkMeter(List<Step> steps, int first, int end, Trace.Mode mode) {
        this.first = first;
        this.end = Math.max(first, end);
        boolean full = mode == Trace.Mode.FULL;
        double[] weight = weights(steps, full ? KEXEC_FULL : KEXEC_LEAN, full ? FIRST_OPEN_FULL : FIRST_OPEN_LEAN);
        int n = this.end - first;
        before = new double[n + 1];
        work = new double[n];
        heavy = new boolean[n];
        for (int i = 0; i < n; i++) {
            work[i] = weight[first + i];
            before[i + 1] = before[i] + work[i];
        }
        total = before[n];
        for (int i = 0; i < n; i++) {
            Step s = steps.get(first + i);
            heavy[i] = !(s.action() instanceof Op.Repeat) && work[i] >= OPAQUE_MIN && work[i] >= OPAQUE_SHARE * total;
        }
    }

    /** Each step's weight: its work, but for a kexec and the first open after it their estimated cost. */
    private static double[] weights(List<Step> steps, double kexec, double firstOpen) {
        double[] w = new double[steps.size()];
        double sinceBoot = 0;
        double handedOver = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            w[i] = s.work();
            if ("kexec".equals(s.op())) {
                w[i] = Math.max(1, kexec * sinceBoot);
                handedOver = sinceBoot;
                sinceBoot = 0;
                continue;
            }
            if ("open_device".equals(s.op()) && handedOver > 0) {
                w[i] = Math.max(1, firstOpen * handedOver);
                handedOver = 0;
            }
            sinceBoot += s.work();
        }
        return w;
    }

    /** Fraction in [0, 1] after {@code done} of {@code iterations} iterations of top-level step {@code step}. */
    double fraction(int step, long done, long iterations) {
        if (step >= end) {
            return 1;
        }
        int i = Math.max(0, step - first);
        if (total <= 0) {
            // nothing but empty repeats: fall back to counting steps
            return (double) i / (end - first);
        }
        double inStep = iterations > 0 ? work[i] * Math.min(1, (double) done / iterations) : 0;
        return Math.min(1, (before[i] + inStep) / total);
    }

    /**
     * True when top-level step {@code step} is one op that takes a noticeable share of the run (a
     * big kexec, the first open after it): no progress comes until it ends.
     */
    boolean opaque(int step) {
        int i = step - first;
        return i >= 0 && i < heavy.length && heavy[i];
    }
}

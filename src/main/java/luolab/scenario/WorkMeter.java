package luolab.scenario;

import java.util.List;

/**
 * The share of a run's work that is done, weighted by {@link Step#work()}: counting top-level steps
 * would leave a progress bar still for most of a run whose one repeat step is nearly all the work
 * (scale-1m-files: 2 of 18 steps are 99.99% of it). Covers the steps [first, end) being run.
 */
final class WorkMeter {
    private final int first;
    private final int end;
    /** before[i - first] = work of the steps [first, i). */
    private final double[] before;
    private final double[] work;
    private final double total;

    WorkMeter(List<Step> steps, int first, int end) {
        this.first = first;
        this.end = Math.max(first, end);
        int n = this.end - first;
        before = new double[n + 1];
        work = new double[n];
        for (int i = 0; i < n; i++) {
            work[i] = steps.get(first + i).work();
            before[i + 1] = before[i] + work[i];
        }
        total = before[n];
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
}

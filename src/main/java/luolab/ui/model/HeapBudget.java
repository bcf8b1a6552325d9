package luolab.ui.model;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import luolab.scenario.Values;

/**
 * Whether a run's FULL trace fits in the Java heap, and a watchdog for when it does not after all.
 *
 * <p>Measured (JDK 17, G1, scale-1m-files, 2.0 M leaf ops ({@code Scenario#work()})): the FULL
 * trace records 9.27 M events and keeps ~870 MB live (~435 B per op); with {@code -Xmx700m} the
 * run dies of OutOfMemoryError inside the kexec step, where no cancel is polled. Showing the run
 * costs more: the animation planner ({@code luolab.ui.anim.PlanBuilder}) needs another ~1.7 GB
 * while it reads the trace (run + plan fail in 2.5 GB, pass in 3 GB; in 2 GB the workbench spends
 * a minute in full GCs after the load). So the estimate is 1,500 B per op for run and plan.
 *
 * <p>An OutOfMemoryError may hit any thread, the FX thread included, so the workbench does not
 * risk it: a run whose estimate does not fit comfortably runs with the trace OFF (its final state
 * only, no stepping, no animation), and the watchdog stops a FULL run between steps or iterations
 * when the heap is nearly full anyway.
 */
final class HeapBudget {
    /** Heap per leaf op for a FULL trace (~435 B measured) and its animation plan (~850 B), rounded up. */
    static final long FULL_BYTES_PER_OP = 1500;
    /** Machine state, parser and slack a run needs besides its trace. */
    static final long BASE_BYTES = 64L << 20;
    /** The share of the free heap a FULL run may plan to use: the FX thread needs room too. */
    static final double PLAN_SHARE = 0.75;
    /** Old-generation use (of the maximum heap) at which the watchdog stops a run. */
    static final double STOP_SHARE = 0.90;

    private final LongSupplier maxHeap;
    private final LongSupplier usedHeap;

    HeapBudget(LongSupplier maxHeap, LongSupplier usedHeap) {
        this.maxHeap = maxHeap;
        this.usedHeap = usedHeap;
    }

    /** The running JVM's heap. */
    static HeapBudget jvm() {
        List<MemoryPoolMXBean> old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden") && !p.getName().contains("Survivor"))
                .toList();
        // long-lived data (a trace) ends up in the old generation; eden is mostly garbage, so
        // Runtime's used figure would trip the watchdog whenever a young collection is due
        return new HeapBudget(() -> Runtime.getRuntime().maxMemory(), () -> {
            long s = 0;
            for (MemoryPoolMXBean p : old) {
                s += p.getUsage().getUsed();
            }
            return s;
        });
    }

    long max() {
        return maxHeap.getAsLong();
    }

    long used() {
        return usedHeap.getAsLong();
    }

    /** Estimated heap a FULL trace of {@code work} leaf ops needs. */
    static long fullTraceBytes(long work) {
        return work > (Long.MAX_VALUE - BASE_BYTES) / FULL_BYTES_PER_OP ? Long.MAX_VALUE : BASE_BYTES + work * FULL_BYTES_PER_OP;
    }

    /** Heap a run may plan to use now. */
    long plannable() {
        return (long) (Math.max(0, max() - used()) * PLAN_SHARE);
    }

    boolean fullTraceFits(long work) {
        return fullTraceBytes(work) <= plannable();
    }

    /** True when the heap is nearly full: the run should stop before an OutOfMemoryError. */
    boolean nearlyFull() {
        return used() > STOP_SHARE * max();
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : Values.count(bytes >> 20) + " MB";
    }
}

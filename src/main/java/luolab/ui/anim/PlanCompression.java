package luolab.ui.anim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import luolab.engine.memory.PhysicalMemory;

/**
 * The later passes of {@link PlanBuilder} that shorten a plan: the middle of a long Floyd walk is
 * merged, too many small beats of mixed kinds are batched, and if the plan is still longer than
 * its budget, repetitive beats are played faster.
 */
final class PlanCompression {
    /** Floyd walks longer than this keep their first and last {@link #FLOYD_KEEP} steps. */
    static final int FLOYD_DETAILED = 16;
    static final int FLOYD_KEEP = 4;
    /** Seconds at 1× the whole plan aims at. */
    static final double BUDGET = 52;
    /** No compressed beat gets shorter than this. */
    static final double MIN_BEAT = 0.08;

    private PlanCompression() {
    }

    // ---- Floyd: long walks keep their beginning and end --------------------------------------

    static List<Beat> compressFloyd(List<Beat> in) {
        List<Beat> out = new ArrayList<>();
        int i = 0;
        while (i < in.size()) {
            Beat b = in.get(i);
            int j = i + 1;
            if (b.kind() == BeatKind.FLOYD_STEP) {
                String set = ((BeatData.Floyd) b.data()).set();
                while (j < in.size() && in.get(j).kind() == BeatKind.FLOYD_STEP
                        && ((BeatData.Floyd) in.get(j).data()).set().equals(set)) {
                    j++;
                }
            }
            int n = j - i;
            if (n <= FLOYD_DETAILED) {
                out.addAll(in.subList(i, j));
            } else {
                out.addAll(in.subList(i, i + FLOYD_KEEP));
                out.add(mergeFloyd(in.subList(i + FLOYD_KEEP, j - FLOYD_KEEP)));
                out.addAll(in.subList(j - FLOYD_KEEP, j));
            }
            i = j;
        }
        return out;
    }

    private static Beat mergeFloyd(List<Beat> bs) {
        int n = bs.size();
        long[] slow = new long[n];
        long[] fast = new long[n];
        for (int k = 0; k < n; k++) {
            BeatData.Floyd f = (BeatData.Floyd) bs.get(k).data();
            slow[k] = f.slow()[0];
            fast[k] = f.fast()[0];
        }
        BeatData.Floyd f0 = (BeatData.Floyd) bs.get(0).data();
        Beat a = bs.get(0);
        Beat z = bs.get(n - 1);
        double d = Math.max(BeatKind.FLOYD_STEP.single(), Math.min(2.0, 0.12 * n));
        return new Beat(BeatKind.FLOYD_STEP, a.phase(), a.from(), z.to(), z.key(), Integer.MAX_VALUE, n, d,
                BeatKind.Landing.GRADUAL, String.format("Floyd #%d … #%d: the hare runs ahead, two blocks per step",
                        f0.firstIteration(), f0.firstIteration() + n - 1),
                new BeatData.Floyd(f0.set(), f0.headPa(), f0.firstIteration(), slow, fast, f0.prevSlow(), f0.prevFast()));
    }

    // ---- pass 2c: too many small beats of mixed kinds become batches -------------------------

    /** At most this many repetitive beats are played one by one; beyond, neighbours are batched. */
    static final int MAX_SMALL_BEATS = 300;
    static final int MAX_BATCH_PAGES = 256;

    static List<Beat> coarsen(List<Beat> in) {
        int small = 0;
        for (Beat b : in) {
            if (compressible(b)) {
                small++;
            }
        }
        if (small <= MAX_SMALL_BEATS) {
            return in;
        }
        int per = (small + MAX_SMALL_BEATS - 1) / MAX_SMALL_BEATS;
        List<Beat> out = new ArrayList<>();
        List<Beat> group = new ArrayList<>();
        for (Beat b : in) {
            if (compressible(b) && b.kind() != BeatKind.QUIET) {
                group.add(b);
                if (group.size() == per) {
                    flush(group, out);
                }
            } else {
                flush(group, out);
                out.add(b);
            }
        }
        flush(group, out);
        return out;
    }

    private static void flush(List<Beat> group, List<Beat> out) {
        if (group.size() == 1) {
            out.add(group.get(0));
        } else if (group.size() > 1) {
            out.add(batch(group));
        }
        group.clear();
    }

    private static Beat batch(List<Beat> g) {
        Map<BeatKind, Integer> kinds = new java.util.EnumMap<>(BeatKind.class);
        Set<Long> pfns = new LinkedHashSet<>();
        int items = 0;
        for (Beat b : g) {
            kinds.merge(b.kind(), b.items(), Integer::sum);
            items += b.items();
            for (long pfn : pagesOf(b.data())) {
                if (pfns.size() < MAX_BATCH_PAGES) {
                    pfns.add(pfn);
                }
            }
        }
        StringBuilder cap = new StringBuilder();
        for (Map.Entry<BeatKind, Integer> e : kinds.entrySet()) {
            if (cap.length() > 0) {
                cap.append(", ");
            }
            cap.append(e.getValue()).append(' ').append(e.getKey().name().toLowerCase().replace('_', ' '));
        }
        Beat a = g.get(0);
        Beat z = g.get(g.size() - 1);
        return new Beat(BeatKind.BATCH, a.phase(), a.from(), z.to(), z.key(), Integer.MAX_VALUE, items,
                BeatKind.BATCH.batch(g.size()), BeatKind.Landing.GRADUAL, "batch: " + cap,
                new BeatData.Mixed(pfns.stream().mapToLong(Long::longValue).toArray(), Map.copyOf(kinds)));
    }

    /** Pages a beat's data points at (for batches and highlights). */
    static long[] pagesOf(BeatData d) {
        if (d instanceof BeatData.Pages p) {
            return p.pfns();
        }
        if (d instanceof BeatData.Links l) {
            return Arrays.stream(l.pas()).map(PhysicalMemory::pfn).toArray();
        }
        if (d instanceof BeatData.Entries en) {
            return en.entries().stream().mapToLong(x -> PhysicalMemory.pfn(x.pa())).distinct().toArray();
        }
        if (d instanceof BeatData.Fdt f) {
            return new long[] {PhysicalMemory.pfn(f.fdtPa())};
        }
        if (d instanceof BeatData.Field f) {
            return new long[] {PhysicalMemory.pfn(f.pa())};
        }
        if (d instanceof BeatData.Mixed m) {
            return m.pfns();
        }
        return new long[0];
    }

    // ---- pass 3: time budget -----------------------------------------------------------------

    private static boolean compressible(Beat b) {
        return b.kind().compressible();
    }

    static List<Beat> fitBudget(List<Beat> in) {
        double fixed = 0;
        double comp = 0;
        for (Beat b : in) {
            if (compressible(b)) {
                comp += b.duration();
            } else {
                fixed += b.duration();
            }
        }
        if (fixed + comp <= BUDGET || comp == 0) {
            return in;
        }
        double avail = Math.max(0, BUDGET - fixed);
        double f = avail / comp;
        for (int round = 0; round < 6; round++) {
            double sum = 0;
            for (Beat b : in) {
                if (compressible(b) && b.duration() > 0) {
                    sum += Math.max(MIN_BEAT, b.duration() * f);
                }
            }
            if (sum <= avail * 1.001 || sum == 0) {
                break;
            }
            f *= avail / sum;
        }
        double factor = f;
        List<Beat> out = new ArrayList<>(in.size());
        for (Beat b : in) {
            out.add(compressible(b) && b.duration() > 0 ? b.withDuration(Math.max(MIN_BEAT, b.duration() * factor)) : b);
        }
        return out;
    }
}

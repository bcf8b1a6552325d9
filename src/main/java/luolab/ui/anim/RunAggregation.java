package luolab.ui.anim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.memory.PhysicalMemory;

/**
 * Pass 2 of {@link PlanBuilder}: long runs of the same kind are aggregated — a block at a time for
 * entries, a batch at a time for sessions — so a plan of thousands of events stays watchable.
 */
final class RunAggregation {
    /** Runs of at most this many beats of one kind are played one by one. */
    static final int SMALL_RUN = 6;
    /** A run of entries is split into at most this many batches (one per block when it can). */
    static final int MAX_BATCHES = 48;
    /** Batches of sessions/pages have at least this many items (one session block's worth). */
    static final int MIN_BATCH = 51;

    private RunAggregation() {
    }

    private static boolean aggregatable(BeatKind k) {
        return switch (k) {
            case SESSION, FILE, PRESERVE, RADIX_NODE, ENTRY, ENTRY_BACK, RESTORE, RESERVE, SWEEP, BLOCK_LINK,
                    BLOCK_UNLINK, FDT, LOG -> true;
            default -> false;
        };
    }

    /** Runs up to this long are played beat by beat. */
    private static int smallRun(BeatKind k) {
        return switch (k) {
            case RADIX_NODE -> 1;
            case LOG, FDT -> 3;
            default -> SMALL_RUN;
        };
    }

    /** Kinds whose whole run is always one beat (they are one gesture, however many events). */
    private static boolean wholeRun(BeatKind k) {
        return k == BeatKind.RESERVE || k == BeatKind.SWEEP;
    }

    /** Turns raw beats into beats, batching runs of one family. */
    static List<Beat> aggregate(List<RawBeat> raw) {
        List<Beat> out = new ArrayList<>();
        int i = 0;
        while (i < raw.size()) {
            RawBeat r = raw.get(i);
            int j = i + 1;
            if (aggregatable(r.kind)) {
                while (j < raw.size() && raw.get(j).family.equals(r.family)) {
                    j++;
                }
            }
            int n = j - i;
            if (n == 1 || (!wholeRun(r.kind) && n <= smallRun(r.kind))) {
                for (int k = i; k < j; k++) {
                    out.add(single(raw.get(k)));
                }
            } else if (wholeRun(r.kind)) {
                out.add(merge(raw.subList(i, j)));
            } else {
                for (List<RawBeat> chunk : chunks(raw.subList(i, j))) {
                    out.add(chunk.size() == 1 ? single(chunk.get(0)) : merge(chunk));
                }
            }
            i = j;
        }
        return out;
    }

    /** Splits a run into batches: entries by session block, the rest by size. */
    private static List<List<RawBeat>> chunks(List<RawBeat> run) {
        List<List<RawBeat>> out = new ArrayList<>();
        BeatKind k = run.get(0).kind;
        if (k == BeatKind.ENTRY || k == BeatKind.ENTRY_BACK) {
            long[] group = new long[run.size()];
            long next = -1;
            for (int i = run.size() - 1; i >= 0; i--) {
                BeatData.Entry x = ((BeatData.Entries) run.get(i).data).entries().get(0);
                if (!x.file()) {
                    next = k == BeatKind.ENTRY ? ((long) x.block() << 1) ^ x.set().hashCode() : PhysicalMemory.pfn(x.pa());
                }
                group[i] = next;
            }
            List<RawBeat> cur = new ArrayList<>();
            for (int i = 0; i < run.size(); i++) {
                if (!cur.isEmpty() && group[i] != group[i - 1]) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                cur.add(run.get(i));
            }
            if (!cur.isEmpty()) {
                out.add(cur);
            }
            if (out.size() <= MAX_BATCHES) {
                return out;
            }
            out.clear();
        }
        int most = k == BeatKind.SESSION || k == BeatKind.FILE ? 16 : 12;
        int size = Math.max(MIN_BATCH, (run.size() + most - 1) / most);
        for (int i = 0; i < run.size(); i += size) {
            out.add(run.subList(i, Math.min(run.size(), i + size)));
        }
        return out;
    }

    private static Beat single(RawBeat r) {
        return new Beat(r.kind, r.phase, r.from, r.to, r.key, Integer.MAX_VALUE, 1, r.kind.single(), r.kind.landing(),
                r.caption, r.data == null ? new BeatData.None() : r.data);
    }

    private static Beat merge(List<RawBeat> rs) {
        RawBeat a = rs.get(0);
        RawBeat z = rs.get(rs.size() - 1);
        int n = rs.size();
        BeatData data = mergeData(rs);
        String caption = BeatText.batchCaption(a, z, n, data);
        BeatKind.Landing landing = a.kind == BeatKind.SWEEP ? BeatKind.Landing.END : BeatKind.Landing.GRADUAL;
        return new Beat(a.kind, a.phase, a.from, z.to, z.key, Integer.MAX_VALUE, n, a.kind.batch(n), landing, caption,
                data);
    }

    private static BeatData mergeData(List<RawBeat> rs) {
        BeatData first = rs.get(0).data;
        if (first instanceof BeatData.Pages) {
            int total = 0;
            for (RawBeat r : rs) {
                total += ((BeatData.Pages) r.data).pfns().length;
            }
            long[] pfns = new long[total];
            String[] labels = new String[total];
            int k = 0;
            for (RawBeat r : rs) {
                BeatData.Pages p = (BeatData.Pages) r.data;
                System.arraycopy(p.pfns(), 0, pfns, k, p.pfns().length);
                System.arraycopy(p.labels(), 0, labels, k, p.labels().length);
                k += p.pfns().length;
            }
            return new BeatData.Pages(pfns, labels);
        }
        if (first instanceof BeatData.Rows r0) {
            List<String> s = new ArrayList<>();
            Set<String> ops = new LinkedHashSet<>();
            long[] pas = new long[rs.size()];
            int err = 0;
            for (int i = 0; i < rs.size(); i++) {
                BeatData.Rows r = (BeatData.Rows) rs.get(i).data;
                s.addAll(r.sessions());
                ops.add(r.op());
                err = err != 0 ? err : r.errno();
            }
            return new BeatData.Rows(String.join("/", ops), r0.incoming(), List.copyOf(s), pas, err);
        }
        if (first instanceof BeatData.Links l0) {
            int n = rs.size();
            int[] idx = new int[n];
            long[] pas = new long[n];
            long[] prev = new long[n];
            for (int i = 0; i < n; i++) {
                BeatData.Links l = (BeatData.Links) rs.get(i).data;
                idx[i] = l.indexes()[0];
                pas[i] = l.pas()[0];
                prev[i] = l.prevPas()[0];
            }
            return new BeatData.Links(l0.set(), idx, pas, prev, l0.linked());
        }
        if (first instanceof BeatData.Entries) {
            List<BeatData.Entry> all = new ArrayList<>();
            for (RawBeat r : rs) {
                all.addAll(((BeatData.Entries) r.data).entries());
            }
            return new BeatData.Entries(List.copyOf(all));
        }
        if (first instanceof BeatData.Fdt f0) {
            List<String> paths = new ArrayList<>();
            for (RawBeat r : rs) {
                paths.addAll(((BeatData.Fdt) r.data).paths());
            }
            return new BeatData.Fdt(f0.fdt(), List.copyOf(paths), f0.fdtPa());
        }
        if (first instanceof BeatData.Sweep s0) {
            int n = rs.size();
            long[] starts = new long[n];
            int[] counts = new int[n];
            for (int i = 0; i < n; i++) {
                BeatData.Sweep s = (BeatData.Sweep) rs.get(i).data;
                starts[i] = s.startPfns()[0];
                counts[i] = s.counts()[0];
            }
            return new BeatData.Sweep(starts, counts, s0.litPfns());
        }
        if (first instanceof BeatData.Text) {
            return rs.get(rs.size() - 1).data;
        }
        return first;
    }
}

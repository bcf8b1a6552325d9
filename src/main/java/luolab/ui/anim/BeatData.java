package luolab.ui.anim;

import java.util.List;

/** What a beat shows, taken from its trace events (physical addresses, names, log lines, errnos). */
public sealed interface BeatData {

    /** Nothing beyond the caption. */
    record None() implements BeatData {
    }

    /** A byte range [pa, pa + length). */
    record Range(long pa, int length) {
    }

    /** Pages (preserved, reserved, restored, radix nodes) in the order they happened; labels may be null. */
    record Pages(long[] pfns, String[] labels) implements BeatData {
    }

    /** A session or file changed state ({@code op}); rows of the tables. {@code pas} may hold 0. */
    record Rows(String op, boolean incoming, List<String> sessions, long[] pas, int errno) implements BeatData {
    }

    /** Blocks linked (or unlinked): {@code prevPas[i]}'s next now points at {@code pas[i]} (0: head). */
    record Links(String set, int[] indexes, long[] pas, long[] prevPas, boolean linked) implements BeatData {
    }

    /** One serialized (or deserialized) entry: set name, block and slot, its PA, what it is, its session. */
    record Entry(String set, int block, int slot, long pa, String what, String session, boolean file) {
    }

    /** Entries flying into their slots (serialize) or back into the tables (deserialize). */
    record Entries(List<Entry> entries) implements BeatData {
    }

    /** FDT nodes written. */
    record Fdt(String fdt, List<String> paths, long fdtPa) implements BeatData {
    }

    /** A field write into the LUO root blob (luo_ser). */
    record Field(String field, long pa, int length) implements BeatData {
    }

    /** The jump: the only thing passed on is the KHO FDT address. */
    record Kexec(long khoFdtPa, int nextBoot, String nextAbi) implements BeatData {
    }

    /** Poisoned runs of pages; {@code litPfns} are the preserved pages that stay lit during the sweep. */
    record Sweep(long[] startPfns, int[] counts, long[] litPfns) implements BeatData {
        public long pages() {
            long n = 0;
            for (int c : counts) {
                n += c;
            }
            return n;
        }
    }

    /**
     * Floyd iterations {@code firstIteration …}: where the tortoise ({@code slow}) and the hare
     * ({@code fast}) stand after each; {@code prevSlow}/{@code prevFast} before the first (the head).
     */
    record Floyd(String set, long headPa, int firstIteration, long[] slow, long[] fast, long prevSlow, long prevFast)
            implements BeatData {
        public int steps() {
            return slow.length;
        }
    }

    /**
     * A chain check's outcome: the chain's blocks as the check visited them, the kernel's log line,
     * the errno (0: accepted), and the bytes to blame when known (a corruption's write, a bad count).
     */
    record Chain(String set, long headPa, int blocks, int errno, String logLine, long[] chainPas, List<Range> offending)
            implements BeatData {
    }

    /** Something went wrong: the log line (may be null), the errno (0 if none) and the bytes to blame. */
    record Failure(String logLine, int errno, String function, List<Range> offending) implements BeatData {
    }

    /** A batch of mixed beats: the pages they touched (at most a few hundred) and how many of each kind. */
    record Mixed(long[] pfns, java.util.Map<BeatKind, Integer> kinds) implements BeatData {
    }

    /** A caption only (phase, step, log line). */
    record Text(String text) implements BeatData {
    }
}

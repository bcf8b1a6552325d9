package luolab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;

/**
 * What the parts of {@code inspect} share while they walk one image: the memory, the next
 * kernel's generation, where to print, and what they collect on the way — labels for the
 * preserved ranges listed at the end, and the problems listed last.
 */
final class Inspection {
    /** Blocks, sessions and preserved ranges printed without --all. */
    static final int SHOW = 64;
    /** Files of one session printed without --all. */
    static final int SHOW_ENTRIES = 16;

    final PhysicalMemory mem;
    /** The next kernel's generation: its layout and restore rules are what the image is checked against. */
    final Abi abi;
    final PrintWriter out;
    final boolean all;
    final Map<Long, String> labels = new HashMap<>();
    final List<String> warnings = new ArrayList<>();
    final PreservedMemory preserved;

    Inspection(PhysicalMemory mem, Abi abi, PrintWriter out, boolean all) {
        this.mem = mem;
        this.abi = abi;
        this.out = out;
        this.all = all;
        this.preserved = new PreservedMemory(this);
    }

    boolean readable(long pa, long len) {
        return mem.contains(pa, len);
    }

    void warn(String w) {
        warnings.add(w);
    }

    void label(long pa, String what) {
        labels.put(pa, what);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

package luolab.scenario;

import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.luo.EntryStore;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;

/**
 * What a kernel holds for the next one: outgoing sessions, their files, the session and file
 * blocks, and the pages in KHO's preserved-memory radix tree (read from memory, as the next kernel
 * will).
 */
public record Counts(int sessions, long files, int sessionBlocks, int fileBlocks, long preservedPages) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /** The outgoing state of {@code k}. */
    public static Counts outgoing(Kernel k) {
        Luo luo = k == null ? null : k.luo();
        if (luo == null) {
            return ZERO;
        }
        long files = 0;
        int fileBlocks = 0;
        var out = luo.sessions().outgoing();
        for (LuoSession s : out) {
            files += s.fileSet().count();
            fileBlocks += s.fileSet().blocks().nblocks();
        }
        EntryStore sb = luo.sessions().outgoingBlocks();
        return new Counts(out.size(), files, sb == null ? 0 : sb.nblocks(), fileBlocks, preservedPages(k));
    }

    /** Pages (sum of 2^order) in the outgoing KHO radix tree, walked from memory. */
    public static long preservedPages(Kernel k) {
        Kho kho = k == null ? null : k.kho();
        if (kho == null || kho.radix() == null) {
            return 0;
        }
        long[] sum = {0};
        try {
            KhoRadixTree.walk(k.machine().memory(), kho.radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, order) -> {
                sum[0] += 1L << order;
                return true;
            }, null);
        } catch (RuntimeException e) {
            // a corrupted tree: count what was reachable
        }
        return sum[0];
    }

    @Override
    public String toString() {
        return Values.count(sessions) + " session" + (sessions == 1 ? "" : "s") + ", " + Values.count(files) + " file"
                + (files == 1 ? "" : "s") + ", " + Values.count(sessionBlocks) + " session block" + (sessionBlocks == 1 ? "" : "s")
                + ", " + Values.count(fileBlocks) + " file block" + (fileBlocks == 1 ? "" : "s") + ", " + Values.count(preservedPages)
                + " page" + (preservedPages == 1 ? "" : "s") + " preserved";
    }
}

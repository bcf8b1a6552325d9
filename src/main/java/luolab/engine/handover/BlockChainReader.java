package luolab.engine.handover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * Linked kho_block chains (v7 and series v2) read from bytes, flagged by the restore rules of the
 * generation that wrote them. Both check for a cycle first (Floyd) and then walk the chain
 * checking each block's count; they differ in the count check: v7's kho_block_set_restore rejects
 * {@code count == 0 || count > count_per_block} ("Block contains invalid entry count"), v2's
 * luo_block_restore only {@code count > max} ("Block contains too many entries") — an empty,
 * linked tail block is accepted there (kernel-luo.md §4).
 */
final class BlockChainReader {
    /** Sessions listed at most (each gets its file chain walked). */
    static final int MAX_ENTRIES = 4096;

    private BlockChainReader() {
    }

    /** Walks the chain at {@code head} as {@code rules}' restore would, recording every block and where it stops. */
    static Handover.Chain walk(PhysicalMemory mem, String name, long head, ChainLayout layout, Abi rules) {
        List<Handover.Block> blocks = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        int capacity = layout.slots();
        long pa = head;
        while (pa != 0) {
            Integer back = seen.get(pa);
            if (back != null) {
                return new Handover.Chain(name, head, List.copyOf(blocks), back, "cyclic: block " + blocks.size()
                        + " points back to block " + back, layout);
            }
            if (blocks.size() >= rules.maxBlocks()) {
                return new Handover.Chain(name, head, List.copyOf(blocks), -1, "longer than " + rules.maxBlocks() + " blocks",
                        layout);
            }
            if (!mem.contains(pa, Abi.BLOCK_HEADER_SIZE)) {
                return new Handover.Chain(name, head, List.copyOf(blocks), -1, String.format("next 0x%x is outside RAM", pa),
                        layout);
            }
            long next = mem.u64(pa);
            long count = mem.u64(pa + 8);
            seen.put(pa, blocks.size());
            blocks.add(new Handover.Block(pa, next, count, capacity, countProblem(count, capacity, rules)));
            pa = next;
        }
        String problem = null;
        for (Handover.Block b : blocks) {
            if (b.problem() != null) {
                problem = b.problem();
                break;
            }
        }
        return new Handover.Chain(name, head, List.copyOf(blocks), -1, problem, layout);
    }

    /** What the generation's restore says about a block's count, or null when it accepts it. */
    static String countProblem(long count, int capacity, Abi rules) {
        boolean over = Long.compareUnsigned(count, capacity) > 0;
        if (rules.rejectZeroCount()) {
            return count == 0 || over ? "invalid entry count " + Long.toUnsignedString(count) : null;
        }
        // v2's luo_block_restore has no zero-count check: only "too many entries"
        return over ? "too many entries: " + Long.toUnsignedString(count) + " > " + capacity : null;
    }

    /**
     * The luo_session_ser entries of a session chain that restore would accept, each with its
     * file chain walked under the same rules. Stops at the first block restore would reject.
     */
    static List<Handover.SessionEntry> entries(PhysicalMemory mem, Handover.Chain sessions, Abi abi) {
        List<Handover.SessionEntry> entries = new ArrayList<>();
        ChainLayout files = ChainLayout.files(abi);
        int size = Layouts.SESSION_SER.size();
        for (Handover.Block b : sessions.blocks()) {
            if (b.problem() != null) {
                break;
            }
            for (int k = 0; k < b.count() && entries.size() < MAX_ENTRIES; k++) {
                long e = b.pa() + Abi.BLOCK_HEADER_SIZE + (long) k * size;
                if (!mem.contains(e, size)) {
                    break;
                }
                String name = mem.cstring(e, 64);
                long filesPa = mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.files"));
                long count = mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.count"));
                entries.add(new Handover.SessionEntry(name, e, filesPa, count,
                        walk(mem, "files of " + name, filesPa, files, abi)));
            }
        }
        return List.copyOf(entries);
    }
}

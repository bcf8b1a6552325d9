package luolab.engine.handover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * Linked kho_block chains (v7 and series v2) read from bytes, each block flagged by the restore
 * rules of the generation that wrote it ({@link KhoBlockSetRestore}), and the luo_session_ser
 * entries they hold.
 */
public final class BlockChainReader {
    /** Sessions listed at most for the chain view (each gets its file chain walked). */
    static final int MAX_ENTRIES = 4096;
    /** How a chain's problem ends when a pointer leaves RAM. */
    static final String OUTSIDE_RAM = " is outside RAM";

    private BlockChainReader() {
    }

    /**
     * Walks the chain at {@code head} as far as the kernel's Floyd check reads it ({@link
     * KhoBlockSetRestore#floydLimit} blocks), recording every block and where it stops: a {@code
     * next} back to an earlier block (a cycle), a pointer outside RAM, or the step limit. The
     * chain's problem is then the first thing restore's walk rejects: a bad count, or block
     * KHO_MAX_BLOCKS + 1 (-ENOSPC).
     */
    public static Handover.Chain walk(PhysicalMemory mem, String name, long head, ChainLayout layout, Abi rules) {
        List<Handover.Block> blocks = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        int capacity = layout.slots();
        long pa = head;
        while (pa != 0) {
            Integer back = seen.get(pa);
            if (back != null) {
                return new Handover.Chain(name, head, List.copyOf(blocks), back, "cyclic: block " + (blocks.size() - 1)
                        + " points back to block " + back, layout);
            }
            if (blocks.size() >= KhoBlockSetRestore.floydLimit(rules)) {
                return new Handover.Chain(name, head, List.copyOf(blocks), -1, tooLong(rules), layout);
            }
            if (!mem.contains(pa, Abi.BLOCK_HEADER_SIZE)) {
                return new Handover.Chain(name, head, List.copyOf(blocks), -1, String.format("next 0x%x", pa) + OUTSIDE_RAM,
                        layout);
            }
            long next = mem.u64(pa);
            long count = mem.u64(pa + 8);
            seen.put(pa, blocks.size());
            blocks.add(new Handover.Block(pa, next, count, capacity, KhoBlockSetRestore.countProblem(count, capacity, rules)));
            pa = next;
        }
        String problem = null;
        for (int i = 0; i < blocks.size() && problem == null; i++) {
            // restore's walk: the block's count is checked before kho_block_add runs out of room
            problem = blocks.get(i).problem() != null ? blocks.get(i).problem() : i >= rules.maxBlocks() ? tooLong(rules) : null;
        }
        return new Handover.Chain(name, head, List.copyOf(blocks), -1, problem, layout);
    }

    private static String tooLong(Abi rules) {
        return "longer than " + rules.maxBlocks() + " blocks";
    }

    /**
     * The luo_session_ser entries of a session chain (or, before the series, of the session array),
     * each with its file chain (or file array) read under the same generation's rules.
     * {@link ReadPurpose#RESTORE}: what restore would accept (stops at the first block it rejects,
     * at most {@link #MAX_ENTRIES}); {@link ReadPurpose#TARGETS} and {@link ReadPurpose#EXPORT}: every
     * entry of every block walked, a block's count clamped to its capacity.
     */
    public static List<Handover.SessionEntry> entries(PhysicalMemory mem, Handover.Chain sessions, Abi abi, ReadPurpose purpose) {
        List<Handover.SessionEntry> entries = new ArrayList<>();
        ChainLayout files = ChainLayout.files(abi);
        boolean all = purpose.everyEntry();
        int max = all ? Integer.MAX_VALUE : MAX_ENTRIES;
        for (Handover.Block b : sessions.blocks()) {
            if (b.problem() != null && !all) {
                break;
            }
            for (int k = 0; k < b.entries() && entries.size() < max; k++) {
                long e = sessions.layout().entryPa(b.pa(), k);
                if (!mem.contains(e, Layouts.SESSION_SER.size())) {
                    break;
                }
                Handover.SessionEntry s = session(mem, e);
                String name = "files of " + s.name();
                entries.add(s.withFiles(store(mem, name, s.filesPa(), files, abi, s.fileCount())));
            }
        }
        return List.copyOf(entries);
    }

    /**
     * The entry store at {@code pa} in {@code layout}: a linked chain walked under {@code rules}, or
     * a pre-series fixed array as a one-block chain whose count is {@code count} (the session
     * entry's file_set_ser.count), or read from its header when {@code count} < 0 (the session
     * array's luo_session_header_ser).
     */
    public static Handover.Chain store(PhysicalMemory mem, String name, long pa, ChainLayout layout, Abi rules, long count) {
        return layout.array() ? HandoverPreReader.array(mem, name, pa, layout, count) : walk(mem, name, pa, layout, rules);
    }

    /**
     * The header of one block (or fixed array) at {@code pa} that the engine itself lists — a live
     * or adopted block set, not a chain walked from bytes: a linked block's kho_block_header_ser
     * {next, count}; a pre-series array has no next, its count is the session array's 8-byte
     * luo_session_header_ser ({@code count} &lt; 0) or the session entry's file count. A header not
     * in RAM reads as next 0, count 0, with a problem.
     */
    public static Handover.Block header(PhysicalMemory mem, long pa, ChainLayout layout, long count) {
        if (!mem.contains(pa, Abi.BLOCK_HEADER_SIZE)) {
            return new Handover.Block(pa, 0, 0, layout.slots(), String.format("block 0x%x", pa) + OUTSIDE_RAM);
        }
        if (!layout.array()) {
            return new Handover.Block(pa, mem.u64(pa), mem.u64(pa + 8), layout.slots(), null);
        }
        return new Handover.Block(pa, 0, count < 0 ? mem.u64(pa) : count, layout.slots(), null);
    }

    /** One luo_session_ser: name[64], then file_set_ser {files, count}; its file chain not read yet. */
    static Handover.SessionEntry session(PhysicalMemory mem, long e) {
        return new Handover.SessionEntry(mem.cstring(e, 64), e, mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.files")),
                mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.count")), null);
    }
}

package luolab.engine.handover;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * One luo_file_ser {compatible[48], data, token} as read from a file block (or a pre-series file
 * array): the handler's compatible, its private data word (for memfd the PA of its
 * memfd_luo_ser) and the token userspace retrieves the file by (kernel-luo.md §1.2).
 */
public record LuoFileSer(long pa, String compatible, long data, long token) {

    /**
     * The luo_file_ser entries of one session's file chain (or array) as luo_file_deserialize()
     * takes them: each block's count clamped to its capacity ({@link Handover.Block#entries()}).
     * An entry that runs past the end of RAM is not read; the rest of that block is skipped and
     * {@code problem} says where, the next block is still read.
     */
    public record Entries(List<LuoFileSer> entries, String problem) {
    }

    /** The entries of {@code files}, a chain or array the reader walked; never throws on corrupted bytes. */
    public static Entries read(PhysicalMemory mem, Handover.Chain files) {
        List<LuoFileSer> out = new ArrayList<>();
        String problem = null;
        for (Handover.Block b : files.blocks()) {
            Entries in = read(mem, files.layout(), b);
            out.addAll(in.entries());
            problem = problem != null ? problem : in.problem();
        }
        return new Entries(List.copyOf(out), problem);
    }

    /** The entries of one block (or array) {@code b} of a file store laid out as {@code layout}. */
    public static Entries read(PhysicalMemory mem, ChainLayout layout, Handover.Block b) {
        List<LuoFileSer> out = new ArrayList<>();
        for (long j = 0; j < b.entries(); j++) {
            long e = layout.entryPa(b.pa(), j);
            if (!mem.contains(e, Layouts.FILE_SER.size())) {
                return new Entries(List.copyOf(out), String.format("luo_file_ser 0x%x" + BlockChainReader.OUTSIDE_RAM, e));
            }
            out.add(at(mem, e));
        }
        return new Entries(List.copyOf(out), null);
    }

    /** The luo_file_ser at {@code e}, which must be in RAM. */
    static LuoFileSer at(PhysicalMemory mem, long e) {
        return new LuoFileSer(e, mem.cstring(e, Layouts.FILE_SER.field("compatible").size()), mem.u64(e + Layouts.FILE_SER.offset("data")),
                mem.u64(e + Layouts.FILE_SER.offset("token")));
    }
}

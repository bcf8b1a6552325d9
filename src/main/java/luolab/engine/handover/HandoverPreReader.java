package luolab.engine.handover;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/**
 * Before the series ("luo-v1"): the KHO "LUO" subtree is a LUO FDT with a u64
 * {@code liveupdate-number} and a {@code luo-session} node whose {@code luo-session-header} is the
 * PA of one contiguous 16-page session array: a u64 count, then 80-byte luo_session_ser entries
 * (LUO_SESSION_MAX = 819). Each entry's file_set_ser points at a 2-page file array of 64-byte
 * entries with no header (LUO_FILE_MAX = 128), its count kept in the session entry
 * (kernel-luo.md §1.3). There is no {@code next}: each array is shown as a one-"block" chain whose
 * {@link ChainLayout} says it is a fixed array.
 */
final class HandoverPreReader {
    static final String LIVEUPDATE_NUM = Luo.LUO_FDT_LIVEUPDATE_NUM;
    static final String SESSION_NODE = Luo.LUO_FDT_SESSION_NODE;
    static final String SESSION_HEADER = Luo.LUO_FDT_SESSION_HEADER;
    static final String FLB_NODE = Luo.LUO_FDT_FLB_NODE;
    static final String FLB_HEADER = Luo.LUO_FDT_FLB_HEADER;

    private HandoverPreReader() {
    }

    static Handover read(PhysicalMemory mem, Handover kho, long luoFdtPa, FdtNode luo, Abi gen, ReadPurpose purpose) {
        String compat = luo.getString("compatible").orElse(null);
        long num = luo.getU64LE(LIVEUPDATE_NUM).orElse(0);
        long flbs = luo.child(FLB_NODE).map(n -> n.getU64LE(FLB_HEADER).orElse(0L)).orElse(0L);
        var head = luo.child(SESSION_NODE).flatMap(n -> n.getProperty(SESSION_HEADER));
        if (head.isEmpty() || head.get().length != 8) {
            // luo_early_startup: "Unable to get session header 'luo-session-header' [%d]"
            return Handover.withLuo(kho, gen, luoFdtPa, 0, compat, num, flbs,
                    "LUO FDT has no " + SESSION_NODE + "/" + SESSION_HEADER, null, List.of());
        }
        ChainLayout layout = ChainLayout.sessions(gen);
        long pa = LittleEndian.u64(head.get(), 0);
        Handover.Chain sessions = array(mem, "sessions", pa, layout, -1);
        return Handover.withLuo(kho, gen, luoFdtPa, 0, compat, num, flbs, null, sessions,
                BlockChainReader.entries(mem, sessions, gen, purpose));
    }

    /**
     * A fixed array at {@code pa} as a one-block chain. The session array carries its count in an
     * 8-byte header ({@code count} < 0: read it); a file array has none, its count comes from the
     * session entry.
     */
    static Handover.Chain array(PhysicalMemory mem, String name, long pa, ChainLayout layout, long count) {
        int headerSize = layout.header();
        if (pa == 0) {
            return new Handover.Chain(name, 0, List.of(), -1, null, layout);
        }
        if (!mem.contains(pa, layout.bytes())) {
            return new Handover.Chain(name, pa, List.of(), -1, String.format("array 0x%x", pa) + BlockChainReader.OUTSIDE_RAM, layout);
        }
        long n = count < 0 && headerSize > 0 ? mem.u64(pa) : count;
        String problem = null;
        if (Long.compareUnsigned(n, layout.slots()) > 0) {
            // sessions: the hardened luo_session.c rejects "Invalid session count: %llu" (the base
            // code trusted it); files: the pre-series luo_file_deserialize() has no bound and
            // reads on past the 2-page array (torvalds luo_file.c @ b2135d1c)
            problem = headerSize > 0 ? "invalid session count " + Long.toUnsignedString(n)
                    : "count " + Long.toUnsignedString(n) + " > " + layout.slots() + " (restore reads past the array)";
        }
        Handover.Block b = new Handover.Block(pa, 0, n, layout.slots(), problem);
        return new Handover.Chain(name, pa, List.of(b), -1, problem, layout);
    }
}

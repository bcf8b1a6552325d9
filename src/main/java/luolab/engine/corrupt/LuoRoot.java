package luolab.engine.corrupt;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.ByteSource;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/**
 * Where LUO's state starts, found from the KHO FDT's "LUO" node the way the next kernel's
 * luo_early_startup() of each generation finds it (kernel-luo.md §1.5, §3.5):
 * <ul>
 * <li>v7 ("luo-v5"): preserved-data is a raw 32-byte luo_ser {compatible, num, sessions_pa, flbs_pa};</li>
 * <li>series v2 ("luo-v2"): preserved-data is a one-page LUO FDT whose u64 {@code luo-abi-header}
 * is the PA of a 24-byte luo_ser {num, sessions_pa, flbs_pa};</li>
 * <li>pre-series ("luo-v1"): the LUO FDT's {@code luo-session/luo-session-header} is the PA of the
 * session array, {@code luo-flb/luo-flb-header} the FLB page; there is no luo_ser.</li>
 * </ul>
 * Never throws: whatever cannot be followed reads as 0.
 *
 * @param luoFdtPa   the LUO FDT page (v2, pre-series), else 0
 * @param luoSerPa   luo_ser (v7 blob or v2's 24-byte struct), else 0
 * @param blobSize   the "LUO" node's blob-size, -1 if absent
 * @param sessionsPa head of the session chain, or the session array (pre-series)
 * @param flbsPa     the FLB page
 */
record LuoRoot(long luoFdtPa, long luoSerPa, long blobSize, long sessionsPa, long flbsPa) {
    static final LuoRoot NONE = new LuoRoot(0, 0, -1, 0, 0);

    /** The root pointers as the writing generation laid them out. */
    static LuoRoot read(PhysicalMemory mem, Abi abi, FdtNode luoNode) {
        if (luoNode == null) {
            return NONE;
        }
        long data = luoNode.getU64LE(luolab.engine.kho.Kho.PROP_SUB_FDT).orElse(0);
        long blobSize = luoNode.getU64LE(luolab.engine.kho.Kho.PROP_BLOB_SIZE).orElse(-1);
        if (!abi.luoIsFdt()) {
            if (!mem.contains(data, Layouts.LUO_SER.size())) {
                return new LuoRoot(0, data, blobSize, 0, 0);
            }
            return new LuoRoot(0, data, blobSize, mem.u64(data + Layouts.LUO_SER.offset("sessions_pa")),
                    mem.u64(data + Layouts.LUO_SER.offset("flbs_pa")));
        }
        FdtNode fdt = parse(mem, data);
        if (fdt == null) {
            return new LuoRoot(data, 0, blobSize, 0, 0);
        }
        if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
            long ser = u64Prop(fdt, Luo.LUO_FDT_ABI_HEADER);
            if (!mem.contains(ser, Layouts.LUO_SER_V2.size())) {
                return new LuoRoot(data, ser, blobSize, 0, 0);
            }
            return new LuoRoot(data, ser, blobSize, mem.u64(ser + Layouts.LUO_SER_V2.offset("sessions_pa")),
                    mem.u64(ser + Layouts.LUO_SER_V2.offset("flbs_pa")));
        }
        long sessions = fdt.child(Luo.LUO_FDT_SESSION_NODE).map(n -> u64Prop(n, Luo.LUO_FDT_SESSION_HEADER)).orElse(0L);
        long flbs = fdt.child(Luo.LUO_FDT_FLB_NODE).map(n -> u64Prop(n, Luo.LUO_FDT_FLB_HEADER)).orElse(0L);
        return new LuoRoot(data, 0, blobSize, sessions, flbs);
    }

    /** An 8-byte property as the kernel reads it (any other length: the kernel refuses it, so 0). */
    private static long u64Prop(FdtNode n, String name) {
        return n.getProperty(name).filter(b -> b.length == 8).map(b -> LittleEndian.u64(b, 0)).orElse(0L);
    }

    /** The one-page LUO FDT at {@code pa}, or null when it is not in RAM or does not parse. */
    private static FdtNode parse(PhysicalMemory mem, long pa) {
        if (!mem.contains(pa, PhysicalMemory.PAGE_SIZE)) {
            return null;
        }
        byte[] blob = mem.read(pa, PhysicalMemory.PAGE_SIZE);
        FdtParseResult r = FdtReader.parse(ByteSource.of(blob), 0, blob.length);
        return r.isOk() && r.tree().isPresent() ? r.tree().get().root() : null;
    }
}

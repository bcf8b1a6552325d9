package luolab.engine.handover;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/**
 * Series v2 ("luo-v2", seed 002): the KHO "LUO" subtree is a one-page LUO FDT whose u64
 * property {@code luo-abi-header} is the PA of a 24-byte luo_ser {liveupdate_num, sessions_pa,
 * flbs_pa} (no compatible field: the FDT carries it). sessions_pa heads a chain of 2-page
 * blocks (102 sessions, 127 files each), restored by luo_block_restore: Floyd's cycle check,
 * then only {@code count > max} is rejected — no zero-count check (kernel-luo.md §4).
 */
final class HandoverV2Reader {
    /** The LUO FDT property holding luo_ser's PA (luo_core.c, series v2). */
    static final String ABI_HEADER = Luo.LUO_FDT_ABI_HEADER;

    private HandoverV2Reader() {
    }

    static Handover read(PhysicalMemory mem, Handover kho, long luoFdtPa, FdtNode luo, Abi gen, ReadPurpose purpose) {
        String compat = luo.getString("compatible").orElse(null);
        var hdr = luo.getProperty(ABI_HEADER);
        if (hdr.isEmpty() || hdr.get().length != 8) {
            // luo_early_startup: "Unable to get ABI header 'luo-abi-header' [%d]"
            return Handover.withLuo(kho, gen, luoFdtPa, 0, compat, 0, 0,
                    "LUO FDT has no 8-byte " + ABI_HEADER, null, List.of());
        }
        long serPa = LittleEndian.u64(hdr.get(), 0);
        if (!mem.contains(serPa, Layouts.LUO_SER_V2.size())) {
            return Handover.withLuo(kho, gen, luoFdtPa, serPa, compat, 0, 0,
                    String.format("%s 0x%x is outside RAM", ABI_HEADER, serPa), null, List.of());
        }
        long num = mem.u64(serPa + Layouts.LUO_SER_V2.offset("liveupdate_num"));
        long sessionsPa = mem.u64(serPa + Layouts.LUO_SER_V2.offset("sessions_pa"));
        long flbs = mem.u64(serPa + Layouts.LUO_SER_V2.offset("flbs_pa"));
        Handover.Chain sessions = BlockChainReader.walk(mem, "sessions", sessionsPa, ChainLayout.sessions(gen), gen);
        return Handover.withLuo(kho, gen, luoFdtPa, serPa, compat, num, flbs, null, sessions,
                BlockChainReader.entries(mem, sessions, gen, purpose));
    }
}

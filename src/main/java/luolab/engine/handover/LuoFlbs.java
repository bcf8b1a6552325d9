package luolab.engine.handover;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * The File-Lifecycle-Bound global state luo_ser's {@code flbs_pa} points at, as read from bytes:
 * a luo_flb_header_ser {pgcnt, count} then {@code count} luo_flb_ser {name[48], data, count}
 * (kernel-luo.md, FLBs). luo_flb_setup_incoming() trusts count; the reader lists at most the
 * {@link #PER_PAGE} entries one page holds, and stops at an entry outside RAM.
 *
 * @param headerRead whether the 16-byte header is in RAM (else pgcnt and count are 0)
 * @param problem    why an entry (or the header) could not be read, or null
 */
public record LuoFlbs(long pa, boolean headerRead, long pgcnt, long count, List<Entry> entries, String problem) {
    /** luo_flb_ser entries after the header in one 4 KiB page: (4096 - 16) / 64. */
    public static final int PER_PAGE = (PhysicalMemory.PAGE_SIZE - 16) / 64;

    /** One luo_flb_ser: the FLB's name (its compatible), its data PA and how many files hold it. */
    public record Entry(long pa, String name, long data, long count) {
    }

    /** The FLB state at {@code pa} (0: none); never throws on corrupted bytes. */
    public static LuoFlbs read(PhysicalMemory mem, long pa) {
        if (!mem.contains(pa, Layouts.FLB_HEADER.size())) {
            return new LuoFlbs(pa, false, 0, 0, List.of(), pa == 0 ? null : String.format("flbs_pa 0x%x" + BlockChainReader.OUTSIDE_RAM, pa));
        }
        long pgcnt = mem.u64(pa + Layouts.FLB_HEADER.offset("pgcnt"));
        long count = mem.u64(pa + Layouts.FLB_HEADER.offset("count"));
        long n = Long.compareUnsigned(count, PER_PAGE) > 0 ? PER_PAGE : count;
        List<Entry> entries = new ArrayList<>();
        String problem = null;
        for (int i = 0; i < n; i++) {
            long e = pa + Layouts.FLB_HEADER.size() + (long) Layouts.FLB_SER.size() * i;
            if (!mem.contains(e, Layouts.FLB_SER.size())) {
                problem = String.format("luo_flb_ser 0x%x" + BlockChainReader.OUTSIDE_RAM, e);
                break;
            }
            entries.add(new Entry(e, mem.cstring(e, Layouts.FLB_SER.field("name").size()), mem.u64(e + Layouts.FLB_SER.offset("data")),
                    mem.u64(e + Layouts.FLB_SER.offset("count"))));
        }
        return new LuoFlbs(pa, true, pgcnt, count, List.copyOf(entries), problem);
    }
}

package luolab.cli;

import luolab.engine.handover.LuoFlbs;
import luolab.engine.memory.PhysicalMemory;

/**
 * Inspect's FLBs: the luo_flb_header_ser and luo_flb_ser entries at luo_ser's flbs_pa, as the
 * engine's reader read them ({@link LuoFlbs}).
 */
final class FlbSection {
    private final Inspection in;

    FlbSection(Inspection in) {
        this.in = in;
    }

    void print(long pa, LuoFlbs flbs) {
        in.out.println();
        if (pa == 0) {
            in.out.println("FLBs: none (flbs_pa = 0)");
            return;
        }
        // the FLB state is one page (luo_flb_header_ser.pgcnt 1): an inspector wants all of it in RAM
        if (!in.readable(pa, PhysicalMemory.PAGE_SIZE)) {
            in.warn("flbs_pa " + Inspection.hex(pa) + " is outside RAM");
            return;
        }
        in.label(pa, "FLB page");
        long count = flbs.count();
        in.out.println("FLBs @ " + Inspection.hex(pa) + ": pgcnt " + flbs.pgcnt() + ", count " + Long.toUnsignedString(count));
        if (flbs.entries().size() != count) {
            // luo_flb_setup_incoming() reads count entries without checking them against pgcnt
            in.warn("FLB count " + Long.toUnsignedString(count) + " exceeds one page (" + LuoFlbs.PER_PAGE
                    + "): the kernel does not check it");
        }
        for (LuoFlbs.Entry e : flbs.entries()) {
            in.out.println("  \"" + e.name() + "\"  data " + Inspection.hex(e.data()) + "  count " + e.count());
        }
    }
}

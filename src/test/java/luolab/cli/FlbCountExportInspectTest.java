package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.Handover;
import luolab.engine.handover.LuoFlbs;
import luolab.engine.handover.ReadPurpose;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import org.junit.jupiter.api.Test;

/**
 * luo_flb_header_ser.count is a u64: all ones is 2^64 - 1, not -1. luo_flb_setup_incoming() trusts
 * it; inspect lists what one page holds (63 luo_flb_ser) and the ImHex export must place as many
 * entries, not none.
 */
class FlbCountExportInspectTest {

    @Test
    void anAllOnesFlbCountPlacesAsManyEntriesAsInspectLists() {
        SerializedDemo d = SerializedDemo.v7();
        LuoFlbs before = Handover.read(d.mem(), d.fdt(), false, Abi.V7, ReadPurpose.TARGETS).flbs();
        assertTrue(before != null && before.headerRead(), "the demo's test file uses an FLB");
        d.writeU64(before.pa() + Layouts.FLB_HEADER.offset("count"), "0xffffffffffffffff");

        String out = d.inspect();
        assertTrue(out.contains("count 18446744073709551615"), out);
        long listed = out.lines().dropWhile(l -> !l.startsWith("FLBs @ ")).skip(1).takeWhile(l -> !l.isBlank())
                .filter(l -> l.startsWith("  \"")).count();
        assertEquals(LuoFlbs.PER_PAGE, listed, out);

        HandoverStructs.Result placed = d.exported();
        int exported = placed.ofType("luo_flb_ser").stream().mapToInt(Placement::count).sum();
        assertEquals(listed, exported, "export and inspect agree on the FLB entries");
        Placement header = placed.ofType("luo_flb_header_ser").get(0);
        assertTrue(header.comment().contains("count=18446744073709551615"), header.comment());
    }
}

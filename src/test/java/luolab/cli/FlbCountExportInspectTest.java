package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.corrupt.CorruptionReport;
import luolab.engine.corrupt.CorruptionRun;
import luolab.engine.corrupt.Params;
import luolab.engine.corrupt.Scenario;
import luolab.engine.handover.Handover;
import luolab.engine.handover.LuoFlbs;
import luolab.engine.handover.ReadPurpose;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import luolab.scenario.MemoryImage;
import org.junit.jupiter.api.Test;

/**
 * luo_flb_header_ser.count is a u64: all ones is 2^64 - 1, not -1. luo_flb_setup_incoming() trusts
 * it; inspect lists what one page holds (63 luo_flb_ser) and the ImHex export must place as many
 * entries, not none.
 */
class FlbCountExportInspectTest {

    @Test
    void anAllOnesFlbCountPlacesAsManyEntriesAsInspectLists() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        Scenario.demo().build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        PhysicalMemory mem = m.memory();
        long fdt = run.bootParams().khoFdtPa();
        LuoFlbs before = Handover.read(mem, fdt, false, Abi.V7, ReadPurpose.TARGETS).flbs();
        assertTrue(before != null && before.headerRead(), "the demo's test file uses an FLB");

        long countPa = before.pa() + Layouts.FLB_HEADER.offset("count");
        CorruptionReport r = run.inject("write-u64", Params.of("pa", String.format("0x%x", countPa), "value", "0xffffffffffffffff"));
        assertTrue(r.ok(), r.error());

        StringWriter sw = new StringWriter();
        MemoryImage.Handover image = new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), fdt,
                run.bootParams().scratch(), Abi.V7.id(), m.kernel().boot() + 1);
        new ImageWalker(mem, image, new PrintWriter(sw, true), false).walk(0);
        String out = sw.toString();
        assertTrue(out.contains("count 18446744073709551615"), out);
        long listed = out.lines().dropWhile(l -> !l.startsWith("FLBs @ ")).skip(1).takeWhile(l -> !l.isBlank())
                .filter(l -> l.startsWith("  \"")).count();
        assertEquals(LuoFlbs.PER_PAGE, listed, out);

        HandoverStructs.Result placed = HandoverStructs.walk(mem, fdt, Abi.V7);
        int exported = placed.ofType("luo_flb_ser").stream().mapToInt(Placement::count).sum();
        assertEquals(listed, exported, "export and inspect agree on the FLB entries");
        Placement header = placed.ofType("luo_flb_header_ser").get(0);
        assertTrue(header.comment().contains("count=18446744073709551615"), header.comment());
    }
}

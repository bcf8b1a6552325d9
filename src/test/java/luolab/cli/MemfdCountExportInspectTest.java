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
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import luolab.scenario.MemoryImage;
import org.junit.jupiter.api.Test;

/**
 * memfd_luo_ser.nr_folios is a u64: all ones is 2^64 - 1, not -1. inspect prints it unsigned and
 * still shows the folio array; the ImHex export places a folio run for the chunk's phys word as it
 * does for any count that is not zero, instead of none.
 */
class MemfdCountExportInspectTest {

    @Test
    void anAllOnesFolioCountIsHugeInInspectAndTheExport() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        Scenario.demo().build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        PhysicalMemory mem = m.memory();
        long fdt = run.bootParams().khoFdtPa();
        Placement ser = HandoverStructs.walk(mem, fdt, Abi.V7).ofType("memfd_luo_ser").stream()
                .filter(p -> p.comment().contains("\"alpha\" token 0x1a")).findFirst().orElseThrow();
        long nrPa = ser.pa() + Layouts.MEMFD_SER.offset("nr_folios");
        CorruptionReport r = run.inject("write-u64", Params.of("pa", String.format("0x%x", nrPa), "value", "0xffffffffffffffff"));
        assertTrue(r.ok(), r.error());

        StringWriter sw = new StringWriter();
        MemoryImage.Handover image = new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), fdt,
                run.bootParams().scratch(), Abi.V7.id(), m.kernel().boot() + 1);
        new ImageWalker(mem, image, new PrintWriter(sw, true), false).walk(0);
        String out = sw.toString();
        assertTrue(out.contains("18446744073709551615 folios, starts \"hello kexec world"), out);

        HandoverStructs.Result placed = HandoverStructs.walk(mem, fdt, Abi.V7);
        Placement after = placed.ofType("memfd_luo_ser").stream().filter(p -> p.pa() == ser.pa()).findFirst().orElseThrow();
        assertTrue(after.comment().contains("nr_folios=18446744073709551615"), after.comment());
        int folios = placed.ofType("memfd_luo_folio_ser").stream().filter(p -> p.name().startsWith(ser.name() + "_folios_"))
                .mapToInt(Placement::count).sum();
        assertEquals(PhysicalMemory.PAGE_SIZE / Layouts.MEMFD_FOLIO_SER.size(), folios, "one page run of the folio array, as for 256");
    }
}

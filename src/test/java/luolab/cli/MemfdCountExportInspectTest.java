package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import org.junit.jupiter.api.Test;

/**
 * memfd_luo_ser.nr_folios is a u64: all ones is 2^64 - 1, not -1. inspect prints it unsigned and
 * still shows the folio array; the ImHex export places a folio run for the chunk's phys word as it
 * does for any count that is not zero, instead of none.
 */
class MemfdCountExportInspectTest {

    @Test
    void anAllOnesFolioCountIsHugeInInspectAndTheExport() {
        SerializedDemo d = SerializedDemo.v7();
        Placement ser = d.exported().ofType("memfd_luo_ser").stream()
                .filter(p -> p.comment().contains("\"alpha\" token 0x1a")).findFirst().orElseThrow();
        d.writeU64(ser.pa() + Layouts.MEMFD_SER.offset("nr_folios"), "0xffffffffffffffff");

        String out = d.inspect();
        assertTrue(out.contains("18446744073709551615 folios, starts \"hello kexec world"), out);

        HandoverStructs.Result placed = d.exported();
        Placement after = placed.ofType("memfd_luo_ser").stream().filter(p -> p.pa() == ser.pa()).findFirst().orElseThrow();
        assertTrue(after.comment().contains("nr_folios=18446744073709551615"), after.comment());
        int folios = placed.ofType("memfd_luo_folio_ser").stream().filter(p -> p.name().startsWith(ser.name() + "_folios_"))
                .mapToInt(Placement::count).sum();
        assertEquals(PhysicalMemory.PAGE_SIZE / Layouts.MEMFD_FOLIO_SER.size(), folios, "one page run of the folio array, as for 256");
    }
}

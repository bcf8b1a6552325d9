package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Layouts;
import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.memory.PhysicalMemory;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import org.junit.jupiter.api.Test;

/**
 * A memfd_luo_ser whose nr_folios (70,000) lies between the reader's cap (2^16) and the export's
 * old one (2^20), with enough folio-array pages listed to hold them all: the ImHex export places
 * exactly as many memfd_luo_folio_ser entries as inspect's reader lists, not 70,000 against 65,536.
 */
class MemfdFolioCapExportInspectTest {

    @Test
    void exportAndInspectStopAtTheSameFolioCount() {
        SerializedDemo d = SerializedDemo.v7();
        PhysicalMemory mem = d.mem();
        HandoverStructs.Result before = d.exported();
        Placement ser = before.ofType("memfd_luo_ser").stream()
                .filter(p -> p.comment().contains("\"alpha\" token 0x1a")).findFirst().orElseThrow();
        Placement chunk = before.ofType("kho_vmalloc_chunk").stream().filter(p -> p.name().startsWith(ser.name() + "_chunk_"))
                .findFirst().orElseThrow();

        long nr = 70_000;
        int pages = (int) ((nr + MemfdLuoSer.FOLIOS_PER_PAGE - 1) / MemfdLuoSer.FOLIOS_PER_PAGE); // 274 of the chunk's 511
        mem.writeU64(ser.pa() + Layouts.MEMFD_SER.offset("nr_folios"), nr, null);
        // phys words 1.. of the chunk (word 0 is its next link, word 1 the existing array page):
        // more array pages, anywhere in RAM (their contents do not matter for the count)
        long area = mem.base() + 64L * 1024 * 1024;
        for (int i = 1; i < pages; i++) {
            mem.writeU64(chunk.pa() + 8L * (1 + i), area + (long) i * PhysicalMemory.PAGE_SIZE, null);
        }

        MemfdLuoSer read = MemfdLuoSer.read(mem, ser.pa());
        assertEquals(nr, read.nrFolios());
        assertEquals(pages, read.arrayPages().size(), "every array page is listed");
        assertEquals(MemfdLuoSer.MAX_FOLIOS, read.folios().size(), "inspect's reader lists folios up to its cap");

        HandoverStructs.Result placed = d.exported();
        int exported = placed.ofType("memfd_luo_folio_ser").stream().filter(p -> p.name().startsWith(ser.name() + "_folios_"))
                .mapToInt(Placement::count).sum();
        assertEquals(read.folios().size(), exported, "the export places as many folio entries as inspect lists");
    }
}

package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.machine.Machine;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer mutates a vmalloc chunk only inside that chunk: struct kho_vmalloc_chunk is one page
 * (hdr.next, u64 phys[511]) and kho_restore_vmalloc() reads each chunk's phys words up to the first
 * zero, then follows hdr.next, so a chunk's region is its own words, whatever the other chunks hold.
 */
class FuzzerVmallocChunkRegionTest {
    private static final int PAGES = 2 * MemfdLuoSer.FOLIOS_PER_PAGE + 1;   // 513 folios: 3 array pages

    /** A handed-over memfd whose folio array takes three pages, listed by one vmalloc chunk. */
    private static CorruptionRun oneMemfd() {
        byte[] data = new byte[PAGES * PhysicalMemory.PAGE_SIZE];
        for (int i = 0; i < data.length; i += PhysicalMemory.PAGE_SIZE) {
            data[i] = (byte) (1 + i / PhysicalMemory.PAGE_SIZE);
        }
        Scenario sc = new Scenario(List.of(new Scenario.SessionSpec("chunks", List.of(Scenario.FileSpec.memfd(0x1A, data)))));
        CorruptionRun run = CorruptTestSupport.start(sc);
        assertTrue(run.serialize());
        return run;
    }

    private static HandoverView.Memfd memfd(Machine m) {
        return HandoverReader.read(m, Stage.HANDOVER).sessions().get(0).files().get(0).memfd();
    }

    /**
     * Rewrites the chain as {@code perChunk.length} chunks, the first being the memfd's own, chunk i
     * listing perChunk[i] phys words taken in turn from {@code pages} (repeated when they run out:
     * the walk reads PAs, it does not check them).
     */
    private static void rechain(Machine m, long first, List<Long> pages, int... perChunk) {
        PhysicalMemory mem = m.memory();
        long chunk = first;
        int next = 0;
        for (int c = 0; c < perChunk.length; c++) {
            byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
            for (int i = 0; i < perChunk[c]; i++) {
                LittleEndian.putU64(page, 8 + 8 * i, pages.get(next++ % pages.size()));
            }
            long following = c + 1 < perChunk.length ? m.kernel().mm().allocPages(0, OwnerKind.VMALLOC_CHUNK, "test chunk") : 0;
            LittleEndian.putU64(page, 0, following);
            mem.writeSilently(chunk, page);
            chunk = following;
        }
    }

    private static List<long[]> chunkRegions(Machine m) {
        return Fuzzer.regions(m.memory(), HandoverReader.read(m, Stage.HANDOVER)).stream()
                .filter(r -> r[0] == Fuzzer.Region.VMALLOC_CHUNK.ordinal()).toList();
    }

    @Test
    void eachChunkRegionCoversItsOwnPhysWordsAndTheZeroEndingThem() {
        CorruptionRun run = oneMemfd();
        Machine m = run.machine();
        HandoverView.Memfd md = memfd(m);
        assertEquals(1, md.chunks().size());
        assertEquals(3, md.arrayPages().size(), "513 folios, 256 memfd_luo_folio_ser to a page");
        rechain(m, md.chunks().get(0), md.arrayPages(), 1, 2);

        HandoverView.Memfd split = memfd(m);
        assertEquals(2, split.chunks().size());
        assertEquals(md.arrayPages(), split.arrayPages(), "the same array pages, now listed by two chunks");
        List<long[]> regions = chunkRegions(m);
        assertEquals(2, regions.size());
        assertEquals(split.chunks().get(0), regions.get(0)[1]);
        assertEquals(8 + 8 * (1 + 1), regions.get(0)[2], "next, its one phys word, the zero after it");
        assertEquals(split.chunks().get(1), regions.get(1)[1]);
        assertEquals(8 + 8 * (2 + 1), regions.get(1)[2], "next, its two phys words, the zero after them");
    }

    @Test
    void aFullChunkIsItsPageAndNoMore() {
        CorruptionRun run = oneMemfd();
        Machine m = run.machine();
        HandoverView.Memfd md = memfd(m);
        rechain(m, md.chunks().get(0), md.arrayPages(), MemfdLuoSer.CHUNK_PHYS, 3, 1);

        HandoverView.Memfd split = memfd(m);
        assertEquals(3, split.chunks().size());
        List<long[]> regions = chunkRegions(m);
        assertEquals(3, regions.size());
        // 511 phys words fill the page: no terminating zero in it (the walk goes on to hdr.next)
        assertEquals(PhysicalMemory.PAGE_SIZE, regions.get(0)[2]);
        for (long[] r : regions) {
            assertTrue(r[2] <= PhysicalMemory.PAGE_SIZE && r[1] % PhysicalMemory.PAGE_SIZE == 0,
                    () -> "chunk 0x" + Long.toHexString(r[1]) + " region of " + r[2] + " bytes leaves its page");
        }
        assertEquals(8 + 8 * (3 + 1), regions.get(1)[2]);
        assertEquals(8 + 8 * (1 + 1), regions.get(2)[2]);
    }
}

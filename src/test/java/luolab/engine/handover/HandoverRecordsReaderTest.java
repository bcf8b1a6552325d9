package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * The shared reader's records past the chains — luo_file_ser entries, memfd_luo_ser with its
 * vmalloc chunks and folios, the FLB page and the kexec metadata — on a healthy v7 handover, and
 * on damaged bytes, where each records what it could not read instead of throwing.
 */
class HandoverRecordsReaderTest {
    private static final FieldRef TEST = FieldRef.of("test", "damage");
    private final HandoverFixture fx = new HandoverFixture(Abi.V7, 2, 3);
    private final PhysicalMemory mem = fx.machine.memory();

    private List<LuoFileSer> files() {
        LuoFileSer.Entries e = LuoFileSer.read(mem, fx.read().entries().get(0).files());
        assertNull(e.problem());
        return e.entries();
    }

    @Test
    void fileEntriesAreTheMemfdsPreservedInOrder() {
        List<LuoFileSer> files = files();
        assertEquals(List.of(1L, 2L, 3L), files.stream().map(LuoFileSer::token).toList());
        assertTrue(files.stream().allMatch(f -> f.compatible().equals(Abi.V7.memfdCompatible())), files.toString());
    }

    @Test
    void aMemfdReadsItsSizeChunkAndFirstFolio() {
        MemfdLuoSer m = MemfdLuoSer.read(mem, files().get(1).data());
        assertTrue(m.serRead());
        assertNull(m.problem());
        assertEquals(PhysicalMemory.PAGE_SIZE, m.size(), "preserveMemfd truncates to at least a page");
        assertEquals(1, m.nrFolios());
        assertEquals(1, m.chunks().size());
        assertEquals(1, m.folios().size());
        assertEquals(0, m.folios().get(0).index());
        assertEquals(1, mem.u8(m.folios().get(0).pa()), "memfd 2 holds the byte 1");
    }

    @Test
    void aMemfdChunkThatLinksToItselfIsACycleNotALoop() {
        MemfdLuoSer m = MemfdLuoSer.read(mem, files().get(0).data());
        long chunk = m.chunks().get(0).pa();
        mem.writeU64(chunk, chunk, TEST);
        MemfdLuoSer again = MemfdLuoSer.read(mem, m.serPa());
        assertEquals(1, again.chunks().size());
        assertEquals(String.format("kho_vmalloc_chunk 0x%x is listed twice (a cycle)", chunk), again.problem());
    }

    @Test
    void aMemfdSerOutsideRamIsRecorded() {
        long wild = mem.end() + 0x1000;
        MemfdLuoSer m = MemfdLuoSer.read(mem, wild);
        assertFalse(m.serRead());
        assertEquals(String.format("memfd_luo_ser 0x%x is outside RAM", wild), m.problem());
    }

    @Test
    void aFileBlockRunningPastTheEndOfRamKeepsWhatIsInRam() {
        // a block header in the last 16 bytes of RAM: its entries lie past the end
        long pa = mem.end() - Abi.BLOCK_HEADER_SIZE;
        mem.writeU64(pa, 0, TEST);
        mem.writeU64(pa + 8, 2, TEST);
        Handover.Chain chain = Handover.chain(mem, "files of x", pa, Abi.V7.filesPerBlock());
        LuoFileSer.Entries e = LuoFileSer.read(mem, chain);
        assertEquals(List.of(), e.entries());
        assertEquals(String.format("luo_file_ser 0x%x is outside RAM", mem.end()), e.problem());
    }

    @Test
    void theFlbPageAndKexecMetadataAreReadWithTheHandover() {
        Handover h = fx.read();
        LuoFlbs flbs = h.flbs();
        assertNotNull(flbs);
        assertTrue(flbs.headerRead());
        assertEquals(1, flbs.pgcnt());
        assertEquals(flbs.count(), flbs.entries().size());
        KexecMetadata meta = h.kexecMetadata();
        assertNotNull(meta);
        assertTrue(meta.inRam());
        assertEquals(1, meta.version());
        assertEquals(Layouts.KEXEC_METADATA.size(), meta.blobSize());
        assertEquals(1, meta.kexecCount(), "the first kexec since cold boot");
    }

    @Test
    void anFlbCountOverOnePageListsOnlyWhatThePageHolds() {
        long flbs = fx.read().flbsPa();
        mem.writeU64(flbs + 8, -1L, TEST);
        LuoFlbs read = fx.read().flbs();
        assertEquals(-1L, read.count());
        assertEquals(LuoFlbs.PER_PAGE, read.entries().size());
        assertNull(read.problem());
    }

    @Test
    void kexecMetadataOutsideRamIsRecorded() {
        // the packed 73-byte struct starting 8 bytes before the end of RAM
        KexecMetadata m = KexecMetadata.read(mem, mem.end() - 8, 73);
        assertFalse(m.inRam());
        assertNull(m.previousRelease());
        assertEquals(String.format("kexec-metadata 0x%x is outside RAM", mem.end() - 8), m.problem());
    }
}

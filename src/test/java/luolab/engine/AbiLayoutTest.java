package luolab.engine;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.LiveUpdateUapi;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * Byte layout of every struct that crosses a kexec (kernel-luo.md §1), and the same offsets read
 * back from physical memory after a real luo_session_serialize().
 */
class AbiLayoutTest {

    private static void field(StructLayout l, String name, int offset, int size) {
        assertEquals(offset, l.field(name).offset(), l.name() + "." + name + " offset");
        assertEquals(size, l.field(name).size(), l.name() + "." + name + " size");
    }

    @Test
    void luoSerIs32BytesWithCompatibleNumberSessionsAndFlbs() {
        assertEquals(32, Layouts.LUO_SER.size());
        field(Layouts.LUO_SER, "compatible", 0, 8);
        field(Layouts.LUO_SER, "liveupdate_num", 8, 8);
        field(Layouts.LUO_SER, "sessions_pa", 16, 8);
        field(Layouts.LUO_SER, "flbs_pa", 24, 8);
        // series v2 "luo-v2": no compatible, 24 bytes
        assertEquals(24, Layouts.LUO_SER_V2.size());
    }

    @Test
    void sessionSerIs80BytesNameFilesCount() {
        assertEquals(80, Layouts.SESSION_SER.size());
        field(Layouts.SESSION_SER, "name", 0, 64);
        field(Layouts.SESSION_SER, "file_set_ser.files", 64, 8);
        field(Layouts.SESSION_SER, "file_set_ser.count", 72, 8);
    }

    @Test
    void fileSerIs64BytesCompatibleDataToken() {
        assertEquals(64, Layouts.FILE_SER.size());
        field(Layouts.FILE_SER, "compatible", 0, 48);
        field(Layouts.FILE_SER, "data", 48, 8);
        field(Layouts.FILE_SER, "token", 56, 8);
    }

    @Test
    void blockAndFlbHeadersAndEntries() {
        assertEquals(16, Layouts.BLOCK_HEADER.size());
        field(Layouts.BLOCK_HEADER, "next", 0, 8);
        field(Layouts.BLOCK_HEADER, "count", 8, 8);
        assertEquals(16, Abi.BLOCK_HEADER_SIZE);
        assertEquals(16, Layouts.FLB_HEADER.size());
        field(Layouts.FLB_HEADER, "pgcnt", 0, 8);
        field(Layouts.FLB_HEADER, "count", 8, 8);
        assertEquals(64, Layouts.FLB_SER.size());
        field(Layouts.FLB_SER, "name", 0, 48);
        field(Layouts.FLB_SER, "data", 48, 8);
        field(Layouts.FLB_SER, "count", 56, 8);
        assertEquals(8, Layouts.SESSION_HEADER_V1.size());
    }

    @Test
    void memfdSerV2Is48BytesWithFoliosAt32() {
        assertEquals(48, Layouts.MEMFD_SER.size());
        field(Layouts.MEMFD_SER, "pos", 0, 8);
        field(Layouts.MEMFD_SER, "size", 8, 8);
        field(Layouts.MEMFD_SER, "seals", 16, 4);
        field(Layouts.MEMFD_SER, "flags", 20, 4);
        field(Layouts.MEMFD_SER, "nr_folios", 24, 8);
        // struct kho_vmalloc folios @32: first @0, total_pages @8, flags @12, order @14 (16 bytes)
        field(Layouts.MEMFD_SER, "folios.first", 32, 8);
        field(Layouts.MEMFD_SER, "folios.total_pages", 40, 4);
        field(Layouts.MEMFD_SER, "folios.flags", 44, 2);
        field(Layouts.MEMFD_SER, "folios.order", 46, 2);
        assertEquals(16, Layouts.MEMFD_FOLIO_SER.size());
        field(Layouts.MEMFD_FOLIO_SER, "index", 8, 8);
    }

    @Test
    void kexecMetadataIs73BytesWithCountAt69() {
        assertEquals(73, Layouts.KEXEC_METADATA.size());
        field(Layouts.KEXEC_METADATA, "version", 0, 4);
        field(Layouts.KEXEC_METADATA, "previous_release", 4, 65);
        field(Layouts.KEXEC_METADATA, "kexec_count", 69, 4);
        // a vmalloc chunk is one page: next + 511 PAs
        assertEquals(PhysicalMemory.PAGE_SIZE, Layouts.VMALLOC_CHUNK.size());
    }

    @Test
    void capacitiesPerGeneration() {
        assertEquals(4096, Abi.V7.blockSize());
        assertEquals(51, Abi.V7.sessionsPerBlock(), "(4096-16)/80");
        assertEquals(63, Abi.V7.filesPerBlock(), "(4096-16)/64");
        assertEquals(10000, Abi.V7.maxBlocks());
        assertEquals(8192, Abi.SEEDS_V2.blockSize());
        assertEquals(102, Abi.SEEDS_V2.sessionsPerBlock(), "(8192-16)/80");
        assertEquals(127, Abi.SEEDS_V2.filesPerBlock(), "(8192-16)/64");
        assertEquals(819, Abi.PRE_SERIES.preSessionMax(), "(16*4096-8)/80");
        assertEquals(128, Abi.PRE_SERIES.preFileMax(), "8192/64");
        assertEquals(63, Luo.LUO_FLB_MAX);
        assertEquals(63, (PhysicalMemory.PAGE_SIZE - Layouts.FLB_HEADER.size()) / Layouts.FLB_SER.size());
    }

    @Test
    void compatiblesOfTheMergedSeries() {
        assertEquals("luo-v5", Abi.V7.luoCompatible());
        assertEquals("kho-v4", Abi.V7.khoCompatible());
        assertEquals("memfd-v2", Abi.V7.memfdCompatible());
    }

    @Test
    void uapiNumbersAndArgumentSizes() {
        assertEquals(0xBA00, LiveUpdateUapi.CREATE_SESSION);
        assertEquals(0xBA01, LiveUpdateUapi.RETRIEVE_SESSION);
        assertEquals(0xBA40, LiveUpdateUapi.SESSION_PRESERVE_FD);
        assertEquals(0xBA41, LiveUpdateUapi.SESSION_RETRIEVE_FD);
        assertEquals(0xBA42, LiveUpdateUapi.SESSION_FINISH);
        assertEquals(0xBA43, LiveUpdateUapi.SESSION_GET_NAME);
        assertEquals(72, LiveUpdateUapi.SESSION_ARG_SIZE);
        assertEquals(16, LiveUpdateUapi.FD_ARG_SIZE);
        assertEquals(8, LiveUpdateUapi.FINISH_ARG_SIZE);
        assertEquals(72, LiveUpdateUapi.GET_NAME_ARG_SIZE);
    }

    private static byte[] padded(String s, int len) {
        byte[] b = Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), len);
        return b;
    }

    /** After a real serialize, every field sits at the kernel's offset in physical memory. */
    @Test
    void serializedBytesReadBackAtKernelOffsets() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s1 = createOk(p, dev, "s-one");
        createOk(p, dev, "s-two");
        memfdOk(p, s1, 0xABCDL, "layout bytes");
        Luo luo = m.kernel().luo();
        long luoSer = luo.luoSerPa();
        long flbHeader = luo.flbs().headerPa();
        serialize(m);
        PhysicalMemory mem = m.memory();

        // struct luo_ser
        assertArrayEquals(new byte[] {'l', 'u', 'o', '-', 'v', '5', 0, 0}, mem.read(luoSer, 8));
        assertEquals(1, mem.u64(luoSer + 8), "liveupdate_num on a cold boot = 0 + 1");
        long sessionsPa = mem.u64(luoSer + 16);
        assertEquals(luo.sessions().outgoingBlocks().headPa(), sessionsPa, "sessions_pa = head of the session chain");
        assertNotEquals(0, sessionsPa);
        assertEquals(flbHeader, mem.u64(luoSer + 24), "flbs_pa");
        assertEquals(1, mem.u64(flbHeader), "luo_flb_header_ser.pgcnt");
        assertEquals(0, mem.u64(flbHeader + 8), "no FLB had users");

        // the session block: header {next, count} then 80-byte entries
        assertEquals(0, mem.u64(sessionsPa), "single block: next = 0");
        assertEquals(2, mem.u64(sessionsPa + 8), "count");
        long e0 = sessionsPa + 16;
        long e1 = e0 + 80;
        assertArrayEquals(padded("s-one", 64), mem.read(e0, 64));
        assertArrayEquals(padded("s-two", 64), mem.read(e1, 64));
        LuoSession one = luo.sessions().outgoing().get(0);
        long filesPa = mem.u64(e0 + 64);
        assertEquals(one.fileSet().blocks().headPa(), filesPa, "file_set_ser.files");
        assertEquals(1, mem.u64(e0 + 72), "file_set_ser.count");
        assertEquals(0, mem.u64(e1 + 64), "session without files: files = 0");
        assertEquals(0, mem.u64(e1 + 72), "session without files: count = 0");

        // the file block: one 64-byte luo_file_ser
        assertEquals(0, mem.u64(filesPa));
        assertEquals(1, mem.u64(filesPa + 8));
        long fe = filesPa + 16;
        assertArrayEquals(padded("memfd-v2", 48), mem.read(fe, 48));
        long data = mem.u64(fe + 48);
        assertEquals(0xABCDL, mem.u64(fe + 56), "token");

        // memfd_luo_ser v2 behind data
        assertEquals(0, data & (PhysicalMemory.PAGE_SIZE - 1), "kho_alloc_preserve'd page");
        assertEquals(PhysicalMemory.PAGE_SIZE, mem.u64(data + 8), "size (ftruncate to a page)");
        assertEquals(0, mem.u32(data + 20), "flags must be 0");
        assertEquals(1, mem.u64(data + 24), "nr_folios");
        long chunk = mem.u64(data + 32);
        assertEquals(1, mem.u32(data + 40), "folios.total_pages");
        assertEquals(1, mem.read(data + 44, 2)[0], "folios.flags = KHO_VMALLOC_ALLOC");
        // kho_vmalloc_chunk: next, then zero-terminated PAs
        assertEquals(0, mem.u64(chunk));
        long array = mem.u64(chunk + 8);
        assertEquals(0, mem.u64(chunk + 16), "zero-terminated");
        long word = mem.u64(array);
        long pfn = word & ((1L << 52) - 1);
        assertEquals(3, word >>> 52, "DIRTY|UPTODATE in bits 63:52");
        assertEquals(0, mem.u64(array + 8), "index");
        assertArrayEquals("layout bytes".getBytes(StandardCharsets.US_ASCII), mem.read(PhysicalMemory.pa(pfn), 12));
        assertTrue(mem.contains(PhysicalMemory.pa(pfn), PhysicalMemory.PAGE_SIZE));
    }

    /** Blocks are chained at exactly 51 sessions: the 52nd goes into a second block. */
    @Test
    void secondSessionBlockAfter51Entries() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        for (int i = 0; i < 52; i++) {
            createOk(p, dev, "b-" + i);
        }
        long head = m.kernel().luo().sessions().outgoingBlocks().headPa();
        serialize(m);
        PhysicalMemory mem = m.memory();
        long second = mem.u64(head);
        assertNotEquals(0, second);
        assertEquals(51, mem.u64(head + 8));
        assertEquals(1, mem.u64(second + 8));
        assertEquals(0, mem.u64(second));
        assertArrayEquals(padded("b-50", 64), mem.read(head + 16 + 50L * 80, 64), "last slot of block 0");
        assertArrayEquals(padded("b-51", 64), mem.read(second + 16, 64), "first slot of block 1");
    }
}

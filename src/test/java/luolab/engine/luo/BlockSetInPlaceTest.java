package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.openDev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.machine.Machine;
import luolab.engine.memory.MemoryListener;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * The block iterator reads and writes a one-page block in place while nobody records memory
 * writes, and through PhysicalMemory otherwise: the handover bytes must be the same either way,
 * and a restored block that straddles two pages must still read right.
 */
class BlockSetInPlaceTest {
    /** 3 sessions of 130 files: every file set fills two 63-entry blocks and starts a third. */
    private static Machine preserved() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        long cookie = 0;
        for (int s = 0; s < 3; s++) {
            int sfd = p.createSession(dev, "s" + s);
            for (int f = 0; f < 130; f++) {
                int fd = p.testFileCreate(++cookie);
                assertEquals(0, p.preserveFd(sfd, fd, 1000L * s + f));
                p.close(fd);
            }
        }
        return m;
    }

    @Test
    void inPlaceAndRecordedWritesLeaveTheSameBytes() {
        Machine direct = preserved();
        Machine recorded = preserved();
        List<Long> writes = new ArrayList<>();
        recorded.memory().setListener(new MemoryListener() {
            @Override
            public void onWrite(long pa, byte[] oldBytes, byte[] newBytes, luolab.engine.memory.FieldRef what) {
                writes.add(pa);
            }
        });
        EngineTestSupport.serialize(direct);
        EngineTestSupport.serialize(recorded);
        assertTrue(writes.size() > 3 * 130, "with a listener every entry is a recorded write: " + writes.size());
        assertEquals(recorded.memory().contentHash(), direct.memory().contentHash());
    }

    @Test
    void noInPlaceAccessWhileWritesAreRecorded() {
        Machine m = EngineTestSupport.boot();
        PhysicalMemory mem = m.memory();
        long pfn = PhysicalMemory.pfn(mem.base()) + 100;
        assertNull(mem.pageForDirectRead(pfn), "an untouched page has no bytes to read in place");
        assertNotNull(mem.pageForDirectWrite(pfn));
        mem.setListener((pa, oldBytes, newBytes, what) -> {
        });
        assertNull(mem.pageForDirectWrite(pfn));
        assertNotNull(mem.pageForDirectRead(pfn), "reads never notify, so they may stay in place");
    }

    @Test
    void aBlockAcrossTwoPagesIsReadThroughMemory() {
        Machine m = EngineTestSupport.boot();
        PhysicalMemory mem = m.memory();
        Luo luo = m.kernel().luo();
        long first = m.kernel().kho().allocPreserve(PhysicalMemory.PAGE_SIZE, OwnerKind.FILE_BLOCK, "test block");
        long pages = m.kernel().kho().allocPreserve(2 * PhysicalMemory.PAGE_SIZE, OwnerKind.FILE_BLOCK, "test pages");
        // a block 32 bytes before a page end: its header fits, its first entry runs into the next page
        long straddling = pages + PhysicalMemory.PAGE_SIZE - 32;
        byte[] a = entry(0x11);
        byte[] b = entry(0x22);
        mem.writeU64(first, straddling, null);
        mem.writeU64(first + 8, 1, null);
        mem.write(first + 16, a, null);
        mem.writeU64(straddling, 0, null);
        mem.writeU64(straddling + 8, 1, null);
        mem.write(straddling + 16, b, null);

        BlockSet set = new BlockSet("test", luo.abi, luo.kho, mem, luo.trace, luo.log, OwnerKind.FILE_BLOCK, 64);
        assertEquals(0, set.restore(first));
        BlockSet.Iterator it = set.iterator();
        byte[] got = new byte[64];
        assertEquals(first + 16, it.readEntry());
        it.read(got);
        assertArrayEquals(a, got);
        assertEquals(straddling + 16, it.readEntry());
        it.read(got);
        assertArrayEquals(b, got, "the entry is read across the page boundary");
        assertEquals(0, it.readEntry(), "count 1 is used up and there is no next block");
    }

    private static byte[] entry(int fill) {
        byte[] e = new byte[64];
        java.util.Arrays.fill(e, (byte) fill);
        return e;
    }
}

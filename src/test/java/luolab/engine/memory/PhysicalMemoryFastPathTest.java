package luolab.engine.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * With nobody recording history, writes and poisoning take shortcuts (in-place u64 stores,
 * one-copy entry writes, whole-chunk poisoning). Memory must end up exactly as on the recorded
 * path, byte for byte and page state for page state.
 */
class PhysicalMemoryFastPathTest {
    private static final long BASE = 0x4000_0000L;
    private static final long SIZE = 16L << 20; // 4096 pages: four metadata chunks

    /** A listener that records nothing but forces the recorded (slow) path. */
    private static final class Recording implements MemoryListener {
        int writes;

        @Override
        public void onWrite(long pa, byte[] oldBytes, byte[] newBytes, FieldRef what) {
            writes++;
        }
    }

    private static void workload(PhysicalMemory m, long seed) {
        Random r = new Random(seed);
        byte[] entry = new byte[64];
        for (int i = 0; i < 3000; i++) {
            long pa = BASE + (r.nextLong() & (SIZE - 1) & ~7L);
            if (pa + 64 > BASE + SIZE) {
                continue;
            }
            r.nextBytes(entry);
            switch (r.nextInt(3)) {
                case 0 -> m.writeU64(pa, r.nextLong(), null);
                case 1 -> m.write(pa, entry, null);
                default -> m.write(BASE + ((long) r.nextInt(4095) << 12) + 4090, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, null); // crosses a page
            }
        }
        m.setMeta(PhysicalMemory.pfn(BASE) + 5, PageMeta.pack(PageState.KERNEL, OwnerKind.KERNEL_IMAGE, 0, false, true, 0));
        // runs that start and end inside chunks, cover one whole chunk, and a single page
        m.poisonRange(PhysicalMemory.pfn(BASE) + 3, 1000);
        m.poisonRange(PhysicalMemory.pfn(BASE) + 1020, 2100);
        m.poisonRange(PhysicalMemory.pfn(BASE) + 4095, 1);
        m.writeU64(BASE + (2000L << 12) + 16, 0x1122334455667788L, null); // into a poisoned page
    }

    @Test
    void fastAndRecordedPathsLeaveTheSameMemory() {
        for (long seed = 1; seed <= 5; seed++) {
            PhysicalMemory fast = new PhysicalMemory(BASE, SIZE);
            PhysicalMemory slow = new PhysicalMemory(BASE, SIZE);
            Recording rec = new Recording();
            slow.setListener(rec);
            workload(fast, seed);
            workload(slow, seed);
            assertEquals(slow.contentHash(), fast.contentHash(), "seed " + seed);
            for (long pfn = PhysicalMemory.pfn(BASE); pfn < PhysicalMemory.pfn(BASE + SIZE); pfn++) {
                assertEquals(slow.meta(pfn), fast.meta(pfn), "meta of pfn " + pfn);
            }
            assertArrayEquals(slow.read(BASE + (2000L << 12), 32), fast.read(BASE + (2000L << 12), 32));
            assertEquals(0xaaaaaaaaaaaaaaaaL, fast.u64(BASE + (2001L << 12)), "poisoned page reads PAGE_POISON");
            assertEquals(0x1122334455667788L, fast.u64(BASE + (2000L << 12) + 16));
            assertEquals(true, rec.writes > 0);
        }
    }

    @Test
    void fastPathsStillFaultOutsideRam() {
        PhysicalMemory m = new PhysicalMemory(BASE, SIZE);
        assertThrows(PageFault.class, () -> m.writeU64(BASE + SIZE, 1, null));
        assertThrows(PageFault.class, () -> m.writeU64(BASE - 8, 1, null));
        assertThrows(PageFault.class, () -> m.write(BASE + SIZE - 4, new byte[8], null));
        assertThrows(PageFault.class, () -> m.poisonRange(PhysicalMemory.pfn(BASE + SIZE) - 2, 4));
    }

    @Test
    void materializeChangesNoByte() {
        PhysicalMemory m = new PhysicalMemory(BASE, SIZE);
        long pfn = PhysicalMemory.pfn(BASE) + 10;
        m.poisonRange(pfn, 1);
        String before = m.contentHash();
        m.materialize(pfn);
        m.materialize(pfn + 1);
        assertEquals(before, m.contentHash());
        assertEquals(0xaaaaaaaaaaaaaaaaL, m.u64(PhysicalMemory.pa(pfn)));
        assertEquals(0L, m.u64(PhysicalMemory.pa(pfn + 1)));
    }
}

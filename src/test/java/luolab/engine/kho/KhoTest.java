package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** KHO: radix keys, the preserved-memory tracker as bytes, kho_alloc_preserve, the root FDT (§1.6, §2). */
class KhoTest {

    // ---- radix keys (the jqwik properties are in KhoKeyPropertyTest) --------------------------------

    @Test
    void treeConstantsMatchTheKernel() {
        assertEquals(52, KhoRadixTree.ORDER_0_LOG2);
        assertEquals(9, KhoRadixTree.TABLE_SIZE_LOG2);
        assertEquals(15, KhoRadixTree.BITMAP_SIZE_LOG2);
        assertEquals(6, KhoRadixTree.TREE_MAX_DEPTH, "DIV_ROUND_UP(52 - 15 + 1, 9) + 1");
    }

    @Test
    void keyFormulaOnKnownValues() {
        // (1 << (52 - order)) | (pa >> (12 + order))
        assertEquals((1L << 52) | 0x40000L, KhoRadixTree.encodeKey(0x4000_0000L, 0));
        assertEquals((1L << 50) | (0x4000_0000L >>> 14), KhoRadixTree.encodeKey(0x4000_0000L, 2));
        assertEquals((1L << 42) | (0x1_2340_0000L >>> 22), KhoRadixTree.encodeKey(0x1_2340_0000L, 10));
        // order 0 of PA 0 is the single bit 52
        assertEquals(1L << 52, KhoRadixTree.encodeKey(0, 0));
    }

    @Test
    void keyRoundTripForEveryOrder() {
        for (int order = 0; order <= 10; order++) {
            long pa = 0x4000_0000L + (5L << (12 + order));
            long key = KhoRadixTree.encodeKey(pa, order);
            assertEquals(52 - order, 63 - Long.numberOfLeadingZeros(key), "order is the highest set bit");
            long[] d = KhoRadixTree.decodeKey(key);
            assertEquals(pa, d[0], "pa, order " + order);
            assertEquals(order, d[1], "order");
        }
    }

    // ---- the tracker as bytes --------------------------------------------------------------------

    private static Map<Long, Integer> walk(Machine m) {
        Map<Long, Integer> out = new TreeMap<>();
        int err = KhoRadixTree.walk(m.memory(), m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, order) -> {
            out.put(pa, order);
            return true;
        }, null);
        assertEquals(0, err);
        return out;
    }

    @Test
    void preserveSetsABitTheWalkFindsAndUnpreserveClearsIt() {
        Machine m = EngineTestSupport.boot();
        Kho kho = m.kernel().kho();
        for (int order : new int[] {0, 3, 10}) {
            long pa = m.kernel().mm().allocPages(order, OwnerKind.KERNEL_OTHER, "test folio");
            assertNotEquals(0, pa);
            assertFalse(walk(m).containsKey(pa));
            assertEquals(0, kho.preserveFolio(pa, order));
            assertEquals(Integer.valueOf(order), walk(m).get(pa), "order " + order + " visible in memory");
            kho.unpreserveFolio(pa, order);
            assertFalse(walk(m).containsKey(pa), "cleared, order " + order);
        }
    }

    @Test
    void preservePagesSplitsIntoAlignedPowerOfTwoRuns() {
        Machine m = EngineTestSupport.boot();
        long pa = m.kernel().mm().allocPages(3, OwnerKind.KERNEL_OTHER, "8 pages");
        Map<Long, Integer> before = walk(m);
        assertEquals(0, m.kernel().kho().preservePages(pa, 7));
        Map<Long, Integer> after = walk(m);
        after.keySet().removeAll(before.keySet());
        assertEquals(Map.of(pa, 2, pa + 4 * 4096L, 1, pa + 6 * 4096L, 0), after);
        m.kernel().kho().unpreservePages(pa, 7);
        assertEquals(before, walk(m));
    }

    @Test
    void allocPreserveErrors() {
        Machine m = EngineTestSupport.boot();
        Kho kho = m.kernel().kho();
        assertEquals(-Errno.EINVAL, kho.allocPreserve(0, OwnerKind.KERNEL_OTHER, "zero"));
        assertEquals(-Errno.E2BIG, kho.allocPreserve((4096L << 10) + 1, OwnerKind.KERNEL_OTHER, "order 11"));
        long pa = kho.allocPreserve(4096L << 10, OwnerKind.KERNEL_OTHER, "order 10");
        assertTrue(pa > 0, "order 10 = MAX_PAGE_ORDER is allowed");
        assertEquals(Integer.valueOf(10), walk(m).get(pa));
        long small = kho.allocPreserve(32, OwnerKind.KERNEL_OTHER, "32 bytes");
        assertEquals(Integer.valueOf(0), walk(m).get(small), "get_order(32) = 0");
        long three = kho.allocPreserve(3 * 4096 - 5, OwnerKind.KERNEL_OTHER, "3 pages");
        assertEquals(Integer.valueOf(2), walk(m).get(three), "rounded up to 4 pages");
        kho.unpreserveFree(three);
        assertFalse(walk(m).containsKey(three));
    }

    // ---- the root FDT ----------------------------------------------------------------------------

    @Test
    void rootFdtHasCompatibleMemoryMapAndSubtrees() {
        Machine m = EngineTestSupport.boot();
        Kho kho = m.kernel().kho();
        byte[] page = m.memory().read(kho.fdtPa(), PhysicalMemory.PAGE_SIZE);
        FdtParseResult r = FdtReader.parse(page);
        assertTrue(r.isOk(), r.toString());
        FdtNode root = r.tree().get().root();
        assertEquals("kho-v4", root.getString("compatible").orElseThrow());
        assertEquals(kho.radix().rootPa(), root.getU64LE("preserved-memory-map").orElseThrow());

        FdtNode luo = root.child("LUO").orElseThrow();
        assertEquals(m.kernel().luo().luoSerPa(), luo.getU64LE("preserved-data").orElseThrow());
        assertEquals(32, luo.getU64LE("blob-size").orElseThrow());

        FdtNode meta = root.child("kexec-metadata").orElseThrow();
        assertEquals(73, meta.getU64LE("blob-size").orElseThrow());
        long metaPa = meta.getU64LE("preserved-data").orElseThrow();
        assertEquals(1, m.memory().u32(metaPa), "KHO_KEXEC_METADATA_VERSION");
        assertEquals(1, m.memory().u32(metaPa + 69), "kexec_count on a cold boot: kho_in.kexec_count (0) + 1");
        assertEquals(m.kernel().release(), m.memory().cstring(metaPa + 4, 65));

        // the root FDT page and both blobs are themselves preserved
        Map<Long, Integer> preserved = walk(m);
        assertTrue(preserved.containsKey(kho.fdtPa()));
        assertTrue(preserved.containsKey(m.kernel().luo().luoSerPa()));
        assertTrue(preserved.containsKey(metaPa));
        // the radix root is not (the next kernel reads it in place)
        assertFalse(preserved.containsKey(kho.radix().rootPa()));
    }

    /** The outgoing kexec-metadata record of the running kernel: its kexec_count (u32 @69). */
    private static long outgoingKexecCount(Machine m) {
        FdtNode meta = m.kernel().kho().outgoingFdt().child("kexec-metadata").orElseThrow();
        return m.memory().u32(meta.getU64LE("preserved-data").orElseThrow() + 69);
    }

    @Test
    void kexecCountAndPreviousReleaseReachTheNextKernel() {
        // kho_out_kexec_metadata(): kexec_count = kho_in.kexec_count + 1, kho_in.kexec_count 0 on a cold boot
        Machine m = EngineTestSupport.boot();
        String cold = m.kernel().release();
        assertEquals(0, m.kernel().kexecCount());
        assertEquals(1, outgoingKexecCount(m), "a cold boot writes 1");
        EngineTestSupport.assertNoLine(m.kernel(), "exec from:");
        EngineTestSupport.kexecOk(m);
        // kho_in_kexec_metadata(): pr_info("exec from: %s (count %u)\n"), pr_fmt "KHO: "
        assertTrue(EngineTestSupport.hasLine(m.kernel(), "KHO: exec from: " + cold + " (count 1)"), EngineTestSupport.dmesg(m.kernel()));
        assertEquals(1, m.kernel().kexecCount());
        assertEquals(2, outgoingKexecCount(m), "outgoing kexec_count after one kexec");
        FdtNode meta = m.kernel().kho().outgoingFdt().child("kexec-metadata").orElseThrow();
        assertEquals(m.kernel().release(), m.memory().cstring(meta.getU64LE("preserved-data").orElseThrow() + 4, 65));
        String first = m.kernel().release();
        EngineTestSupport.kexecOk(m);
        assertTrue(EngineTestSupport.hasLine(m.kernel(), "KHO: exec from: " + first + " (count 2)"), EngineTestSupport.dmesg(m.kernel()));
        assertEquals(2, m.kernel().kexecCount());
        assertEquals(3, outgoingKexecCount(m));
    }

    @Test
    void aKexecWithoutThePreviousRecordCountsFromZero() {
        // kho_in_kexec_metadata() returns quietly on -ENOENT and leaves kho_in.kexec_count 0
        Machine m = EngineTestSupport.boot();
        Kho kho = m.kernel().kho();
        kho.removeSubtree(kho.outgoingFdt().child("kexec-metadata").orElseThrow().getU64LE("preserved-data").orElseThrow());
        EngineTestSupport.kexecOk(m);
        EngineTestSupport.assertNoLine(m.kernel(), "exec from:");
        EngineTestSupport.assertNoLine(m.kernel(), "kexec-metadata");
        assertEquals(0, m.kernel().kexecCount());
        assertEquals(1, outgoingKexecCount(m));
    }

    @Test
    void addSubtreeRejectsADuplicateName() {
        Machine m = EngineTestSupport.boot();
        Kho kho = m.kernel().kho();
        long blob = kho.allocPreserve(16, OwnerKind.KERNEL_OTHER, "blob");
        assertEquals(0, kho.addSubtree("test-subtree", blob, 16));
        assertEquals(-Errno.EEXIST, kho.addSubtree("test-subtree", blob, 16));
        assertEquals(-Errno.EEXIST, kho.addSubtree("LUO", blob, 16));
        FdtNode root = FdtReader.parse(m.memory().read(kho.fdtPa(), 4096)).tree().get().root();
        assertEquals(16, root.child("test-subtree").orElseThrow().getU64LE("blob-size").orElseThrow());
        kho.removeSubtree(blob);
        root = FdtReader.parse(m.memory().read(kho.fdtPa(), 4096)).tree().get().root();
        assertTrue(root.child("test-subtree").isEmpty());
        assertTrue(root.child("LUO").isPresent());
    }
}

package luolab.engine.kho;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtReader;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * kho_populate() and kho_mem_retrieve() in the next kernel (§2, §7): a bad handover disables KHO
 * revival (no panic, LUO starts fresh) with the kernel's messages; a good one reserves exactly
 * what the radix tree lists.
 */
class KhoBootTest {

    private static final class Staged {
        final Machine m = EngineTestSupport.boot();
        final BootParams bp;
        final long fdt;

        Staged() {
            Process p = new Process(m.kernel());
            int dev = openDev(p);
            memfdOk(p, createOk(p, dev, "kho"), 1, "payload");
            bp = serialize(m);
            fdt = bp.khoFdtPa();
        }

        /** Replaces the first occurrence of {@code from} in the FDT page by {@code to} (same length). */
        void patch(String from, String to) {
            byte[] page = m.memory().read(fdt, PhysicalMemory.PAGE_SIZE);
            byte[] f = from.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + f.length <= page.length; i++) {
                for (int j = 0; j < f.length; j++) {
                    if (page[i + j] != f[j]) {
                        continue outer;
                    }
                }
                m.memory().write(fdt + i, to.getBytes(StandardCharsets.US_ASCII), null);
                return;
            }
            throw new AssertionError(from + " not in the FDT");
        }

        /** A big-endian fdt_header field, as libfdt reads it. */
        void header(int off, long value) {
            m.memory().write(fdt + off, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value},
                    null);
        }

        long header(int off) {
            byte[] b = m.memory().read(fdt + off, 4);
            return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        }

        Kernel boot() {
            m.bootNext(bp, Abi.V7);
            Kernel k = m.kernel();
            assertFalse(k.panicked(), () -> k.panicMessage());
            return k;
        }
    }

    private static void assertFresh(Kernel k) {
        assertLine(k, "disabling KHO revival");
        assertNoLine(k, "found kexec handover data.");
        assertFalse(k.kho().isKhoBoot());
        assertEquals(0, k.kho().incomingPreservedCount());
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(-Errno.ENOENT, p.retrieveSession(dev, "kho"));
        assertEquals(1, k.machine().memory().u64(k.luo().luoSerPa() + 8), "liveupdate_num restarts at 0 + 1");
    }

    @Test
    void goodHandoverReservesExactlyTheRadixTreeContent() {
        Staged s = new Staged();
        java.util.Map<Long, Integer> listed = new java.util.TreeMap<>();
        KhoRadixTree.walk(s.m.memory(), s.m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, o) -> {
            listed.put(pa, o);
            return true;
        }, null);
        long luoSer = s.m.kernel().luo().luoSerPa();
        long meta = s.m.kernel().kho().outgoingFdt().child("kexec-metadata").get().getU64LE("preserved-data").getAsLong();
        Kernel k = s.boot();
        assertLine(k, "found kexec handover data.");
        assertTrue(k.kho().isKhoBoot());
        // luo_ser was restored and freed during boot (luo_early_startup → kho_restore_free); the
        // kexec metadata was not: kho_in_kexec_metadata() copies it out and leaves it reserved
        assertEquals(listed.size() - 1, k.kho().incomingPreservedCount());
        assertTrue(listed.containsKey(meta));
        for (var e : listed.entrySet()) {
            long pa = e.getKey();
            int want = pa == luoSer ? -1 : e.getValue();
            assertEquals(want, k.kho().incomingOrder(pa), "0x" + Long.toHexString(pa));
        }
    }

    @Test
    void badMagicIsInvalid() {
        Staged s = new Staged();
        s.m.memory().writeU32(s.fdt, 0xdeadbeefL, null);
        Kernel k = s.boot();
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(s.fdt) + ") is invalid: -9");
        assertFresh(k);
        // kho_populate() reports every setup failure with pr_warn, and so "disabling KHO revival"
        assertEquals(KernelLog.Level.WARNING, levelOf(k, ") is invalid: -9"));
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "disabling KHO revival"));
    }

    private static KernelLog.Level levelOf(Kernel k, String suffix) {
        return k.log().lines().stream().filter(l -> l.text().endsWith(suffix)).findFirst().orElseThrow().level();
    }

    @Test
    void olderCompatibleIsRefused() {
        Staged s = new Staged();
        s.patch("kho-v4", "kho-v3");
        Kernel k = s.boot();
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(s.fdt) + ") is incompatible with 'kho-v4': 1");
        assertFresh(k);
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "is incompatible with 'kho-v4': 1"));
    }

    @Test
    void missingMemoryMapIsReported() {
        Staged s = new Staged();
        s.patch("preserved-memory-map", "preserved-memory-mop");
        Kernel k = s.boot();
        assertLine(k, "failed to get preserved memory map");
        assertFresh(k);
    }

    @Test
    void zeroMemoryMapDisablesRevivalSilently() {
        // kho_get_mem_map_phys() returns the 0 and kho_populate() bails out without a message of its own
        Staged s = new Staged();
        FdtNode root = FdtReader.parse(s.m.memory().read(s.fdt, PhysicalMemory.PAGE_SIZE)).tree().get().root();
        int off = root.propertyValueOffset("preserved-memory-map").getAsInt();
        s.m.memory().writeU64(s.fdt + off, 0, null);
        Kernel k = s.boot();
        assertNoLine(k, "failed to get preserved");
        assertFresh(k);
    }

    @Test
    void luoSubtreeWithoutBlobSizeIsBroken() {
        Staged s = new Staged();
        s.patch("blob-size", "blob-sizz");
        s.m.bootNext(s.bp, Abi.V7);
        Kernel k = s.m.kernel();
        assertLine(k, "broken KHO subnode 'LUO': missing or invalid blob-size property");
        assertLine(k, "failed to retrieve LUO state 'LUO' from KHO: -EINVAL");
        EngineTestSupport.assertRestorePanic(k, "-EINVAL");
    }

    // ---- kho_populate() runs fdt_check_header() only (libfdt fdt.c), then libfdt lookups --------

    private static final int TOTALSIZE = 4;
    private static final int OFF_DT_STRUCT = 8;
    private static final int OFF_DT_STRINGS = 12;
    private static final int OFF_MEM_RSVMAP = 16;
    private static final int VERSION = 20;
    private static final int LAST_COMP_VERSION = 24;
    private static final int SIZE_DT_STRINGS = 32;
    private static final int SIZE_DT_STRUCT = 36;

    private static void assertInvalid(Staged s, Kernel k, int code) {
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(s.fdt) + ") is invalid: " + code);
        assertFresh(k);
    }

    private static void assertAccepted(Kernel k) {
        assertLine(k, "found kexec handover data.");
        assertNoLine(k, "disabling KHO revival");
        assertTrue(k.kho().isKhoBoot());
        Process p = new Process(k);
        int dev = openDev(p);
        assertTrue(p.retrieveSession(dev, "kho") >= 0, () -> EngineTestSupport.dmesg(k));
    }

    @Test
    void totalsizeBeyondThePageIsAcceptedUpToIntMaxMinusOne() {
        // the kernel maps one page (fdt_len = PAGE_SIZE) but fdt_check_header() only wants
        // totalsize <= INT_MAX with every block inside it; libfdt's reads stay inside the blocks
        for (long total : new long[] {4097, 1L << 20, Integer.MAX_VALUE - 1L}) {
            Staged s = new Staged();
            s.header(TOTALSIZE, total);
            assertAccepted(s.boot());
        }
    }

    @Test
    void totalsizeIntMaxPassesTheHeaderCheckButNoNameCanBeRead() {
        // fdt_check_header() accepts INT_MAX; fdt_ro_probe_() wants totalsize < INT32_MAX, so
        // fdt_get_string() fails for every property and "compatible" is not found
        Staged s = new Staged();
        s.header(TOTALSIZE, Integer.MAX_VALUE);
        Kernel k = s.boot();
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(s.fdt) + ") is incompatible with 'kho-v4': -1");
        assertFresh(k);
    }

    @Test
    void totalsizeAboveIntMaxOrBelowTheBlocksIsTruncated() {
        for (long total : new long[] {Integer.MAX_VALUE + 1L, 0xFFFFFFFFL, 39, 0}) {
            Staged s = new Staged();
            s.header(TOTALSIZE, total);
            assertInvalid(s, s.boot(), -8);
        }
        // one byte short of the strings block's end
        Staged s = new Staged();
        s.header(TOTALSIZE, s.header(OFF_DT_STRINGS) + s.header(SIZE_DT_STRINGS) - 1);
        assertInvalid(s, s.boot(), -8);
        // exactly at its end (the strings block is last): accepted
        Staged t = new Staged();
        t.header(TOTALSIZE, t.header(OFF_DT_STRINGS) + t.header(SIZE_DT_STRINGS));
        assertAccepted(t.boot());
    }

    @Test
    void blocksOutsideTotalsizeAreTruncated() {
        int[][] cases = {{OFF_MEM_RSVMAP, 39}, {OFF_DT_STRUCT, 0x10000}, {SIZE_DT_STRUCT, 0x10000}, {OFF_DT_STRINGS, 0x10000},
            {SIZE_DT_STRINGS, 0x10000}};
        for (int[] c : cases) {
            Staged s = new Staged();
            s.header(c[0], c[1]);
            assertInvalid(s, s.boot(), -8);
        }
    }

    @Test
    void versionsOutsideTwoToSeventeenAreBadVersion() {
        long[][] cases = {{VERSION, 1}, {LAST_COMP_VERSION, 18}, {VERSION, 15}};
        for (long[] c : cases) {
            Staged s = new Staged();
            s.header((int) c[0], c[1]);
            if (c[0] == VERSION && c[1] == 15) {
                s.header(LAST_COMP_VERSION, 16); // version below last_comp_version
            }
            assertInvalid(s, s.boot(), -10);
        }
    }

    @Test
    void theMagicIsCheckedFirst() {
        Staged s = new Staged();
        s.header(0, 0xd00dfeedL + 1);
        s.header(VERSION, 1);
        s.header(TOTALSIZE, 0);
        assertInvalid(s, s.boot(), -9);
    }

    @Test
    void aCompatibleStringListContainingKhoV4IsAccepted() {
        // fdt_node_check_compatible() → fdt_stringlist_contains(): any entry of the list may match
        Staged s = new Staged();
        FdtNode root = FdtReader.parse(s.m.memory().read(s.fdt, PhysicalMemory.PAGE_SIZE)).tree().get().root();
        root.setProperty("compatible", "kho-v3\0kho-v4\0".getBytes(StandardCharsets.US_ASCII));
        byte[] blob = luolab.engine.fdt.FdtWriter.write(root);
        s.m.memory().write(s.fdt, blob, null);
        assertAccepted(s.boot());
    }

    @Test
    void aStructureBlockPastTheMappedPageFaultsInKhoPopulate() {
        // the header check passes (totalsize covers it), then libfdt reads the first token through
        // the one-page early_memremap() mapping: beyond it, an early page fault
        Staged s = new Staged();
        long structOff = s.header(OFF_DT_STRUCT);
        s.header(TOTALSIZE, 0x3000);
        s.header(OFF_DT_STRUCT, structOff + 0x2000);
        s.m.bootNext(s.bp, Abi.V7);
        Kernel k = s.m.kernel();
        assertTrue(k.panicked(), () -> EngineTestSupport.dmesg(k));
        assertEquals("Attempted to kill init! exitcode=0x0000000b", k.panicMessage());
        assertLine(k, String.format("BUG: unable to handle page fault for address: %016x", s.fdt + structOff + 0x2000));
    }
}

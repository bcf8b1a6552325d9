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
    }

    @Test
    void olderCompatibleIsRefused() {
        Staged s = new Staged();
        s.patch("kho-v4", "kho-v3");
        Kernel k = s.boot();
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(s.fdt) + ") is incompatible with 'kho-v4': 1");
        assertFresh(k);
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
}

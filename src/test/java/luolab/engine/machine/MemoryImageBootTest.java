package luolab.engine.machine;

import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.abi.Abi;
import luolab.engine.kho.Scratch;
import luolab.engine.luo.LuoSession;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import luolab.engine.vfs.ShmemInode;
import org.junit.jupiter.api.Test;

/**
 * The one rule of the lab: only physical memory bytes and the boot parameter cross a kexec. The
 * next kernel is booted on a byte-for-byte COPY of RAM (no page metadata, no Java objects) and
 * must restore the same sessions, tokens, seals and memfd content as the in-place kexec.
 */
class MemoryImageBootTest {
    private static final String BIG = "0123456789abcdef".repeat(600);  // 9600 bytes: 3 folios

    /** Workload: three sessions, memfds of 1 and 3 pages, one sealed; serialized, not jumped. */
    private static Machine staged() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int a = createOk(p, dev, "img-a");
        memfdOk(p, a, 1, "alpha");
        memfdOk(p, a, 2, BIG);
        createOk(p, dev, "img-b");
        int c = createOk(p, dev, "img-c");
        int sealed = p.memfdCreate("sealed", Process.MFD_ALLOW_SEALING);
        assertEquals(0, p.ftruncate(sealed, 4096));
        assertEquals(5, p.pwrite(sealed, "seals".getBytes(StandardCharsets.US_ASCII), 0));
        int seals = ShmemInode.F_SEAL_GROW | ShmemInode.F_SEAL_SHRINK | ShmemInode.F_SEAL_WRITE;
        assertEquals(0, p.addSeals(sealed, seals));
        assertEquals(0, p.preserveFd(c, sealed, 0xC0FFEE));
        serialize(m);
        return m;
    }

    private static PhysicalMemory copyBytes(PhysicalMemory src) {
        PhysicalMemory copy = new PhysicalMemory(src.base(), src.size());
        int[] pages = {0};
        src.forEachTouchedPage((pfn, bytes) -> {
            copy.write(PhysicalMemory.pa(pfn), bytes.clone(), null);
            pages[0]++;
        });
        assertTrue(pages[0] > 0);
        return copy;
    }

    /** Everything userspace can observe after the kexec, as text. */
    private static String observe(Kernel k) {
        assertFalse(k.panicked(), k.panicMessage());
        Process p = new Process(k);
        int dev = openDev(p);
        StringBuilder sb = new StringBuilder();
        TreeMap<String, LuoSession> byName = new TreeMap<>();
        for (LuoSession s : k.luo().sessions().incoming()) {
            byName.put(s.name(), s);
        }
        for (String name : byName.keySet()) {
            int s = p.retrieveSession(dev, name);
            assertTrue(s >= 0, name);
            sb.append(name).append(" files=").append(byName.get(name).fileSet().count()).append('\n');
            for (long token : new long[] {1, 2, 0xC0FFEE}) {
                int fd = p.retrieveFd(s, token);
                if (fd < 0) {
                    continue;
                }
                long size = p.fileSize(fd);
                sb.append("  0x").append(Long.toHexString(token)).append(" size=").append(size)
                        .append(" seals=").append(p.getSeals(fd))
                        .append(" data=").append(text(p, fd, (int) Math.min(size, BIG.length()))).append('\n');
            }
            assertEquals(0, p.finishSession(s));
        }
        return sb.toString();
    }

    @Test
    void bootingACopyOfRamRestoresTheSameState() {
        Machine m = staged();
        BootParams bp = m.lastBoot();
        PhysicalMemory copy = copyBytes(m.memory());
        // only primitives go into the new boot parameter
        List<Scratch> scratch = new ArrayList<>();
        for (Scratch s : bp.scratch()) {
            scratch.add(new Scratch(s.addr(), s.size()));
        }
        BootParams fresh = new BootParams(bp.khoFdtPa(), scratch);
        Machine other = Machine.bootFromImage(copy, fresh, Abi.V7, Trace.off(), 2);
        assertNotSame(m.memory(), other.memory());
        String fromCopy = observe(other.kernel());

        m.bootNext(bp, Abi.V7);
        String inPlace = observe(m.kernel());
        assertEquals(inPlace, fromCopy);
        assertTrue(fromCopy.contains("img-a files=2"), fromCopy);
        assertTrue(fromCopy.contains("img-b files=0"), fromCopy);
        assertTrue(fromCopy.contains("0x1 size=4096 seals=1 data=alpha"), fromCopy);
        assertTrue(fromCopy.contains("0x2 size=9600 seals=1 data=" + BIG), "3-folio memfd intact");
        int seals = ShmemInode.F_SEAL_GROW | ShmemInode.F_SEAL_SHRINK | ShmemInode.F_SEAL_WRITE;
        assertTrue(fromCopy.contains("0xc0ffee size=4096 seals=" + seals + " data=seals"), "memfd-v2 keeps seals: " + fromCopy);
    }

    @Test
    void theCopyIsAllTheNextKernelReads() {
        Machine m = staged();
        PhysicalMemory copy = copyBytes(m.memory());
        long luoSer = m.kernel().luo().luoSerPa();
        // damage only the copy: that boot panics, the original does not
        copy.write(luoSer, "luo-v0\0\0".getBytes(StandardCharsets.US_ASCII), null);
        Machine other = Machine.bootFromImage(copy, m.lastBoot(), Abi.V7, Trace.off(), 2);
        assertRestorePanic(other.kernel(), "-EINVAL");
        m.bootNext(m.lastBoot(), Abi.V7);
        assertFalse(m.kernel().panicked());
    }

    @Test
    void aCopyWithoutTheHandoverBootsFresh() {
        Machine m = staged();
        PhysicalMemory empty = new PhysicalMemory(m.memory().base(), m.memory().size());
        Machine other = Machine.bootFromImage(empty, m.lastBoot(), Abi.V7, Trace.off(), 2);
        Kernel k = other.kernel();
        assertFalse(k.panicked(), "no valid KHO FDT: KHO revival disabled, no panic");
        EngineTestSupport.assertLine(k, "disabling KHO revival");
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(-luolab.engine.Errno.ENOENT, p.retrieveSession(dev, "img-a"));
    }
}

package luolab.engine.memfd;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** memfd-v2 across a kexec (§5): position, empty files, and who gives the preserved pages back. */
class MemfdLifecycleTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * mm/memfd_luo.c memfd_luo_preserve_folios(): memfd_pin_folios() gives every hole a folio; when
     * none can be allocated it fails and the preserve prints "failed to pin folios: %d" (-ENOMEM).
     */
    @Test
    void pinningMoreHolesThanRamFailsWithItsMessage() {
        Machine m = Machine.coldBoot(16L << 20, luolab.engine.abi.Abi.V7, luolab.engine.trace.Trace.off());
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "big");
        int fd = p.memfdCreate("big", 0);
        assertEquals(0, p.ftruncate(fd, 32L << 20));
        assertEquals(-Errno.ENOMEM, p.preserveFd(s, fd, 1));
        assertTrue(m.kernel().log().contains("memfd_luo: failed to pin folios: -12"), () -> EngineTestSupport.dmesg(m.kernel()));
    }

    @Test
    void filePositionIsRefreshedAtFreeze() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "pos");
        int fd = p.memfdCreate("pos", 0);
        assertEquals(0, p.ftruncate(fd, 4096));
        assertEquals(5, p.write(fd, ascii("hello")));
        assertEquals(0, p.preserveFd(s, fd, 1));
        // after preserve: writes inside the size still work and move the position
        assertEquals(2, p.write(fd, ascii("XY")));
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        int in = q.retrieveSession(d, "pos");
        int nfd = q.retrieveFd(in, 1);
        assertEquals(7, q.file(nfd).pos(), "memfd_luo_freeze() saves f_pos at reboot, not at preserve");
        assertEquals("helloXY", text(q, nfd, 7));
        assertEquals(4096, q.fileSize(nfd));
    }

    @Test
    void emptyMemfdCrossesWithNoFolios() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "empty");
        memfdOk(p, s, 1, "");
        long ser = m.kernel().luo().sessions().outgoing().get(0).fileSet().files().get(0).serializedData();
        assertEquals(0, m.memory().u64(ser + 24), "nr_folios = 0");
        assertEquals(0, m.memory().u64(ser + 32), "no folio array");
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        int in = q.retrieveSession(d, "empty");
        int fd = q.retrieveFd(in, 1);
        assertTrue(fd >= 0, Errno.pe(fd));
        assertEquals(0, q.fileSize(fd));
        assertEquals(0, q.finishSession(in));
    }

    @Test
    void preservedPagesAreReleasedByRetrieveAndFinishOnly() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int a = createOk(p, dev, "retrieved");
        memfdOk(p, a, 1, "one");
        int b = createOk(p, dev, "finished-unretrieved");
        memfdOk(p, b, 2, "two");
        int c = createOk(p, dev, "left-alone");
        memfdOk(p, c, 3, "three");
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        int base = k.kho().incomingPreservedCount();

        int ra = q.retrieveSession(d, "retrieved");
        int fd = q.retrieveFd(ra, 1);
        assertEquals("one", text(q, fd, 3));
        // folio (now the file's), folio array page, vmalloc chunk, memfd_luo_ser
        assertEquals(base - 4, k.kho().incomingPreservedCount());
        assertEquals(0, q.finishSession(ra));
        assertEquals(base - 5, k.kho().incomingPreservedCount(), "+ the session's file block");

        int rb = q.retrieveSession(d, "finished-unretrieved");
        assertEquals(0, q.finishSession(rb));
        assertEquals(base - 10, k.kho().incomingPreservedCount(), "finish restores and drops the unretrieved memfd");

        // "left-alone" is never retrieved: its 5 pages stay reserved (leaked by design)
        assertTrue(k.kho().incomingPreservedCount() >= 5);
        assertEquals("one", text(q, fd, 3), "the retrieved file outlives FINISH");
    }

    @Test
    void closingTheSessionReleasesTheMemfdForAnotherSession() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s1 = createOk(p, dev, "first");
        int fd = memfdOk(p, s1, 1, "movable");
        int s2 = createOk(p, dev, "second");
        assertEquals(-Errno.EBUSY, p.preserveFd(s2, fd, 1));
        assertEquals(0, p.close(s1));
        assertEquals(0, p.preserveFd(s2, fd, 1), "luo_preserved_files entry erased on unpreserve");
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        assertEquals(-Errno.ENOENT, q.retrieveSession(d, "first"));
        assertEquals("movable", text(q, q.retrieveFd(q.retrieveSession(d, "second"), 1), 7));
    }

    @Test
    void holesArePinnedAndSealsComeBack() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "holes");
        int fd = p.memfdCreate("holes", Process.MFD_ALLOW_SEALING);
        assertEquals(0, p.ftruncate(fd, 3 * 4096));
        assertEquals(4, p.pwrite(fd, ascii("tail"), 2 * 4096));
        assertEquals(0, p.addSeals(fd, luolab.engine.vfs.ShmemInode.F_SEAL_WRITE));
        assertEquals(0, p.preserveFd(s, fd, 9));
        long ser = m.kernel().luo().sessions().outgoing().get(0).fileSet().files().get(0).serializedData();
        assertEquals(3, m.memory().u64(ser + 24), "memfd_pin_folios() fills the holes: 3 folios");
        assertEquals(luolab.engine.vfs.ShmemInode.F_SEAL_WRITE, m.memory().u32(ser + 16), "seals");
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        int nfd = q.retrieveFd(q.retrieveSession(d, "holes"), 9);
        assertEquals(3 * 4096, q.fileSize(nfd));
        byte[] all = q.pread(nfd, 3 * 4096, 0);
        for (int i = 0; i < 2 * 4096; i++) {
            assertEquals(0, all[i], "hole byte " + i);
        }
        assertEquals("tail", new String(all, 2 * 4096, 4, StandardCharsets.US_ASCII));
        assertEquals(luolab.engine.vfs.ShmemInode.F_SEAL_WRITE, q.getSeals(nfd));
        assertEquals(-Errno.EPERM, q.pwrite(nfd, ascii("x"), 0), "F_SEAL_WRITE still enforced");
    }
}

package luolab.engine.machine;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** Kexec after kexec: the live update number, re-preserved memfds, and kexec from a dead kernel. */
class RepeatedKexecTest {

    @Test
    void liveupdateNumberIncrementsEveryKexec() {
        Machine m = EngineTestSupport.boot();
        assertEquals(1, m.memory().u64(m.kernel().luo().luoSerPa() + 8), "cold boot: 0 + 1");
        EngineTestSupport.assertNoLine(m.kernel(), "Retrieved live update data");
        for (int n = 1; n <= 4; n++) {
            Kernel k = kexecOk(m);
            assertLine(k, "Retrieved live update data, liveupdate number: " + n);
            assertEquals(n, k.luo().liveupdateNum());
            assertEquals(n + 1, m.memory().u64(k.luo().luoSerPa() + 8), "outgoing luo_ser.liveupdate_num");
            assertEquals(n, k.kexecCount());
            assertEquals(n + 1, k.boot());
        }
    }

    @Test
    void memfdSurvivesThreeKexecsWhenRePreservedEachTime() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "carry");
        memfdOk(p, s, 0x77, "generation 0");
        for (int round = 1; round <= 3; round++) {
            Kernel k = kexecOk(m);
            Process q = new Process(k);
            int d = openDev(q);
            int in = q.retrieveSession(d, "carry");
            assertTrue(in >= 0, "round " + round + ": " + Errno.pe(in));
            int fd = q.retrieveFd(in, 0x77);
            assertTrue(fd >= 0, "round " + round + ": " + Errno.pe(fd));
            assertEquals("generation " + (round - 1), text(q, fd, 12), "round " + round);
            // the file is still LUO's until FINISH: it cannot be preserved again yet
            int out = createOk(q, d, "carry");
            assertEquals(-Errno.EBUSY, q.preserveFd(out, fd, 0x77), "retrieved but not finished");
            assertEquals(0, q.finishSession(in));
            assertEquals(12, q.pwrite(fd, ("generation " + round).getBytes(StandardCharsets.US_ASCII), 0));
            assertEquals(0, q.preserveFd(out, fd, 0x77), "round " + round);
        }
        Kernel last = kexecOk(m);
        Process q = new Process(last);
        int d = openDev(q);
        int in = q.retrieveSession(d, "carry");
        assertEquals("generation 3", text(q, q.retrieveFd(in, 0x77), 12));
        assertEquals(0, q.finishSession(in));
        assertLine(last, "Retrieved live update data, liveupdate number: 4");
    }

    @Test
    void sessionsNotCarriedForwardAreGone() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        memfdOk(p, createOk(p, dev, "once"), 1, "x");
        kexecOk(m);
        // nobody retrieves or re-creates "once": the next kexec carries nothing
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        assertEquals(-Errno.ENOENT, q.retrieveSession(d, "once"));
        assertEquals(0, k.luo().sessions().incoming().size());
    }

    @Test
    void kexecFromAPanickedKernelIsRefused() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        createOk(p, openDev(p), "doomed");
        int[] err = new int[1];
        BootParams bp = m.serializeForKexec(err);
        m.memory().writeU64(m.memory().u64(m.kernel().luo().luoSerPa() + 16) + 8, 0, null);
        m.bootNext(bp, m.kernel().abi());
        Kernel dead = m.kernel();
        assertTrue(dead.panicked());
        int boots = m.boots();
        int rc = m.kexec();
        assertTrue(rc < 0, "kexec returned " + rc);
        assertEquals(-Errno.EIO, rc);
        assertSame(dead, m.kernel(), "still the panicked kernel");
        assertEquals(boots, m.boots());
        // power cycle is the way out
        m.powerCycle(dead.abi());
        assertFalse(m.kernel().panicked());
        assertTrue(new Process(m.kernel()).open("/dev/liveupdate") >= 0);
    }

    @Test
    void kexecIntoAnOlderKhoGenerationBootsFresh() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        memfdOk(p, createOk(p, dev, "lost"), 1, "x");
        long fdt = m.kernel().kho().fdtPa();
        assertEquals(0, m.kexec(luolab.engine.abi.Abi.SEEDS_V2));
        Kernel k = m.kernel();
        assertFalse(k.panicked(), () -> k.panicMessage());
        assertLine(k, "setup: handover FDT (0x" + Long.toHexString(fdt) + ") is incompatible with 'kho-v3': 1");
        assertLine(k, "disabling KHO revival");
        assertFalse(k.kho().isKhoBoot());
        assertEquals(0, k.kho().incomingPreservedCount(), "nothing reserved: the old preserved pages are free memory");
    }
}

package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memfd.SampleFlb;
import luolab.engine.user.Process;
import luolab.engine.vfs.TestFile;
import org.junit.jupiter.api.Test;

/** File-Lifecycle-Bound state (§3.9): refcounted by dependent files, one page of luo_flb_ser. */
class FlbTest {

    private static void preserveTestFiles(Process p, int session, long... cookies) {
        for (long c : cookies) {
            int fd = p.testFileCreate(c);
            assertEquals(0, p.preserveFd(session, fd, c), "test file " + c);
        }
    }

    @Test
    void refcountSerializeAndHandOver() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        Flb flb = m.kernel().sampleFlb();
        assertEquals(0, flb.outgoingCount());
        int s1 = createOk(p, dev, "flb-1");
        preserveTestFiles(p, s1, 11, 12);
        int s2 = createOk(p, dev, "flb-2");
        preserveTestFiles(p, s2, 21);
        assertEquals(3, flb.outgoingCount());
        assertEquals(0, p.close(s2));
        assertEquals(2, flb.outgoingCount(), "unpreserve drops the count");

        long header = m.kernel().luo().flbs().headerPa();
        serialize(m);
        assertEquals(1, m.memory().u64(header), "pgcnt");
        assertEquals(1, m.memory().u64(header + 8), "one FLB in use");
        long e = header + 16;
        assertArrayEquals(Arrays.copyOf(SampleFlb.COMPATIBLE.getBytes(StandardCharsets.US_ASCII), 48), m.memory().read(e, 48));
        long data = m.memory().u64(e + 48);
        assertEquals("global state from boot 1", m.memory().cstring(data, 64));
        assertEquals(2, m.memory().u64(e + 56), "count of dependent files");

        m.bootNext(m.lastBoot(), m.kernel().abi());
        Kernel k = m.kernel();
        Flb in = k.sampleFlb();
        Object[] r = k.luo().flbs().getIncoming(in);
        assertEquals(0, r[0]);
        assertEquals("global state from boot 1", r[1]);
        assertEquals(2, in.incomingCount());

        Process q = new Process(k);
        int d = openDev(q);
        int s = q.retrieveSession(d, "flb-1");
        int fd = q.retrieveFd(s, 12);
        assertTrue(fd >= 0);
        assertEquals(12, ((TestFile) q.file(fd)).cookie());
        int before = k.kho().incomingPreservedCount();
        assertEquals(0, q.finishSession(s));
        assertEquals(0, in.incomingCount());
        assertEquals(-Errno.ENODATA, k.luo().flbs().getIncoming(in)[0], "finished: no more incoming data");
        assertEquals(before - 2, k.kho().incomingPreservedCount(), "FLB page + the session's file block");
    }

    @Test
    void noUsersNoEntryAndLastUnpreserveFrees() {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "flb");
        preserveTestFiles(p, s, 1);
        assertEquals(1, m.kernel().sampleFlb().outgoingCount());
        assertEquals(0, p.close(s));
        assertEquals(0, m.kernel().sampleFlb().outgoingCount());
        long header = m.kernel().luo().flbs().headerPa();
        Kernel k = kexecOk(m);
        assertEquals(0, m.memory().u64(header + 8), "no FLB entry written");
        assertEquals(-Errno.ENOENT, k.luo().flbs().getIncoming(k.sampleFlb())[0], "name not in the page");
    }

    @Test
    void atMost63Flbs() {
        Machine m = EngineTestSupport.boot();
        Luo luo = m.kernel().luo();
        Flb.Ops ops = m.kernel().sampleFlb().ops();
        assertEquals(-Errno.EEXIST, luo.registerFlb(new Flb(SampleFlb.COMPATIBLE, ops)), "same compatible");
        int registered = 1;   // the sample FLB
        for (int i = 0; registered < Luo.LUO_FLB_MAX; i++, registered++) {
            assertEquals(0, luo.registerFlb(new Flb("liveupdate-test-flb-v" + i, ops)), "FLB " + i);
        }
        assertEquals(-Errno.ENOSPC, luo.registerFlb(new Flb("one-too-many", ops)));
    }
}

package luolab.engine.selftest;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.luo.LuoSession;
import luolab.engine.luo.LuoSessions;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tools/testing/selftests/liveupdate/liveupdate.c: the 15 TEST_F(liveupdate_device, ...) cases,
 * run against the simulated /dev/liveupdate with the errnos the selftest expects (§6).
 */
class LiveupdateDeviceSelftest {
    private Machine m;
    private Process p;

    @BeforeEach
    void boot() {
        m = EngineTestSupport.boot();
        p = new Process(m.kernel());
    }

    private LuoSessions sessions() {
        return m.kernel().luo().sessions();
    }

    private Map<Long, Integer> preservedNow() {
        Map<Long, Integer> out = new TreeMap<>();
        KhoRadixTree.walk(m.memory(), m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, o) -> {
            out.put(pa, o);
            return true;
        }, null);
        return out;
    }

    // 1
    @Test
    void basicOpenClose() {
        int fd = p.open("/dev/liveupdate");
        assertTrue(fd >= 0);
        assertEquals(0, p.close(fd));
    }

    // 2
    @Test
    void exclusiveOpen() {
        int fd1 = openDev(p);
        assertEquals(-Errno.EBUSY, p.open("/dev/liveupdate"));
        assertEquals(-Errno.EBUSY, new Process(m.kernel()).open("/dev/liveupdate"), "also from another process");
        assertEquals(0, p.close(fd1));
        int again = p.open("/dev/liveupdate");
        assertTrue(again >= 0, "reopen after close");
    }

    // 3
    @Test
    void createDuplicateSession() {
        int dev = openDev(p);
        createOk(p, dev, "duplicate-session-test");
        assertEquals(-Errno.EEXIST, p.createSession(dev, "duplicate-session-test"));
        assertEquals(1, sessions().outgoingCount());
    }

    // 4
    @Test
    void createDistinctSessions() {
        int dev = openDev(p);
        int a = createOk(p, dev, "distinct-session-1");
        int b = createOk(p, dev, "distinct-session-2");
        assertTrue(a != b);
        assertEquals(2, sessions().outgoingCount());
    }

    // 5
    @Test
    void preserveMemfd() {
        int dev = openDev(p);
        Map<Long, Integer> before = preservedNow();
        int s = createOk(p, dev, "preserve-memfd-test");
        int fd = memfdOk(p, s, 0x1234, "hello liveupdate");
        assertTrue(preservedNow().size() > before.size(), "folio, ser page and array are preserved");
        assertEquals(0, p.close(s), "closing the session unpreserves");
        assertEquals(before, preservedNow(), "nothing left preserved");
        assertEquals("hello liveupdate", text(p, fd, 16));
    }

    // 6
    @Test
    void preserveMultipleMemfds() {
        int dev = openDev(p);
        int s = createOk(p, dev, "preserve-multi-memfd-test");
        int fd1 = memfdOk(p, s, 0xAAAA, "data for memfd 1");
        int fd2 = memfdOk(p, s, 0xBBBB, "data for memfd 2");
        assertEquals(2, sessions().outgoing().get(0).fileSet().count());
        assertEquals("data for memfd 1", text(p, fd1, 16));
        assertEquals("data for memfd 2", text(p, fd2, 16));
        assertEquals(0, p.close(s));
    }

    // 7
    @Test
    void preserveComplexScenario() {
        int dev = openDev(p);
        int s1 = createOk(p, dev, "complex-session-1");
        int s2 = createOk(p, dev, "complex-session-2");
        int d1 = memfdOk(p, s1, 0x1111, "complex data 1");
        int e1 = memfdOk(p, s1, 0x2222, "");
        int d2 = memfdOk(p, s2, 0x3333, "complex data 2");
        int e2 = memfdOk(p, s2, 0x4444, "");
        assertEquals(2, sessions().outgoing().get(0).fileSet().count());
        assertEquals(2, sessions().outgoing().get(1).fileSet().count());
        assertEquals(0, p.fileSize(e1));
        assertEquals(0, p.fileSize(e2));
        assertEquals(0, p.close(s1));
        assertEquals(0, p.close(s2));
        assertEquals("complex data 1", text(p, d1, 14));
        assertEquals("complex data 2", text(p, d2, 14));
        assertEquals(0, sessions().outgoingCount());
    }

    // 8
    @Test
    void preserveUnsupportedFd() {
        int dev = openDev(p);
        int s = createOk(p, dev, "unsupported-fd-test");
        int devnull = p.open("/dev/null");
        assertTrue(devnull >= 0);
        assertEquals(-Errno.ENOENT, p.preserveFd(s, devnull, 0xDEAD));
        assertEquals(0, sessions().outgoing().get(0).fileSet().count());
        assertEquals(0, sessions().outgoing().get(0).fileSet().blocks().nblocks(), "grown block given back");
    }

    // 9
    @Test
    void preventDoublePreservation() {
        int dev = openDev(p);
        int s1 = createOk(p, dev, "double-preserve-session-1");
        int s2 = createOk(p, dev, "double-preserve-session-2");
        int fd = memfdOk(p, s1, 0x1111, "double");
        assertEquals(-Errno.EBUSY, p.preserveFd(s2, fd, 0x2222), "same memfd, other session");
        assertEquals(-Errno.EBUSY, p.preserveFd(s1, fd, 0x3333), "same memfd, same session, other token");
        assertEquals(1, sessions().outgoing().get(0).fileSet().count());
        assertEquals(0, sessions().outgoing().get(1).fileSet().count());
        assertEquals(0, sessions().outgoing().get(1).fileSet().blocks().nblocks());
        assertEquals(1, sessions().outgoing().get(0).fileSet().blocks().nblocks());
    }

    // 10
    @Test
    void createSessionNoNullTermination() {
        int dev = openDev(p);
        byte[] name = new byte[64];
        Arrays.fill(name, (byte) 'X');
        assertEquals(-Errno.EINVAL, p.createSessionRaw(dev, name));
        assertEquals(0, sessions().outgoingCount());
        assertTrue(sessions().outgoingBlocks() == null || sessions().outgoingBlocks().nblocks() == 0);
    }

    // 11
    @Test
    void createSessionEmptyName() {
        int dev = openDev(p);
        assertEquals(-Errno.EINVAL, p.createSession(dev, ""));
        assertEquals(0, sessions().outgoingCount());
    }

    // 12
    @Test
    void getSessionName() {
        int dev = openDev(p);
        int s = createOk(p, dev, "get-name-test-session");
        int[] err = new int[1];
        assertEquals("get-name-test-session", p.sessionName(s, err));
        assertEquals(0, err[0]);
    }

    // 13
    @Test
    void getSessionNameMaxLength() {
        int dev = openDev(p);
        String name = "A".repeat(63);
        int s = createOk(p, dev, name);
        int[] err = new int[1];
        assertEquals(name, p.sessionName(s, err));
        assertEquals(0, err[0]);
        // GET_NAME on the device fd is not a session ioctl
        assertNull(p.sessionName(dev, err));
        assertEquals(-Errno.EINVAL, err[0]);
    }

    // 14
    @Test
    void preserveManySessions() {
        int dev = openDev(p);
        int[] fds = new int[2000];
        Set<Integer> unique = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            fds[i] = createOk(p, dev, "many-session-" + i);
            unique.add(fds[i]);
        }
        assertEquals(2000, unique.size());
        assertEquals(2000, sessions().outgoingCount());
        assertEquals(40, sessions().outgoingBlocks().nblocks(), "ceil(2000 / 51)");
        for (int i = 0; i < 2000; i++) {
            assertEquals(0, p.close(fds[i]));
        }
        assertEquals(0, sessions().outgoingCount());
        assertEquals(0, sessions().outgoingBlocks().nblocks());
        assertEquals(0, sessions().outgoingBlocks().headPa());
    }

    // 15
    @Test
    void preserveManyFiles() {
        int dev = openDev(p);
        Map<Long, Integer> before = preservedNow();
        int s = createOk(p, dev, "many-files-test");
        for (int i = 0; i < 500; i++) {
            memfdOk(p, s, i, "file-data-" + i);
        }
        LuoSession sess = sessions().outgoing().get(0);
        assertEquals(500, sess.fileSet().count());
        assertEquals(8, sess.fileSet().blocks().nblocks(), "ceil(500 / 63)");
        assertEquals(0, p.close(s));
        assertEquals(0, sess.fileSet().blocks().nblocks());
        assertEquals(before, preservedNow(), "every memfd page, array and file block unpreserved");
    }
}

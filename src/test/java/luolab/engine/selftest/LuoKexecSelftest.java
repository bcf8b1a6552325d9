package luolab.engine.selftest;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * The two-stage kexec selftests (luo_kexec_simple, luo_multi_session, luo_stress_sessions,
 * luo_stress_files): stage 1 runs on a cold-booted kernel, the daemon keeps the session fds open
 * over the kexec, stage 2 runs on the next kernel and finishes every session (§6).
 */
class LuoKexecSelftest {

    /** Stage 1 prologue: stage detection (-ENOENT) and the state session with a memfd "2". */
    private static int stage1State(Process p, int dev, String state, long token) {
        assertEquals(-Errno.ENOENT, p.retrieveSession(dev, state), "stage detection: no state session = stage 1");
        int s = createOk(p, dev, state);
        memfdOk(p, s, token, "2");
        return s;
    }

    /** Stage 2 prologue: the state session exists and its memfd reads "2". Returns the session fd. */
    private static int stage2State(Process p, int dev, String state, long token) {
        int s = p.retrieveSession(dev, state);
        assertTrue(s >= 0, "retrieve state session: " + Errno.pe(s));
        int fd = p.retrieveFd(s, token);
        assertTrue(fd >= 0, "retrieve state memfd: " + Errno.pe(fd));
        assertEquals("2", text(p, fd, 1));
        return s;
    }

    private static void finish(Process p, int session) {
        assertEquals(0, p.finishSession(session));
    }

    @Test
    void luoKexecSimple() {
        Machine m = EngineTestSupport.boot();
        Process p1 = new Process(m.kernel());
        int dev = openDev(p1);
        stage1State(p1, dev, "kexec_simple_state", 999);
        int s = createOk(p1, dev, "test-session");
        memfdOk(p1, s, 0x1A, "hello kexec world");
        assertEquals(0, p1.close(dev));

        Kernel k = kexecOk(m);
        assertLine(k, "Retrieved live update data, liveupdate number: 1");
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        int state = stage2State(p2, dev2, "kexec_simple_state", 999);
        int s2 = p2.retrieveSession(dev2, "test-session");
        assertTrue(s2 >= 0);
        int fd = p2.retrieveFd(s2, 0x1A);
        assertTrue(fd >= 0);
        assertEquals("hello kexec world", text(p2, fd, 17));
        finish(p2, s2);
        finish(p2, state);
    }

    @Test
    void luoMultiSession() {
        Machine m = EngineTestSupport.boot();
        Process p1 = new Process(m.kernel());
        int dev = openDev(p1);
        stage1State(p1, dev, "kexec_multi_state", 998);
        createOk(p1, dev, "multi-test-empty-1");
        createOk(p1, dev, "multi-test-empty-2");
        int f1 = createOk(p1, dev, "multi-test-files-1");
        memfdOk(p1, f1, 0x1001, "Data for session files 1");
        int f2 = createOk(p1, dev, "multi-test-files-2");
        memfdOk(p1, f2, 0x2002, "First file for session files 2");
        memfdOk(p1, f2, 0x3003, "Second file for session files 2");
        assertEquals(0, p1.close(dev));

        Kernel k = kexecOk(m);
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        int state = stage2State(p2, dev2, "kexec_multi_state", 998);
        assertEquals(5, k.luo().sessions().incoming().size());
        for (String empty : List.of("multi-test-empty-1", "multi-test-empty-2")) {
            int s = p2.retrieveSession(dev2, empty);
            assertTrue(s >= 0, empty);
            assertEquals(-Errno.ENOENT, p2.retrieveFd(s, 0x1001), "empty session has no files");
            finish(p2, s);
        }
        int s1 = p2.retrieveSession(dev2, "multi-test-files-1");
        assertEquals("Data for session files 1", text(p2, p2.retrieveFd(s1, 0x1001), 24));
        finish(p2, s1);
        int s2 = p2.retrieveSession(dev2, "multi-test-files-2");
        // any order
        assertEquals("Second file for session files 2", text(p2, p2.retrieveFd(s2, 0x3003), 31));
        assertEquals("First file for session files 2", text(p2, p2.retrieveFd(s2, 0x2002), 30));
        finish(p2, s2);
        finish(p2, state);
    }

    @Test
    void luoStressSessions() {
        long t0 = System.nanoTime();
        Machine m = EngineTestSupport.boot();
        Process p1 = new Process(m.kernel());
        int dev = openDev(p1);
        stage1State(p1, dev, "kexec_many_state", 999);
        for (int i = 0; i < 2000; i++) {
            createOk(p1, dev, "many-test-" + i);
        }
        assertEquals(2001, m.kernel().luo().sessions().outgoingCount());
        assertEquals(40, m.kernel().luo().sessions().outgoingBlocks().nblocks(), "ceil(2001 / 51) = 40");
        assertEquals(0, p1.close(dev));
        long tKexec = System.nanoTime();

        Kernel k = kexecOk(m);
        long tBooted = System.nanoTime();
        assertEquals(40, k.luo().sessions().incomingBlocks().nblocks(), "restored chain before the first open");
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        assertEquals(2001, k.luo().sessions().incoming().size());
        int state = stage2State(p2, dev2, "kexec_many_state", 999);
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int s = p2.retrieveSession(dev2, "many-test-" + i);
            assertTrue(s >= 0, "many-test-" + i + ": " + Errno.pe(s));
            int[] err = new int[1];
            assertEquals("many-test-" + i, p2.sessionName(s, err));
            fds.add(s);
        }
        for (int s : fds) {
            finish(p2, s);
        }
        finish(p2, state);
        for (LuoSession s : k.luo().sessions().incoming()) {
            assertTrue(s.retrieved(), s.name());
        }
        long t1 = System.nanoTime();
        System.out.printf("luo_stress_sessions: 2000+1 sessions, stage 1 %.1f ms, kexec+boot %.1f ms, stage 2 %.1f ms, total %.1f ms%n",
                (tKexec - t0) / 1e6, (tBooted - tKexec) / 1e6, (t1 - tBooted) / 1e6, (t1 - t0) / 1e6);
    }

    @Test
    void luoStressFiles() {
        Machine m = EngineTestSupport.boot();
        Process p1 = new Process(m.kernel());
        int dev = openDev(p1);
        stage1State(p1, dev, "kexec_many_files_state", 9999);
        int s = createOk(p1, dev, "many_files_session");
        for (int i = 0; i < 500; i++) {
            memfdOk(p1, s, i, "file-data-" + i);
        }
        LuoSession out = m.kernel().luo().sessions().outgoing().get(1);
        assertEquals("many_files_session", out.name());
        assertEquals(8, out.fileSet().blocks().nblocks(), "ceil(500 / 63) = 8");
        assertEquals(0, p1.close(dev));

        Kernel k = kexecOk(m);
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        int state = stage2State(p2, dev2, "kexec_many_files_state", 9999);
        int s2 = p2.retrieveSession(dev2, "many_files_session");
        assertTrue(s2 >= 0);
        LuoSession in = k.luo().sessions().incoming().stream().filter(x -> x.name().equals("many_files_session")).findFirst().orElseThrow();
        assertEquals(500, in.fileSet().count());
        assertEquals(8, in.fileSet().blocks().nblocks(), "incoming file chain kept until finish");
        for (int i = 0; i < 500; i++) {
            int fd = p2.retrieveFd(s2, i);
            assertTrue(fd >= 0, "token " + i + ": " + Errno.pe(fd));
            String want = "file-data-" + i;
            assertEquals(want, text(p2, fd, want.length()), "token " + i);
        }
        finish(p2, s2);
        assertEquals(0, in.fileSet().blocks().nblocks(), "finish destroys the incoming file block set");
        finish(p2, state);
    }
}

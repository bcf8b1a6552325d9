package luolab.engine.user;

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

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.luo.FileHandler;
import luolab.engine.luo.FileOpArgs;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.LittleEndian;
import luolab.engine.vfs.KFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input to the uapi and engine APIs: the kernel's errno, and nothing left half-done. */
class BadInputTest {
    private Machine m;
    private Process p;
    private int dev;

    @BeforeEach
    void boot() {
        m = EngineTestSupport.boot();
        p = new Process(m.kernel());
        dev = openDev(p);
    }

    private Map<Long, Integer> preserved() {
        Map<Long, Integer> out = new TreeMap<>();
        KhoRadixTree.walk(m.memory(), m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, o) -> {
            out.put(pa, o);
            return true;
        }, null);
        return out;
    }

    private static byte[] arg(int len, int size) {
        byte[] a = new byte[len];
        LittleEndian.putU32(a, 0, size);
        return a;
    }

    // ---- fds ------------------------------------------------------------------------------------

    @Test
    void unknownFdIsEbadf() {
        assertEquals(-Errno.EBADF, p.close(42));
        assertEquals(-Errno.EBADF, p.ioctl(42, LiveUpdateUapi.CREATE_SESSION, arg(72, 72)));
        int s = createOk(p, dev, "ebadf");
        LuoSession sess = m.kernel().luo().sessions().outgoing().get(0);
        Map<Long, Integer> before = preserved();
        assertEquals(-Errno.EBADF, p.preserveFd(s, 42, 1), "fget() fails");
        assertEquals(0, sess.fileSet().count());
        assertEquals(0, sess.fileSet().blocks().nblocks(), "the block grown for it was given back");
        assertEquals(before, preserved());
    }

    @Test
    void duplicateTokenInASessionIsEexist() {
        int s = createOk(p, dev, "tokens");
        memfdOk(p, s, 0x10, "first");
        LuoSession sess = m.kernel().luo().sessions().outgoing().get(0);
        Map<Long, Integer> before = preserved();
        int other = p.memfdCreate("other", 0);
        assertEquals(-Errno.EEXIST, p.preserveFd(s, other, 0x10));
        assertEquals(1, sess.fileSet().count());
        assertEquals(before, preserved(), "the second memfd's pages were never preserved");
        // the same token in another session is fine
        int s2 = createOk(p, dev, "tokens-2");
        assertEquals(0, p.preserveFd(s2, other, 0x10));
    }

    // ---- argument structs -----------------------------------------------------------------------

    @Test
    void argumentTooSmallIsEinval() {
        int s = createOk(p, dev, "sizes");
        assertEquals(-Errno.EINVAL, p.ioctl(dev, LiveUpdateUapi.CREATE_SESSION, arg(72, 71)));
        assertEquals(-Errno.EINVAL, p.ioctl(dev, LiveUpdateUapi.RETRIEVE_SESSION, arg(72, 8)));
        assertEquals(-Errno.EINVAL, p.ioctl(s, LiveUpdateUapi.SESSION_PRESERVE_FD, arg(16, 15)));
        assertEquals(-Errno.EINVAL, p.ioctl(s, LiveUpdateUapi.SESSION_GET_NAME, arg(72, 71)));
        assertEquals(-Errno.EINVAL, p.ioctl(s, LiveUpdateUapi.SESSION_FINISH, arg(8, 7)));
        assertEquals(1, m.kernel().luo().sessions().outgoingCount(), "nothing created");
    }

    @Test
    void nonZeroTailIsE2bigAndZeroTailIsAccepted() {
        byte[] a = arg(80, 80);
        a[8] = 'z';
        a[76] = 1;
        assertEquals(-Errno.E2BIG, p.ioctl(dev, LiveUpdateUapi.CREATE_SESSION, a));
        assertEquals(0, m.kernel().luo().sessions().outgoingCount());
        a[76] = 0;
        assertEquals(0, p.ioctl(dev, LiveUpdateUapi.CREATE_SESSION, a), "a larger, zero-padded struct is fine");
        int s = (int) LittleEndian.u32(a, 4);
        int[] err = new int[1];
        assertEquals("z", p.sessionName(s, err));

        int memfd = p.memfdCreate("tail", 0);
        byte[] pf = arg(24, 24);
        LittleEndian.putU32(pf, 4, memfd);
        LittleEndian.putU64(pf, 8, 5);
        pf[23] = 9;
        assertEquals(-Errno.E2BIG, p.ioctl(s, LiveUpdateUapi.SESSION_PRESERVE_FD, pf));
        assertEquals(0, m.kernel().luo().sessions().outgoing().get(0).fileSet().count());
    }

    @Test
    void getNameWithReservedSetIsEinval() {
        int s = createOk(p, dev, "reserved");
        byte[] a = arg(72, 72);
        LittleEndian.putU32(a, 4, 1);
        assertEquals(-Errno.EINVAL, p.ioctl(s, LiveUpdateUapi.SESSION_GET_NAME, a));
    }

    @Test
    void unknownCommands() {
        int s = createOk(p, dev, "cmds");
        assertEquals(-Errno.EINVAL, p.ioctl(s, 0xBA44, arg(16, 16)), "session nr beyond the table");
        assertEquals(-Errno.EINVAL, p.ioctl(dev, 0xBA02, arg(72, 72)), "device nr beyond the table");
        assertEquals(-Errno.ENOTTY, p.ioctl(dev, 0xBB00, arg(72, 72)), "nr matches, cmd does not");
        int memfd = p.memfdCreate("not-luo", 0);
        assertEquals(-Errno.ENOTTY, p.ioctl(memfd, LiveUpdateUapi.CREATE_SESSION, arg(72, 72)));
    }

    @Test
    void outgoingSessionRejectsIncomingOnlyCommands() {
        int s = createOk(p, dev, "outgoing");
        assertEquals(-Errno.EINVAL, p.retrieveFd(s, 1));
        assertEquals(-Errno.EINVAL, p.finishSession(s));
    }

    // ---- after a kexec ----------------------------------------------------------------------------

    private Process nextKernel(String... names) {
        for (String n : names) {
            int s = createOk(p, dev, n);
            memfdOk(p, s, 0x5, "in " + n);
        }
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        dev = openDev(q);
        return q;
    }

    @Test
    void preserveOnAnIncomingSessionIsEinval() {
        Process q = nextKernel("incoming");
        int s = q.retrieveSession(dev, "incoming");
        assertTrue(s >= 0);
        int memfd = q.memfdCreate("new", 0);
        assertEquals(-Errno.EINVAL, q.preserveFd(s, memfd, 0x6));
        assertEquals(1, m.kernel().luo().sessions().incoming().get(0).fileSet().count());
        assertEquals(0, m.kernel().luo().sessions().outgoingCount());
    }

    @Test
    void retrieveSessionTwiceIsEinval() {
        Process q = nextKernel("twice");
        int s = q.retrieveSession(dev, "twice");
        assertTrue(s >= 0);
        assertEquals(-Errno.EINVAL, q.retrieveSession(dev, "twice"));
        assertEquals(0, q.finishSession(s));
        assertEquals(-Errno.EINVAL, q.retrieveSession(dev, "twice"), "finished but still open");
        assertEquals(0, q.close(s));
        assertEquals(-Errno.ENOENT, q.retrieveSession(dev, "twice"), "closed: removed from the incoming list");
    }

    @Test
    void unknownSessionAndTokenAreEnoent() {
        Process q = nextKernel("known");
        assertEquals(-Errno.ENOENT, q.retrieveSession(dev, "unknown"));
        int s = q.retrieveSession(dev, "known");
        assertEquals(-Errno.ENOENT, q.retrieveFd(s, 0x6));
        int fd = q.retrieveFd(s, 0x5);
        assertTrue(fd >= 0, "a failed lookup changes nothing");
        assertEquals("in known", text(q, fd, 8));
        int again = q.retrieveFd(s, 0x5);
        assertTrue(again >= 0 && again != fd, "second RETRIEVE_FD: a new fd");
        assertSame(q.file(fd), q.file(again), "...for the same struct file");
        assertEquals(0, q.finishSession(s));
    }

    @Test
    void retrieveSessionOfAnOutgoingNameIsEnoent() {
        Process q = nextKernel();
        createOk(q, dev, "only-outgoing");
        assertEquals(-Errno.ENOENT, q.retrieveSession(dev, "only-outgoing"));
    }

    // ---- a handler whose freeze fails aborts the kexec ------------------------------------------

    private static final class Stubborn extends KFile {
        @Override
        public String name() {
            return "stubborn";
        }
    }

    private static final class FailingFreeze implements FileHandler {
        boolean fail = true;
        int unfreezes;

        @Override
        public String compatible() {
            return "failing-v1";
        }

        @Override
        public boolean canPreserve(KFile file) {
            return file instanceof Stubborn;
        }

        @Override
        public int preserve(FileOpArgs args) {
            args.serializedData = 0x1234;
            return 0;
        }

        @Override
        public void unpreserve(FileOpArgs args) {
        }

        @Override
        public int freeze(FileOpArgs args) {
            return fail ? -Errno.EAGAIN : 0;
        }

        @Override
        public void unfreeze(FileOpArgs args) {
            unfreezes++;
        }

        @Override
        public int retrieve(FileOpArgs args) {
            return -Errno.EINVAL;
        }

        @Override
        public void finish(FileOpArgs args) {
        }
    }

    @Test
    void freezeFailureAbortsTheKexecAndUndoesTheSerialization() {
        FailingFreeze h = new FailingFreeze();
        assertEquals(0, m.kernel().luo().registerFileHandler(h));
        assertEquals(-Errno.EEXIST, m.kernel().luo().registerFileHandler(new FailingFreeze()));
        int a = createOk(p, dev, "a");
        memfdOk(p, a, 1, "aaa");
        int bad = createOk(p, dev, "bad");
        memfdOk(p, bad, 1, "bbb");
        LuoSession badSession = m.kernel().luo().sessions().outgoing().get(1);
        assertEquals(0, m.kernel().luo().files().preserve(badSession, 2, new Stubborn()));
        int c = createOk(p, dev, "c");
        memfdOk(p, c, 1, "ccc");
        long luoSer = m.kernel().luo().luoSerPa();
        Kernel old = m.kernel();

        assertEquals(-Errno.EAGAIN, m.kexec());
        assertSame(old, m.kernel(), "the old kernel keeps running");
        assertLine(old, "Freeze failed for token[0x2] handler[failing-v1] err[-EAGAIN]");
        // kernel_kexec() prints nothing when liveupdate_reboot() fails: the lab says so in a note only
        assertTrue(old.log().lines().stream().anyMatch(l -> l.isNote() && l.text().contains("kexec aborted")));
        assertFalse(old.log().lines().stream().anyMatch(l -> l.level().kernel() && l.text().contains("kexec aborted")));
        assertEquals(0, m.memory().u64(luoSer + 16), "sessions_pa not published");
        long head = old.luo().sessions().outgoingBlocks().headPa();
        assertEquals(0, m.memory().u8(head + 16), "session 'a' name zeroed on unwind");
        long fileHead = badSession.fileSet().blocks().headPa();
        assertEquals(0, m.memory().u64(fileHead + 8), "the failing session's file block cleared");

        // userspace fixes it (drops the session) and tries again: everything else goes through
        assertEquals(0, p.close(bad));
        Kernel k = kexecOk(m);
        Process q = new Process(k);
        int d = openDev(q);
        assertEquals(2, k.luo().sessions().incoming().size());
        assertEquals("aaa", text(q, q.retrieveFd(q.retrieveSession(d, "a"), 1), 3));
        assertEquals("ccc", text(q, q.retrieveFd(q.retrieveSession(d, "c"), 1), 3));
        assertEquals(-Errno.ENOENT, q.retrieveSession(d, "bad"));
    }
}

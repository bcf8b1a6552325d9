package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memfd.MemfdLuo;
import luolab.engine.user.Process;
import luolab.engine.vfs.KFile;
import org.junit.jupiter.api.Test;

/** Handler registration and the can_finish gate (§3.7, §3.8). */
class FileHandlerTest {

    private static final class Device extends KFile {
        @Override
        public String name() {
            return "device";
        }
    }

    /** A device-state handler that may refuse to finish (e.g. a device still in use). */
    private static final class DeviceHandler implements FileHandler {
        boolean canFinish = true;
        int finishes;

        @Override
        public String compatible() {
            return "device-v1";
        }

        @Override
        public boolean canPreserve(KFile file) {
            return file instanceof Device;
        }

        @Override
        public int preserve(FileOpArgs args) {
            args.serializedData = 0xD00D;
            return 0;
        }

        @Override
        public void unpreserve(FileOpArgs args) {
        }

        @Override
        public int retrieve(FileOpArgs args) {
            args.file = new Device();
            return 0;
        }

        @Override
        public boolean canFinish(FileOpArgs args) {
            return canFinish;
        }

        @Override
        public void finish(FileOpArgs args) {
            finishes++;
        }
    }

    @Test
    void duplicateCompatibleIsRefusedWithTheKernelMessage() {
        Machine m = EngineTestSupport.boot();
        Kernel k = m.kernel();
        assertEquals(-Errno.EEXIST, k.luo().registerFileHandler(new MemfdLuo("memfd-v2", k.kho(), k.mm(), k.log())));
        assertLine(k, "File handler registration failed: Compatible string 'memfd-v2' already registered.");
    }

    @Test
    void canFinishFalseBlocksTheWholeSession() {
        Machine m = EngineTestSupport.boot();
        DeviceHandler out = new DeviceHandler();
        assertEquals(0, m.kernel().luo().registerFileHandler(out));
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "busy");
        memfdOk(p, s, 1, "with a memfd");
        assertEquals(0, m.kernel().luo().files().preserve(m.kernel().luo().sessions().outgoing().get(0), 2, new Device()));

        Kernel k = kexecOk(m);
        // the handler registers before the first open, which is when files are matched to handlers
        DeviceHandler in = new DeviceHandler();
        in.canFinish = false;
        assertEquals(0, k.luo().registerFileHandler(in));
        Process q = new Process(k);
        int d = openDev(q);
        int rs = q.retrieveSession(d, "busy");
        assertTrue(q.retrieveFd(rs, 2) >= 0);
        assertEquals(-Errno.EBUSY, q.finishSession(rs));
        assertEquals(0, in.finishes, "nothing finished");
        assertEquals("with a memfd", text(q, q.retrieveFd(rs, 1), 12), "the memfd is still there");
        assertEquals(2, k.luo().sessions().incoming().get(0).fileSet().count());

        assertEquals(0, q.close(rs));
        assertLine(k, "Unable to finish session [busy] on release");
        assertEquals(1, k.luo().sessions().incoming().size(), "the session remains");

        in.canFinish = true;
        assertEquals(-Errno.EINVAL, q.retrieveSession(d, "busy"), "already retrieved");
    }

    @Test
    void finishRunsWhenAllowed() {
        Machine m = EngineTestSupport.boot();
        assertEquals(0, m.kernel().luo().registerFileHandler(new DeviceHandler()));
        Process p = new Process(m.kernel());
        int s = createOk(p, openDev(p), "ok");
        assertEquals(0, m.kernel().luo().files().preserve(m.kernel().luo().sessions().outgoing().get(0), 2, new Device()));
        Kernel k = kexecOk(m);
        DeviceHandler in = new DeviceHandler();
        k.luo().registerFileHandler(in);
        Process q = new Process(k);
        int rs = q.retrieveSession(openDev(q), "ok");
        assertEquals(0, q.close(rs), "closing a retrieved session finishes it");
        assertEquals(1, in.finishes);
        assertEquals(0, k.luo().sessions().incoming().size());
        assertTrue(s >= 0);
    }
}

package luolab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

class KexecSmokeTest {
    @Test
    void memfdSurvivesKexec() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, new Trace(Trace.Mode.FULL));
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        assertTrue(dev >= 0, "open " + dev);
        int s = p.createSession(dev, "test-session");
        assertTrue(s >= 0);
        int fd = p.preserveMemfd(s, 0x1A, "hello kexec world".getBytes(StandardCharsets.US_ASCII));
        assertTrue(fd >= 0, "preserve " + fd);
        assertEquals(0, m.kexec());
        m.kernel().log().lines().forEach(System.out::println);
        assertFalse(m.kernel().panicked(), m.kernel().panicMessage());
        Process p2 = new Process(m.kernel());
        int dev2 = p2.open("/dev/liveupdate");
        assertTrue(dev2 >= 0, "open2 " + dev2);
        int s2 = p2.retrieveSession(dev2, "test-session");
        assertTrue(s2 >= 0, "retrieve " + s2);
        int fd2 = p2.retrieveFd(s2, 0x1A);
        assertTrue(fd2 >= 0, "retrieve fd " + fd2);
        assertEquals("hello kexec world", new String(p2.pread(fd2, 17, 0), StandardCharsets.US_ASCII));
        assertEquals(0, p2.finishSession(s2));
        System.out.println("events " + m.trace().size());
    }
}

package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** Every file event names its session: the Sessions table groups files by it. */
class FileEventSessionTest {
    @Test
    void closingASessionUnpreservesItsFilesUnderItsName() {
        Machine m = EngineTestSupport.boot(Trace.Mode.FULL);
        Process p = new Process(m.kernel());
        int dev = EngineTestSupport.openDev(p);
        int sfd = p.createSession(dev, "short-lived");
        for (long token = 1; token <= 3; token++) {
            int fd = p.testFileCreate(100 + token);
            assertEquals(0, p.preserveFd(sfd, fd, token));
        }
        assertEquals(0, p.close(sfd));
        List<TraceEvent.FileEvent> files = m.trace().events().stream()
                .filter(TraceEvent.FileEvent.class::isInstance).map(TraceEvent.FileEvent.class::cast).toList();
        List<TraceEvent.FileEvent> unpreserved = files.stream().filter(f -> f.op() == TraceEvent.FileOp.UNPRESERVE).toList();
        assertEquals(List.of(3L, 2L, 1L), unpreserved.stream().map(TraceEvent.FileEvent::token).toList(), "newest first");
        for (TraceEvent.FileEvent f : files) {
            assertEquals("short-lived", f.session(), f.op() + " of token " + f.token());
        }
    }
}

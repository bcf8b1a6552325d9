package luolab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The benchmark times what it claims: a cycle that really hands every session and file over and
 * retrieves each one, on the shapes of the selftests. (Times themselves are never asserted.)
 */
class WorkloadTest {
    @Test
    void aCycleRetrievesEverySessionAndFileThroughAKexec() {
        Workload w = Workload.scaled(3, 70); // 70 files: two linked file blocks of 63 per session
        Machine m = w.prepare(Trace.off());
        Workload.Phases p = w.timedCycle(m);
        assertEquals(210, p.files());
        assertFalse(m.kernel().panicked());
        assertEquals(2, m.kernel().boot(), "the cycle ran in the next kernel");
        var incoming = m.kernel().luo().sessions().incoming();
        assertEquals(3, incoming.size());
        for (LuoSession s : incoming) {
            assertEquals(70, s.fileSet().count());
            assertEquals(2, s.fileSet().blocks().nblocks(), s.name());
            for (LuoFile f : s.fileSet().files()) {
                assertEquals(1, f.retrieveStatus(), s.name() + " token " + f.token());
            }
        }
        assertTrue(p.serializeNs() > 0 && p.bootNs() > 0 && p.openNs() > 0 && p.retrieveNs() > 0);
    }

    @Test
    void memfdsKeepTheirBytes() {
        Workload w = new Workload("memfds", 1, 5, true, 64L << 20);
        Machine m = w.prepare(Trace.off());
        assertEquals(5, w.timedCycle(m).files());
        assertEquals(5, m.kernel().luo().sessions().incoming().get(0).fileSet().files().stream()
                .filter(f -> f.retrieveStatus() == 1).count());
    }

    @Test
    void theCopyBaselineMovesTheBytes() {
        assertTrue(Bench.copyBaseline(10 * 4096) > 0);
    }

    @Test
    void theFloorReadsBackAndRetrievesEveryFileAcrossBlocks() {
        // 127 = two full 63-entry blocks and one entry in a third
        PerFileFloor.Result r = PerFileFloor.once(127);
        assertEquals(127, r.read());
        assertEquals(127, r.matched());
        assertEquals(127, r.retrieved());
    }

    @Test
    void aTestFileCycleIsPrintedBesideItsCopyAndItsFloor() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new Bench(new PrintStream(buf, true, StandardCharsets.UTF_8), true).cycle(Workload.scaled(2, 70));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("(140 files)") && lines[0].contains("ratio"), lines[0]);
        assertTrue(lines[2].contains("per-file floor") && lines[2].contains("ratio to the copy"), lines[2]);
    }

    @Test
    void stepBackAndTheBigMachineReportARatio() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Bench b = new Bench(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
        b.stepBack("tiny", new Workload("tiny", 2, 2, true, 64L << 20));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("ratio"), out);
        assertTrue(out.matches("(?s).*tiny\\s+\\d+ events.*"), out);
    }
}

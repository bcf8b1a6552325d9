package luolab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** kernel-luo.md §0-§1: each generation's limits, capacities and cross-generation kexec outcomes. */
class AbiGenerationsTest {
    static java.util.stream.Stream<Abi> generations() {
        return Abi.ALL.stream();
    }

    private static Machine boot(Abi abi) {
        return Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
    }

    @Test
    void capacitiesFollowFromStructSizes() {
        assertEquals(51, Abi.V7.sessionsPerBlock());
        assertEquals(63, Abi.V7.filesPerBlock());
        assertEquals(102, Abi.SEEDS_V2.sessionsPerBlock());
        assertEquals(127, Abi.SEEDS_V2.filesPerBlock());
        assertEquals(819, Abi.PRE_SERIES.preSessionMax());
        assertEquals(128, Abi.PRE_SERIES.preFileMax());
    }

    @Test
    void preSeriesSessionLimitIsEnomemAt820() {
        Machine m = boot(Abi.PRE_SERIES);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        for (int i = 0; i < 819; i++) {
            assertTrue(p.createSession(dev, "s-" + i) >= 0, "session " + i);
        }
        assertEquals(-Errno.ENOMEM, p.createSession(dev, "s-819"));
    }

    @Test
    void preSeriesFileLimitIsEnospcAt129() {
        Machine m = boot(Abi.PRE_SERIES);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        int s = p.createSession(dev, "files");
        for (int i = 0; i < 128; i++) {
            int fd = p.testFileCreate(i + 1);
            assertEquals(0, p.preserveFd(s, fd, i), "file " + i);
        }
        assertEquals(-Errno.ENOSPC, p.preserveFd(s, p.testFileCreate(999), 128));
    }

    @Test
    void seedsV2BlocksHold102SessionsAnd127Files() {
        Machine m = boot(Abi.SEEDS_V2);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        for (int i = 0; i < 102; i++) {
            p.createSession(dev, "s-" + i);
        }
        assertEquals(1, m.kernel().luo().sessions().outgoingBlocks().nblocks());
        int s = p.createSession(dev, "s-102");
        assertEquals(2, m.kernel().luo().sessions().outgoingBlocks().nblocks());
        for (int i = 0; i < 128; i++) {
            p.preserveFd(s, p.testFileCreate(i + 1), i);
        }
        var fs = m.kernel().luo().sessions().outgoing().get(102).fileSet();
        assertEquals(2, fs.blocks().nblocks());
        assertEquals(8192, m.kernel().abi().blockSize());
    }

    @ParameterizedTest
    @MethodSource("generations")
    void memfdSurvivesKexecWithinAGeneration(Abi abi) {
        Machine m = boot(abi);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        int s = p.createSession(dev, "gen-test");
        assertTrue(p.preserveMemfd(s, 7, ("hello " + abi.id()).getBytes(StandardCharsets.US_ASCII)) >= 0);
        assertEquals(0, m.kexec(abi));
        assertFalse(m.kernel().panicked(), m.kernel().panicMessage());
        Process q = new Process(m.kernel());
        int dev2 = q.open("/dev/liveupdate");
        int s2 = q.retrieveSession(dev2, "gen-test");
        assertTrue(s2 >= 0, "retrieve session " + s2 + " " + m.kernel().log().lines());
        int fd = q.retrieveFd(s2, 7);
        assertTrue(fd >= 0);
        assertEquals("hello " + abi.id(), new String(q.pread(fd, 6 + abi.id().length(), 0), StandardCharsets.US_ASCII));
        assertTrue(m.kernel().log().contains("Retrieved live update data, liveupdate number: 1"));
    }

    @Test
    void v7ToOlderKhoIsRefusedSessionsLostNoPanic() {
        Machine m = boot(Abi.V7);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        p.createSession(dev, "lost");
        assertEquals(0, m.kexec(Abi.SEEDS_V2));
        assertFalse(m.kernel().panicked());
        assertTrue(m.kernel().log().contains("is incompatible with 'kho-v3'"));
        assertTrue(m.kernel().log().contains("KHO: disabling KHO revival"));
        Process q = new Process(m.kernel());
        assertEquals(-Errno.ENOENT, q.retrieveSession(q.open("/dev/liveupdate"), "lost"));
    }

    @Test
    void preSeriesToV2PanicsOnLuoFdtCompatible() {
        Machine m = boot(Abi.PRE_SERIES);
        Process p = new Process(m.kernel());
        p.createSession(p.open("/dev/liveupdate"), "x");
        assertEquals(0, m.kexec(Abi.SEEDS_V2));
        assertTrue(m.kernel().panicked());
        assertTrue(m.kernel().log().contains("luo: FDT 'LUO' is incompatible with 'luo-v2' [1]"));
        assertTrue(m.kernel().panicMessage().contains("The incoming tree failed to initialize properly [-EINVAL]"));
    }

    @Test
    void v2ToPreSeriesPanicsToo() {
        Machine m = boot(Abi.SEEDS_V2);
        assertEquals(0, m.kexec(Abi.PRE_SERIES));
        assertTrue(m.kernel().panicked());
        assertTrue(m.kernel().log().contains("luo: FDT 'LUO' is incompatible with 'luo-v1' [1]"));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> crossPairs() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (Abi from : Abi.ALL) {
            for (Abi to : Abi.ALL) {
                if (from != to) {
                    out.add(org.junit.jupiter.params.provider.Arguments.of(from, to));
                }
            }
        }
        return out.stream();
    }

    /**
     * Every cross-generation kexec: a different KHO compatible ("kho-v4" vs "kho-v3") disables KHO
     * revival (fresh start, sessions lost, no panic); the same KHO but another LUO FDT compatible
     * makes liveupdate_early_init() panic. Either way nothing is restored.
     */
    @ParameterizedTest
    @MethodSource("crossPairs")
    void crossGenerationKexecIsRefusedAsTheKernelsRefuseIt(Abi from, Abi to) {
        Machine m = boot(from);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        int s = p.createSession(dev, "cross");
        assertTrue(p.preserveMemfd(s, 1, "x".getBytes(StandardCharsets.US_ASCII)) >= 0);
        assertEquals(0, m.kexec(to));
        boolean sameKho = from.khoCompatible().equals(to.khoCompatible());
        if (sameKho) {
            assertTrue(m.kernel().panicked(), from + " -> " + to);
            assertTrue(m.kernel().log().contains("luo: FDT 'LUO' is incompatible with '" + to.luoCompatible() + "'"));
        } else {
            assertFalse(m.kernel().panicked(), from + " -> " + to);
            assertTrue(m.kernel().log().contains("is incompatible with '" + to.khoCompatible() + "'"));
            assertTrue(m.kernel().log().contains("KHO: disabling KHO revival"));
            Process q = new Process(m.kernel());
            assertEquals(-Errno.ENOENT, q.retrieveSession(q.open("/dev/liveupdate"), "cross"), "session lost");
        }
    }
}

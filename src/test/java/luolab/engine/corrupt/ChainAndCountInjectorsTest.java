package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.BIG;
import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertErrno;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.assertPanic;
import static luolab.engine.corrupt.CorruptTestSupport.handover;
import static luolab.engine.corrupt.CorruptTestSupport.incoming;
import static luolab.engine.corrupt.CorruptTestSupport.live;
import static luolab.engine.corrupt.CorruptTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** kernel-luo.md §4 and §7: chains and counts. Each test asserts the engine's restore path. */
class ChainAndCountInjectorsTest {
    static final String CORRUPTED = "luo: Block set is corrupted";

    // ---- cyclic-chain / self-loop ------------------------------------------------------------------

    @Test
    void cyclicSessionChainPanicsInEarlyBoot() {
        Outcome o = handover(BIG, "cyclic-chain", Params.of("set", "sessions", "from", "2", "to", "1"));
        assertPanic(o, -Errno.EINVAL, CORRUPTED);
        assertEquals(104, o.count(Outcome.Fate.LOST));
    }

    @Test
    void cyclicFileChainFailsOpenWithEioForever() {
        CorruptionRun run = start(BIG);
        run.serialize();
        assertTrue(run.inject("cyclic-chain", Params.of("set", "files:many")).ok());
        Outcome o = run.finishCycle();
        assertErrno(o, -Errno.EIO, Restorer.STEP_OPEN, CORRUPTED, "luo: Failed to deserialize files for session [many] -EINVAL");
        // the deserialization error is cached: every later open is -EIO too
        assertEquals(-Errno.EIO, new Process(run.machine().kernel()).open("/dev/liveupdate"));
    }

    @Test
    void cyclicChainWrittenBeforeSerializeSurvivesIt() {
        assertPanic(live(BIG, "cyclic-chain", Params.of("set", "sessions")), -Errno.EINVAL, CORRUPTED);
    }

    @Test
    void cyclicFileChainAfterTheJumpStillCounts() {
        assertErrno(incoming(BIG, "cyclic-chain", Params.of("set", "files:many", "from", "1", "to", "0")), -Errno.EIO,
                Restorer.STEP_OPEN, CORRUPTED);
    }

    @Test
    void sessionChainAfterTheJumpIsRefused() {
        CorruptionRun run = start(BIG);
        run.serialize();
        run.jump();
        String before = run.machine().memory().contentHash();
        CorruptionReport r = run.inject("cyclic-chain", Params.of("set", "sessions"));
        assertFalse(r.ok());
        assertTrue(r.error().contains("early boot"), r.error());
        assertEquals(before, run.machine().memory().contentHash());
    }

    @Test
    void cycleForwardIsRefused() {
        CorruptionRun run = start(BIG);
        run.serialize();
        CorruptionReport r = run.inject("cyclic-chain", Params.of("from", "0", "to", "2"));
        assertFalse(r.ok());
        assertTrue(r.writes().isEmpty());
    }

    @Test
    void selfLoopOnASingleBlockChain() {
        assertPanic(handover(DEMO, "self-loop", Params.none()), -Errno.EINVAL, CORRUPTED);
        assertErrno(handover(BIG, "self-loop", Params.of("set", "files:many", "block", "middle")), -Errno.EIO, Restorer.STEP_OPEN,
                CORRUPTED, "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    // ---- long-chain ------------------------------------------------------------------------------

    @Test
    void chainOf10001BlocksIsEnospcWithoutMessage() {
        Outcome o = handover(DEMO, "long-chain", Params.of("blocks", "10001"));
        assertPanic(o, -Errno.ENOSPC);
        assertFalse(o.log().contains(CORRUPTED), "Floyd's limit must not fire below 20001 blocks");
        assertTrue(o.log().stream().noneMatch(l -> l.startsWith("kho_block:")), () -> String.join("\n", o.log()));
    }

    @Test
    void chainOf20001BlocksTripsFloydsStepLimit() {
        assertPanic(handover(DEMO, "long-chain", Params.of("blocks", "20001")), -Errno.EINVAL, CORRUPTED);
    }

    @Test
    void chainOf20000BlocksIsStillEnospc() {
        assertPanic(handover(DEMO, "long-chain", Params.of("blocks", "20000")), -Errno.ENOSPC);
    }

    @Test
    void longFileChainFailsOpen() {
        assertErrno(handover(BIG, "long-chain", Params.of("set", "files:many", "blocks", "10001")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Failed to deserialize files for session [many] -ENOSPC");
    }

    @Test
    void longChainSaysHowMuchRamItNeeds() {
        CorruptionRun run = start(DEMO, 32L << 20, Trace.off());
        run.serialize();
        String before = run.machine().memory().contentHash();
        long free = run.machine().kernel().mm().buddy().freePages();
        CorruptionReport r = run.inject("long-chain", Params.of("blocks", "20001"));
        assertFalse(r.ok());
        assertTrue(r.error().contains("MiB"), r.error());
        assertEquals(before, run.machine().memory().contentHash(), "refused: memory untouched");
        assertEquals(free, run.machine().kernel().mm().buddy().freePages(), "borrowed pages given back");
    }

    // ---- chain-truncate ----------------------------------------------------------------------------

    @Test
    void truncatedSessionChainLosesLaterSessionsSilently() {
        Outcome o = handover(BIG, "chain-truncate", Params.of("set", "sessions", "block", "0"));
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION);
        assertEquals(51, o.count(Outcome.Fate.RESTORED));
        assertEquals(53, o.count(Outcome.Fate.LOST));
        assertTrue(o.log().stream().noneMatch(l -> l.contains("kho_block")), "no message: the chain just ends");
    }

    @Test
    void truncatedFileChainIsAFileCountMismatch() {
        assertErrno(handover(BIG, "chain-truncate", Params.of("set", "files:many", "block", "1")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: File count mismatch: expected 130, found 126", "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    @Test
    void truncatingBeforeSerializeCountsFullBlocks() {
        assertErrno(live(BIG, "chain-truncate", Params.of("set", "files:many")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: File count mismatch: expected 130, found 63");
    }

    // ---- counts ----------------------------------------------------------------------------------

    @Test
    void sessionBlockCountAboveCapacity() {
        assertPanic(handover(BIG, "count-over-capacity", Params.none()), -Errno.EINVAL,
                "luo: Block contains invalid entry count: 52");
        assertPanic(handover(BIG, "count-over-capacity", Params.of("block", "last", "value", "0xffffffffffffffff")), -Errno.EINVAL,
                "luo: Block contains invalid entry count: 18446744073709551615");
    }

    @Test
    void fileBlockCountAboveCapacity() {
        assertErrno(handover(BIG, "count-over-capacity", Params.of("set", "files:many")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Block contains invalid entry count: 64", "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    @Test
    void countWithinCapacityIsRefused() {
        CorruptionRun run = start(BIG);
        run.serialize();
        assertFalse(run.inject("count-over-capacity", Params.of("value", "51")).ok());
    }

    @Test
    void zeroCountBlockInTheMiddle() {
        assertPanic(handover(BIG, "zero-count-block", Params.none()), -Errno.EINVAL, "luo: Block contains invalid entry count: 0");
        assertErrno(handover(BIG, "zero-count-block", Params.of("set", "files:many")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Block contains invalid entry count: 0");
        assertErrno(incoming(BIG, "zero-count-block", Params.of("set", "files:many")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Block contains invalid entry count: 0");
    }

    @Test
    void fileCountMismatch() {
        assertErrno(handover(DEMO, "file-count-mismatch", Params.of("session", "alpha")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: File count mismatch: expected 3, found 2", "luo: Failed to deserialize files for session [alpha] -EINVAL");
        assertErrno(incoming(DEMO, "file-count-mismatch", Params.of("session", "beta", "value", "1")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: File count mismatch: expected 1, found 2");
    }

    @Test
    void fileSetDetachedIsOnlyAWarning() {
        Outcome o = handover(DEMO, "file-set-detached", Params.of("session", "beta"));
        // luo_file_deserialize() runs in the first open() of /dev/liveupdate: the WARN names the
        // restoring process (the new kernel's first), not init
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_FD,
                "WARNING: CPU: 0 PID: " + Kernel.FIRST_USER_PID + " at kernel/liveupdate/luo_file.c luo_file_deserialize");
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(0).fate());
        assertEquals(Outcome.Fate.DAMAGED, o.sessions().get(1).fate());
        assertTrue(o.sessions().get(1).files().stream().allMatch(f -> f.fate() == Outcome.Fate.LOST));
    }

    // ---- duplicate-name empty block (§7 edge case) -------------------------------------------------

    @Test
    void duplicateNameAtAFullBlockLeavesAnEmptyBlockAndPanicsNextBoot() {
        CorruptionRun run = start(DEMO);
        Machine m = run.machine();
        CorruptionReport r = run.inject("duplicate-name-empty-block", Params.of("sessions", "51"));
        assertTrue(r.ok(), r.error());
        assertTrue(r.description().endsWith("-EEXIST"), r.description());
        assertEquals(51, m.kernel().luo().sessions().outgoingCount());
        assertEquals(2, m.kernel().luo().sessions().outgoingBlocks().nblocks(), "the -EEXIST path did not shrink");
        assertTrue(r.writes().stream().anyMatch(w -> w.target().equals("kho_block_header_ser.next")), r::toString);
        Outcome o = run.finishCycle();
        assertPanic(o, -Errno.EINVAL, "luo: Block contains invalid entry count: 0");
    }

    @Test
    void duplicateNameBelowAFullBlockIsHarmless() {
        CorruptionRun run = start(DEMO.withExtraSessions(47));
        Process p = new Process(run.machine().kernel());
        int dev = p.open("/dev/liveupdate");
        assertEquals(-Errno.EEXIST, p.createSession(dev, "alpha"));
        p.close(dev);
        assertEquals(OutcomeKind.RESTORED, run.finishCycle().kind());
    }

    @Test
    void oneMoreSessionFillsTheEmptyBlock() {
        CorruptionRun run = start(DEMO);
        assertTrue(run.inject("duplicate-name-empty-block", Params.none()).ok());
        Process p = new Process(run.machine().kernel());
        int dev = p.open("/dev/liveupdate");
        assertTrue(p.createSession(dev, "fills-the-block") >= 0);
        p.close(dev);
        Outcome o = run.finishCycle();
        assertEquals(OutcomeKind.RESTORED, o.kind(), o::details);
    }

    @Test
    void duplicateNameNeedsAMultipleOf51AndAFreeDevice() {
        CorruptionRun run = start(DEMO);
        assertTrue(run.inject("duplicate-name-empty-block", Params.of("sessions", "52")).error().contains("multiple of 51"));
        Process holder = new Process(run.machine().kernel());
        assertTrue(holder.open("/dev/liveupdate") >= 0);
        CorruptionReport r = run.inject("duplicate-name-empty-block", Params.none());
        assertFalse(r.ok());
        assertTrue(r.error().contains("EBUSY"), r.error());
        run.serialize();
        assertTrue(run.inject("duplicate-name-empty-block", Params.none()).error().contains("cannot run"));
    }

    @Test
    void theOutcomeNamesWhatWasLostAndWhy() {
        Outcome o = handover(BIG, "count-over-capacity", Params.of("set", "files:many"));
        assertEquals("luo: Block contains invalid entry count: 64", o.reason());
        assertLog(o, "luo: Failed to deserialize files for session [many] -EINVAL");
        assertTrue(o.sessions().stream().allMatch(s -> s.fate() == Outcome.Fate.LOST && s.step().equals(Restorer.STEP_OPEN)));
    }
}

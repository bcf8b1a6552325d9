package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.BIG;
import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertErrno;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.assertPanic;
import static luolab.engine.corrupt.CorruptTestSupport.injectAndFinish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The catalog on the older generations (kernel-luo.md §1.3, §4; seed 002 luo_block.c): the
 * handover is found from bytes in each generation's layout and every outcome is that
 * generation's restore path. Each injection is checked against its own expectation too.
 */
class GenerationInjectorsTest {
    /** BIG within the pre-series limits: 104 sessions, "many" with 100 files (LUO_FILE_MAX is 128). */
    static final Scenario PRE_BIG = Scenario.demo().withExtraSessions(100).withManyFiles(100);

    static CorruptionRun start(Abi abi, Scenario sc) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
        sc.build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        return run;
    }

    static Outcome handover(Abi abi, Scenario sc, String injector, Params p) {
        return injectAndFinish(start(abi, sc), injector, p);
    }

    static CorruptionReport refused(Abi abi, Scenario sc, String injector, Params p) {
        CorruptionRun run = start(abi, sc);
        String before = run.machine().memory().contentHash();
        CorruptionReport r = run.inject(injector, p);
        assertFalse(r.ok(), () -> injector + " should be refused on " + abi + ": " + r);
        assertFalse(r.error().startsWith("internal error"), r.error());
        assertEquals(before, run.machine().memory().contentHash(), "refused: memory untouched");
        return r;
    }

    // ---- reading the handover from bytes ----------------------------------------------------------

    @Test
    void v2HandoverIsReadThroughTheLuoFdtAndItsTwoPageBlocks() {
        HandoverView v = HandoverReader.read(start(Abi.SEEDS_V2, BIG).machine(), Stage.HANDOVER);
        assertTrue(v.luoFdtPa() != 0 && v.luoSerPa() != 0);
        // 104 sessions at 102 per 2-page block; "many" has 130 files at 127 per block
        assertEquals(List.of(102L, 2L), v.sessionBlocks().stream().map(HandoverView.Block::count).toList());
        assertEquals(104, v.sessions().size());
        HandoverView.Session many = v.session("many");
        assertEquals(List.of(127L, 3L), many.fileBlocks().stream().map(HandoverView.Block::count).toList());
        assertEquals(130, many.files().size());
        assertEquals(0x1000, many.files().get(0).token());
        assertTrue(v.session("alpha").files().get(0).memfd() != null, "memfd_luo_ser found through the v2 file entry");
    }

    @Test
    void preSeriesHandoverIsReadAsOneSessionArrayAndFileArrays() {
        HandoverView v = HandoverReader.read(start(Abi.PRE_SERIES, PRE_BIG).machine(), Stage.HANDOVER);
        assertEquals(0, v.luoSerPa(), "no luo_ser before the series");
        assertEquals(1, v.sessionBlocks().size());
        assertEquals(104, v.sessionBlocks().get(0).count(), "the array's 8-byte header");
        assertEquals(v.sessionsPa(), v.sessionBlocks().get(0).pa());
        assertEquals(104, v.sessions().size());
        HandoverView.Session beta = v.session("beta");
        assertEquals(2, beta.files().size());
        assertEquals(0x2B, beta.files().get(1).token());
        assertEquals(100, v.session("many").files().size());
        assertEquals(beta.filesPa(), beta.files().get(0).entryPa(), "a file array has no header");
    }

    // ---- zero count: v7 rejects, v2 accepts --------------------------------------------------------

    @Test
    void zeroCountSessionBlockPanicsOnV7() {
        CorruptionRun run = CorruptTestSupport.start(BIG);
        assertTrue(run.serialize());
        assertPanic(injectAndFinish(run, "zero-count-block", Params.of("set", "sessions")), -Errno.EINVAL,
                "luo: Block contains invalid entry count: 0");
    }

    @Test
    void zeroCountSessionBlockIsAcceptedByV2AndItsSessionsAreLost() {
        Outcome o = handover(Abi.SEEDS_V2, BIG, "zero-count-block", Params.of("set", "sessions", "block", "last"));
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION + " 'extra-99'");
        assertFalse(o.logContains("entries"), "no count message: luo_block_restore only checks count > max");
        assertFalse(o.logContains("Kernel panic"));
        assertEquals(102, o.count(Outcome.Fate.RESTORED), o::details);
        assertEquals(2, o.count(Outcome.Fate.LOST), "the two sessions of the skipped block");
    }

    @Test
    void zeroCountFirstBlockIsSkippedOnV2() {
        // luo_block_it_read loops over empty blocks: the second block is still read
        Outcome o = handover(Abi.SEEDS_V2, BIG, "zero-count-block", Params.of("set", "sessions", "block", "first"));
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION + " 'alpha'");
        assertEquals(2, o.count(Outcome.Fate.RESTORED), o::details);
    }

    @Test
    void zeroCountFileBlockOnV2IsACountMismatch() {
        Outcome o = handover(Abi.SEEDS_V2, BIG, "zero-count-block", Params.of("set", "files:many", "block", "first"));
        assertErrno(o, -Errno.EIO, Restorer.STEP_OPEN, "luo: File count mismatch: expected 130, found 3",
                "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    // ---- v2 chains and counts ------------------------------------------------------------------

    @Test
    void cyclicV2SessionChainPanicsWithV2sMessage() {
        Outcome o = handover(Abi.SEEDS_V2, BIG, "cyclic-chain", Params.of("set", "sessions", "from", "1", "to", "0"));
        assertPanic(o, -Errno.EINVAL, "luo: Cyclic list detected");
        assertFalse(o.logContains("Block set is corrupted"), "that is v7's text");
    }

    @Test
    void selfLoopInV2FileChainFailsOpen() {
        assertErrno(handover(Abi.SEEDS_V2, BIG, "self-loop", Params.of("set", "files:many", "block", "first")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: Cyclic list detected", "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    @Test
    void overCapacityV2BlockIsTooManyEntries() {
        assertPanic(handover(Abi.SEEDS_V2, BIG, "count-over-capacity", Params.of("set", "sessions")), -Errno.EINVAL,
                "luo: Block contains too many entries: 103");
        assertErrno(handover(Abi.SEEDS_V2, BIG, "count-over-capacity", Params.of("set", "files:many", "block", "last")),
                -Errno.EIO, Restorer.STEP_OPEN, "luo: Block contains too many entries: 128",
                "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    @Test
    void v2ChainCutAndDanglingNext() {
        assertErrno(handover(Abi.SEEDS_V2, BIG, "chain-truncate", Params.of("set", "sessions")), -Errno.ENOENT,
                Restorer.STEP_RETRIEVE_SESSION);
        assertErrno(handover(Abi.SEEDS_V2, BIG, "chain-truncate", Params.of("set", "files:many", "block", "first")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: File count mismatch: expected 130, found 127");
        Outcome o = handover(Abi.SEEDS_V2, DEMO, "next-outside-ram", Params.none());
        assertEquals(OutcomeKind.PANIC, o.kind(), o::summary);
        assertLog(o, "Oops: Oops: 0000 [#1] SMP");
    }

    @Test
    void v2EntryInjectors() {
        assertErrno(handover(Abi.SEEDS_V2, DEMO, "file-compatible", Params.of("session", "beta")), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: No registered handler for compatible 'memfd-v1'");
        assertErrno(handover(Abi.SEEDS_V2, DEMO, "duplicate-session-name", Params.none()), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Failed to insert session [alpha] -EEXIST");
        assertErrno(handover(Abi.SEEDS_V2, DEMO, "file-count-mismatch", Params.of("session", "alpha")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: File count mismatch: expected 3, found 2");
        handover(Abi.SEEDS_V2, DEMO, "memfd-size", Params.none());
    }

    // ---- pre-series: arrays ------------------------------------------------------------------

    @Test
    void preSeriesSessionArrayCountAboveMaxPanics() {
        assertPanic(handover(Abi.PRE_SERIES, DEMO, "count-over-capacity", Params.of("set", "sessions")), -Errno.EINVAL,
                "luo: Invalid session count: 820");
    }

    @Test
    void preSeriesSessionArrayCountZeroLosesEverySession() {
        Outcome o = handover(Abi.PRE_SERIES, DEMO, "zero-count-block", Params.of("set", "sessions"));
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION + " 'alpha'");
        assertEquals(3, o.count(Outcome.Fate.LOST));
    }

    @Test
    void preSeriesFileArrayCounts() {
        // count 0: nothing is read and nothing notices; the files are simply not there
        assertErrno(handover(Abi.PRE_SERIES, DEMO, "zero-count-block", Params.of("set", "files:beta")), -Errno.ENOENT,
                Restorer.STEP_RETRIEVE_FD + " 'beta'");
        // 129 > LUO_FILE_MAX: 128 slots are read, the third is a zeroed entry; pre-series
        // luo_session_deserialize() ignores the error and both real files were listed before it
        Outcome over = handover(Abi.PRE_SERIES, DEMO, "count-over-capacity", Params.of("set", "files:beta"));
        assertEquals(OutcomeKind.RESTORED, over.kind(), over::summary);
        assertLog(over, "luo: No registered handler for compatible ''");
        assertTrue(over.logContains("at kernel/liveupdate/luo_file.c luo_file_set_destroy"), over::summary);
        assertFalse(over.logContains("Failed to deserialize files"), over::summary);
        assertErrno(handover(Abi.PRE_SERIES, DEMO, "file-count-mismatch", Params.of("session", "beta", "value", "1")),
                -Errno.ENOENT, Restorer.STEP_RETRIEVE_FD + " 'beta' 0x2b");
    }

    /**
     * A full pre-series file array (128 files) with a count above LUO_FILE_MAX: the pre-series
     * luo_file_deserialize() (torvalds luo_file.c @ b2135d1c) has no count check and reads entry
     * 128 on from the memory after the 2-page array; there is no "File count mismatch" line.
     */
    @Test
    void preSeriesFullFileArrayCountAboveMaxReadsPastTheArray() {
        Scenario full = Scenario.demo().withManyFiles(128);
        for (String value : List.of("129", "0xffffffffffffffff")) {
            Outcome o = handover(Abi.PRE_SERIES, full, "file-count-mismatch", Params.of("session", "many", "value", value));
            assertEquals(OutcomeKind.RESTORED, o.kind(), o::summary);
            assertFalse(o.logContains("File count mismatch"), o::summary);
            // the page after the array is free memory, poisoned with 0xaa: no handler has that compatible
            assertTrue(o.logContains("luo: No registered handler for compatible '\u00aa\u00aa"), o::summary);
            assertTrue(o.logContains("at kernel/liveupdate/luo_file.c luo_file_set_destroy"), o::summary);
            assertEquals(0, o.fileCount(Outcome.Fate.LOST), "every real file was read before entry 128");
        }
    }

    @Test
    void preSeriesEntryInjectors() {
        // torvalds luo_session.c @ 7f790dd2 drops luo_file_deserialize()'s result: open succeeds,
        // beta keeps 0x2a (read before the bad entry), 0x2b is not listed
        Outcome o = handover(Abi.PRE_SERIES, DEMO, "file-compatible", Params.of("session", "beta", "token", "0x2b"));
        assertErrno(o, -Errno.ENOENT, Restorer.STEP_RETRIEVE_FD + " 'beta' 0x2b",
                "luo: No registered handler for compatible 'memfd-v1'");
        assertTrue(o.logContains("at kernel/liveupdate/luo_file.c luo_file_set_destroy"), o::summary);
        assertFalse(o.logContains("Failed to deserialize files"), o::summary);
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(0).fate(), "alpha is read after nothing failed");
        assertEquals(Outcome.Fate.RESTORED, o.sessions().get(1).files().get(0).fate(), "beta 0x2a was listed before the error");
        // the other generations still stop at the first open
        assertErrno(handover(Abi.SEEDS_V2, DEMO, "file-compatible", Params.of("session", "beta", "token", "0x2b")), -Errno.EIO,
                Restorer.STEP_OPEN, "luo: Failed to deserialize files for session [beta] -ENOENT");
        assertErrno(handover(Abi.PRE_SERIES, DEMO, "duplicate-session-name", Params.none()), -Errno.EIO, Restorer.STEP_OPEN,
                "luo: Failed to insert session [alpha] -EEXIST");
        handover(Abi.PRE_SERIES, DEMO, "memfd-seals", Params.none());
    }

    @Test
    void linkInjectorsRefuseOnPreSeriesArrays() {
        for (String inj : List.of("cyclic-chain", "self-loop", "chain-truncate", "next-outside-ram", "next-unpreserved",
                "next-foreign", "long-chain")) {
            CorruptionReport r = refused(Abi.PRE_SERIES, PRE_BIG, inj, Params.none());
            assertTrue(r.error().contains("no linked blocks"), inj + ": " + r.error());
        }
        assertTrue(refused(Abi.PRE_SERIES, DEMO, "flbs-pa", Params.none()).error().contains("no luo_ser"));
    }

    @Test
    void rawBlobInjectorsRefuseOnTheFdtEra() {
        for (Abi abi : List.of(Abi.SEEDS_V2, Abi.PRE_SERIES)) {
            for (String inj : List.of("luo-compatible", "luo-blob-size", "luo-preserved-data")) {
                assertTrue(refused(abi, DEMO, inj, Params.none()).error().contains("LUO FDT"), inj);
            }
        }
    }
}

package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.BIG;
import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertErrno;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.assertPanic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtReader;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * The KHO FDT injectors, next-unpreserved's scratch target and the raw writes on every generation:
 * each run's outcome must match the injector's stated expectation, and both must match the kernel
 * fact written out here (kho_populate's messages and libfdt's error numbers, kernel-luo.md §2;
 * seed 002 luo_block.c for v2's blocks; seed 003 for v2's luo_ser; §3.5 for v7's).
 */
class GenerationKhoRawInjectorsTest {
    static final List<Abi> OLDER = List.of(Abi.SEEDS_V2, Abi.PRE_SERIES);
    /** libfdt.h: FDT_ERR_TRUNCATED 8, FDT_ERR_BADMAGIC 9, FDT_ERR_BADVERSION 10 (returned negated). */
    static final int TRUNCATED = -8;
    static final int BADMAGIC = -9;
    static final int BADVERSION = -10;

    record Run(CorruptionReport report, Outcome outcome) {
    }

    static CorruptionRun live(Abi abi, Scenario sc) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
        sc.build(m);
        return CorruptionRun.begin(m);
    }

    /** Injects, finishes the cycle and checks the outcome against the injector's own expectation. */
    static Run inject(CorruptionRun run, String injector, Params p) {
        CorruptionReport r = run.inject(injector, p);
        assertTrue(r.ok(), () -> injector + ": " + r.error());
        Outcome o = run.finishCycle();
        assertNull(r.expected().mismatch(o), () -> r + "\nactual: " + o.details() + "\nlog:\n  " + String.join("\n  ", o.log()));
        return new Run(r, o);
    }

    static HandoverView view(CorruptionRun run) {
        return HandoverReader.read(run.machine(), Stage.HANDOVER);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** kho_populate(): "setup: handover FDT (0x%llx) is invalid: %d" then "disabling KHO revival" (kernel-luo.md §2). */
    static void assertKhoInvalid(Run r, long fdtPa, int err) {
        assertEquals(OutcomeKind.KHO_DISABLED, r.report().expected().kind(), r.report()::toString);
        assertEquals(OutcomeKind.KHO_DISABLED, r.outcome().kind(), r.outcome()::summary);
        assertLog(r.outcome(), "KHO: setup: handover FDT (" + hex(fdtPa) + ") is invalid: " + err, "KHO: disabling KHO revival");
        assertFalse(r.outcome().logContains("Kernel panic"));
        assertEquals(0, r.outcome().count(Outcome.Fate.RESTORED), "KHO revival off: LUO sees no \"LUO\" subtree, every session is lost");
    }

    /**
     * {@code injector}, with parameters made from the KHO FDT's PA, on a serialized {@code abi}
     * handover: kho_populate's fdt_check_header() returns {@code err}.
     */
    static void assertHeaderRejected(Abi abi, String injector, java.util.function.LongFunction<Params> params, int err) {
        CorruptionRun run = GenerationInjectorsTest.start(abi, DEMO);
        long fdt = view(run).fdtPa();
        assertKhoInvalid(inject(run, injector, params.apply(fdt)), fdt, err);
    }

    // ---- kho-compatible ----------------------------------------------------------------------------

    @Test
    void khoCompatibleWritesAnotherGenerationsStringAndKhoRefusesIt() {
        for (Abi abi : Abi.ALL) {
            CorruptionRun run = GenerationInjectorsTest.start(abi, DEMO);
            long fdt = view(run).fdtPa();
            Run r = inject(run, "kho-compatible", Params.none());
            // v7 07/13 bumped KHO_FDT_COMPATIBLE "kho-v3" → "kho-v4" (kernel-luo.md §1.2)
            String written = abi == Abi.V7 ? "kho-v3" : "kho-v4";
            assertTrue(r.report().description().endsWith("→ '" + written + "'"), r.report().description());
            assertEquals(OutcomeKind.KHO_DISABLED, r.report().expected().kind(), abi + ": " + r.report());
            assertEquals(OutcomeKind.KHO_DISABLED, r.outcome().kind(), abi + ": " + r.outcome().summary());
            // fdt_node_check_compatible() returns 1 for a compatible that is present but different
            String own = abi == Abi.V7 ? "kho-v4" : "kho-v3";
            assertLog(r.outcome(), "KHO: setup: handover FDT (" + hex(fdt) + ") is incompatible with '" + own + "': 1",
                    "KHO: disabling KHO revival");
            assertEquals(3, r.outcome().count(Outcome.Fate.LOST), abi.id());
        }
    }

    @Test
    void khoCompatibleWithTheGenerationsOwnStringChangesNothing() {
        for (Abi abi : OLDER) {
            Run r = inject(GenerationInjectorsTest.start(abi, DEMO), "kho-compatible", Params.of("value", "kho-v3"));
            assertEquals(OutcomeKind.RESTORED, r.report().expected().kind());
            assertEquals(OutcomeKind.RESTORED, r.outcome().kind(), r.outcome()::details);
            assertLog(r.outcome(), "KHO: found kexec handover data.");
        }
    }

    // ---- fdt-magic, fdt-truncate -------------------------------------------------------------------

    @Test
    void fdtMagicIsBadMagicOnTheOlderGenerationsBeforeAndAfterSerialize() {
        for (Abi abi : OLDER) {
            assertHeaderRejected(abi, "fdt-magic", fdt -> Params.none(), BADMAGIC);
            CorruptionRun live = live(abi, DEMO);
            long liveFdt = live.machine().kernel().kho().fdtPa();
            assertKhoInvalid(inject(live, "fdt-magic", Params.none()), liveFdt, BADMAGIC);
        }
    }

    @Test
    void fdtTruncateBelowTheBlocksIsTruncatedOnTheOlderGenerations() {
        for (Abi abi : OLDER) {
            assertHeaderRejected(abi, "fdt-truncate", fdt -> Params.none(), TRUNCATED);
        }
    }

    /**
     * fdt_check_header() only needs the blocks inside totalsize; the strings block ends last in
     * the KHO FDT. One byte short is truncated, the exact end is a valid FDT.
     */
    @Test
    void fdtTruncateIsRefusedWhileTotalsizeStillCoversTheBlocks() {
        for (Abi abi : Abi.ALL) {
            CorruptionRun probe = GenerationInjectorsTest.start(abi, DEMO);
            byte[] hdr = probe.machine().memory().read(view(probe).fdtPa(), 40);
            long stringsEnd = FdtBytes.be32(hdr, 12) + FdtBytes.be32(hdr, 32);
            long structEnd = FdtBytes.be32(hdr, 8) + FdtBytes.be32(hdr, 36);
            assertTrue(stringsEnd > structEnd && stringsEnd < 4096, abi + ": " + stringsEnd);
            CorruptionReport refused = GenerationInjectorsTest.refused(abi, DEMO, "fdt-truncate", Params.of("totalsize", "" + stringsEnd));
            assertTrue(refused.error().contains("still covers every block"), refused.error());
            assertHeaderRejected(abi, "fdt-truncate", fdt -> Params.of("totalsize", "" + (stringsEnd - 1)), TRUNCATED);
        }
    }

    // ---- next-unpreserved, target=scratch ------------------------------------------------------------

    /**
     * The first scratch page reads zeros: a block {next 0, count 0}. v2's luo_block_restore only
     * rejects count > count_per_block (seed 002), luo_block_it_read skips the empty block, and
     * luo_block_destroy's kho_restore_free() of a page that was never preserved only WARNs.
     */
    @Test
    void scratchBlockAfterTheLastOneIsAcceptedByV2() {
        CorruptionRun run = GenerationInjectorsTest.start(Abi.SEEDS_V2, BIG);
        long scratch = run.machine().kernel().scratch().get(0).addr();
        Run r = inject(run, "next-unpreserved", Params.of("target", "scratch"));
        assertEquals(OutcomeKind.RESTORED, r.report().expected().kind(), r.report()::toString);
        assertEquals(OutcomeKind.RESTORED, r.outcome().kind(), r.outcome()::details);
        assertEquals(104, r.outcome().count(Outcome.Fate.RESTORED));
        assertEquals(134, r.outcome().fileCount(Outcome.Fate.RESTORED));
        assertTrue(r.outcome().log().contains("WARNING: CPU: 0 PID: " + Kernel.FIRST_USER_PID + " at kernel/liveupdate/kexec_handover.c kho_restore_free"),
                () -> String.join("\n", r.outcome().log()));
        assertTrue(run.machine().kernel().log().lines().stream().anyMatch(l -> l.isNote() && l.text().contains(hex(scratch))),
                "the lab note names the page that could not be restored");
        assertFalse(r.outcome().logContains("Block contains"), "v2 has no zero-count check");
    }

    @Test
    void scratchBlockAfterAnInnerBlockCutsTheV2Chain() {
        Run sessions = inject(GenerationInjectorsTest.start(Abi.SEEDS_V2, BIG), "next-unpreserved",
                Params.of("target", "scratch", "block", "first"));
        assertErrno(sessions.outcome(), -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION);
        assertEquals(102, sessions.outcome().count(Outcome.Fate.RESTORED), "the first 2-page block holds 102 sessions");
        Run files = inject(GenerationInjectorsTest.start(Abi.SEEDS_V2, BIG), "next-unpreserved",
                Params.of("set", "files:many", "target", "scratch", "block", "first"));
        assertErrno(files.outcome(), -Errno.EIO, Restorer.STEP_OPEN, "luo: File count mismatch: expected 130, found 127",
                "luo: Failed to deserialize files for session [many] -EINVAL");
    }

    @Test
    void scratchBlockIsAZeroCountPanicOnV7() {
        Run r = inject(GenerationInjectorsTest.start(Abi.V7, BIG), "next-unpreserved", Params.of("target", "scratch"));
        assertPanic(r.outcome(), -Errno.EINVAL, "luo: Block contains invalid entry count: 0");
    }

    // ---- raw writes --------------------------------------------------------------------------------

    @Test
    void rawWritesIntoTheKhoFdtHeaderFailFdtCheckHeaderOnTheOlderGenerations() {
        for (Abi abi : OLDER) {
            // 0xd0 → 0xd1: not FDT_MAGIC
            assertHeaderRejected(abi, "bit-flip", fdt -> Params.of("pa", hex(fdt), "bit", "0"), BADMAGIC);
            assertHeaderRejected(abi, "write-bytes", fdt -> Params.of("pa", hex(fdt + 4), "bytes", "00 00 00 00"), TRUNCATED);
            assertHeaderRejected(abi, "write-bytes", fdt -> Params.of("pa", hex(fdt + 20), "bytes", "00 00 00 01"), BADVERSION);
        }
    }

    /** v7's luo_ser opens with the compatible luo_early_startup() strncmp()s (kernel-luo.md §3.5). */
    @Test
    void rawWriteOverV7LuoSerStartIsAnIncompatibleLuoState() {
        CorruptionRun run = GenerationInjectorsTest.start(Abi.V7, DEMO);
        long ser = view(run).luoSerPa();
        Run r = inject(run, "write-u64", Params.of("pa", hex(ser), "value", "41"));
        assertEquals(OutcomeKind.PANIC, r.report().expected().kind());
        assertPanic(r.outcome(), -Errno.EINVAL, "luo: LUO state is incompatible with 'luo-v5'");
        // "luo-v5\0\0": strncmp() stops at the NUL, the last byte is never compared
        CorruptionRun tail = GenerationInjectorsTest.start(Abi.V7, DEMO);
        Run t = inject(tail, "bit-flip", Params.of("pa", hex(view(tail).luoSerPa() + 7), "bit", "3"));
        assertEquals(OutcomeKind.RESTORED, t.outcome().kind(), t.outcome()::details);
    }

    /**
     * Series v2's 24-byte luo_ser has no compatible: its first u64 is liveupdate_num, which
     * luo_early_startup() only prints (seed 003). Pre-series keeps the number in the LUO FDT's
     * liveupdate-number property, read the same way.
     */
    @Test
    void rawWriteOverTheOlderGenerationsLiveUpdateNumberIsOnlyPrinted() {
        CorruptionRun v2 = GenerationInjectorsTest.start(Abi.SEEDS_V2, DEMO);
        Run r = inject(v2, "write-u64", Params.of("pa", hex(view(v2).luoSerPa()), "value", "41"));
        assertLiveUpdateNumber(r, 41);

        CorruptionRun pre = GenerationInjectorsTest.start(Abi.PRE_SERIES, DEMO);
        long fdt = view(pre).luoFdtPa();
        var root = FdtReader.parse(pre.machine().memory().read(fdt, PhysicalMemory.PAGE_SIZE)).tree().orElseThrow().root();
        long prop = fdt + root.propertyValueOffset("liveupdate-number").orElseThrow();
        assertLiveUpdateNumber(inject(pre, "write-u64", Params.of("pa", hex(prop), "value", "0x2a")), 42);
    }

    static void assertLiveUpdateNumber(Run r, long n) {
        assertEquals(OutcomeKind.RESTORED, r.report().expected().kind(), r.report()::toString);
        assertEquals(OutcomeKind.RESTORED, r.outcome().kind(), r.outcome()::details);
        assertLog(r.outcome(), "luo: Retrieved live update data, liveupdate number: " + n);
        assertEquals(3, r.outcome().count(Outcome.Fate.RESTORED));
    }

    /** The count word of block 1 := 0: v7 rejects it, v2 skips the block (seed 002), pre-series has no blocks. */
    @Test
    void rawZeroCountFollowsEachGenerationsBlockRule() {
        CorruptionRun v7 = GenerationInjectorsTest.start(Abi.V7, BIG);
        long v7Block = view(v7).sessionBlocks().get(1).pa();
        assertPanic(inject(v7, "write-u64", Params.of("pa", hex(v7Block + 8), "value", "0")).outcome(), -Errno.EINVAL,
                "luo: Block contains invalid entry count: 0");

        CorruptionRun v2 = GenerationInjectorsTest.start(Abi.SEEDS_V2, BIG);
        long v2Block = view(v2).sessionBlocks().get(1).pa();
        Run skipped = inject(v2, "write-u64", Params.of("pa", hex(v2Block + 8), "value", "0"));
        assertEquals(OutcomeKind.ERRNO, skipped.report().expected().kind());
        assertErrno(skipped.outcome(), -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION);
        assertEquals(2, skipped.outcome().count(Outcome.Fate.LOST), "the second block's two sessions");
        assertFalse(skipped.outcome().logContains("Kernel panic"));

        CorruptionRun over = GenerationInjectorsTest.start(Abi.SEEDS_V2, BIG);
        long overBlock = view(over).sessionBlocks().get(1).pa();
        assertPanic(inject(over, "write-u64", Params.of("pa", hex(overBlock + 8), "value", "103")).outcome(), -Errno.EINVAL,
                "luo: Block contains too many entries: 103");
    }

    @Test
    void rawWritesOverThePreSeriesSessionArrayCount() {
        CorruptionRun zero = GenerationInjectorsTest.start(Abi.PRE_SERIES, DEMO);
        Run r = inject(zero, "write-u64", Params.of("pa", hex(view(zero).sessionsPa()), "value", "0"));
        assertErrno(r.outcome(), -Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION + " 'alpha'");
        assertEquals(3, r.outcome().count(Outcome.Fate.LOST));
        CorruptionRun big = GenerationInjectorsTest.start(Abi.PRE_SERIES, DEMO);
        // LUO_SESSION_MAX = (16 * 4096 - 8) / 80 = 819 (kernel-luo.md §1.3)
        assertPanic(inject(big, "write-u64", Params.of("pa", hex(view(big).sessionsPa()), "value", "820")).outcome(), -Errno.EINVAL,
                "luo: Invalid session count: 820");
    }

    /**
     * Random values over every word whose meaning the raw injectors claim to know (KHO FDT header
     * fields, the first two u64s of luo_ser or the pre-series live update number, block and array
     * counts): whenever an injector states an outcome, the next kernel must produce it.
     */
    @Test
    void rawWritesOnCheckedWordsEndAsStated() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2026);
        for (Abi abi : Abi.ALL) {
            int stated = 0;
            for (int i = 0; i < 40; i++) {
                CorruptionRun run = GenerationInjectorsTest.start(abi, abi == Abi.PRE_SERIES ? GenerationInjectorsTest.PRE_BIG : BIG);
                HandoverView v = view(run);
                List<Long> words = new java.util.ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    words.add(v.fdtPa() + 4L * k);
                }
                if (v.luoSerPa() != 0) {
                    words.add(v.luoSerPa());
                    words.add(v.luoSerPa() + 8);
                }
                v.sessionBlocks().forEach(b -> words.add(b.pa() + (v.geometry().linked() ? 8 : 0)));
                v.sessions().forEach(s -> s.fileBlocks().forEach(b -> words.add(b.pa() + 8)));
                long pa = words.get(rnd.nextInt(words.size()));
                boolean fdtWord = pa < v.fdtPa() + 40 && pa >= v.fdtPa();
                long value = switch (rnd.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> 1 + rnd.nextInt(130);
                    case 2 -> rnd.nextLong();
                    case 3 -> fdtWord ? 0x11 : 820;
                    default -> -1L;
                };
                Params p = fdtWord ? Params.of("pa", hex(pa), "bytes", String.format("%08x", value & 0xFFFFFFFFL))
                        : Params.of("pa", hex(pa), "value", hex(value));
                Run r = inject(run, fdtWord ? "write-bytes" : "write-u64", p);
                stated += r.report().expected().kind() == OutcomeKind.DEPENDS ? 0 : 1;
            }
            assertTrue(stated >= 20, abi + ": only " + stated + " of 40 writes had a stated outcome");
        }
    }

    @Test
    void rawWriteOfTheBytesAlreadyThereChangesNothing() {
        for (Abi abi : Abi.ALL) {
            CorruptionRun run = GenerationInjectorsTest.start(abi, DEMO);
            long fdt = view(run).fdtPa();
            String same = java.util.HexFormat.ofDelimiter(" ").formatHex(run.machine().memory().read(fdt, 8));
            Run r = inject(run, "write-bytes", Params.of("pa", hex(fdt), "bytes", same));
            assertEquals(OutcomeKind.RESTORED, r.report().expected().kind());
            assertEquals(3, r.outcome().count(Outcome.Fate.RESTORED), abi.id());
        }
    }
}

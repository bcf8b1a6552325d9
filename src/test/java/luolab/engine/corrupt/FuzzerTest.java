package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import org.junit.jupiter.api.Test;

/** The fuzzer's check of every case against the expectation its one mutation stated. */
class FuzzerTest {
    private static CorruptionReport applied(String name, ExpectedOutcome e) {
        return new CorruptionReport(name, Stage.HANDOVER, "x=1", true, null, "test write", List.of(), e, List.of());
    }

    private static Outcome outcome(OutcomeKind kind, int errno, String step, String panic, String... log) {
        return new Outcome(kind, errno, step, panic, null, List.of(), List.of(log));
    }

    /** As the Restorer makes it: a hang has no panic message, its stop text is the lab's reason, and so is the reason. */
    private static Outcome hangOutcome(String why) {
        return new Outcome(OutcomeKind.HANG, 0, Restorer.STEP_BOOT, why, why, List.of(), List.of());
    }

    private static final Outcome CYCLE_PANIC = outcome(OutcomeKind.PANIC, 0, Restorer.STEP_BOOT,
            "The incoming tree failed to initialize properly [-EINVAL], disabling live update", "luo: Block set is corrupted");

    @Test
    void aDefiniteExpectationIsComparedWithTheSameMismatchTheInjectorTestsUse() {
        ExpectedOutcome right = ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: Block set is corrupted");
        Fuzzer.Check ok = Fuzzer.check(List.of(applied("cyclic-chain", right)), CYCLE_PANIC);
        assertEquals(Fuzzer.Verdict.AGREE, ok.verdict());
        assertEquals("cyclic-chain", ok.injector());
        assertNull(ok.why());

        // the right kind but a log line the kernel did not print
        ExpectedOutcome wrongLine = ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: Cyclic list detected");
        Fuzzer.Check bad = Fuzzer.check(List.of(applied("cyclic-chain", wrongLine)), CYCLE_PANIC);
        assertEquals(Fuzzer.Verdict.DISAGREE, bad.verdict());
        assertEquals(wrongLine.mismatch(CYCLE_PANIC), bad.why());
        assertEquals(wrongLine.summary(), bad.expected());
        assertEquals(CYCLE_PANIC.summary(), bad.actual());
        assertEquals(Stage.HANDOVER, bad.stage());
        assertEquals("x=1", bad.params());

        // the right kind, the wrong errno
        ExpectedOutcome wrongErrno = ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_OPEN);
        Outcome eio = outcome(OutcomeKind.ERRNO, -Errno.EIO, Restorer.STEP_OPEN, null);
        assertEquals(Fuzzer.Verdict.DISAGREE, Fuzzer.check(List.of(applied("file-compatible", wrongErrno)), eio).verdict());
        assertEquals(Fuzzer.Verdict.AGREE,
                Fuzzer.check(List.of(applied("file-compatible", ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN))), eio).verdict());
    }

    /** A boot that hangs is its own outcome: a hang never agrees with a panic, nor a panic with a hang. */
    @Test
    void aHangIsNotAPanicInTheComparison() {
        String why = luolab.engine.machine.Kernel.HANG_RADIX_WALK;
        Outcome hang = hangOutcome(why);
        Outcome panic = outcome(OutcomeKind.PANIC, 0, Restorer.STEP_BOOT, why);
        ExpectedOutcome expectHang = ExpectedOutcome.hang(why);
        assertEquals(Fuzzer.Verdict.AGREE, Fuzzer.check(List.of(applied("radix-cycle", expectHang)), hang).verdict());
        Fuzzer.Check asPanic = Fuzzer.check(List.of(applied("radix-cycle", expectHang)), panic);
        assertEquals(Fuzzer.Verdict.DISAGREE, asPanic.verdict());
        assertTrue(asPanic.why().startsWith("expected hang, got panic: " + why), asPanic.why());
        Fuzzer.Check oldWay = Fuzzer.check(List.of(applied("radix-cycle", ExpectedOutcome.panic(why))), hang);
        assertEquals(Fuzzer.Verdict.DISAGREE, oldWay.verdict());
        assertTrue(oldWay.why().startsWith("expected panic, got hang: " + why), oldWay.why());
        assertEquals("hang: " + why, hang.key(), "counted apart from every panic");
        assertEquals("hang: \"" + why + "\"", expectHang.summary());
    }

    @Test
    void aFewSeedsFindNoDisagreement() {
        for (long seed : new long[] {2, 3, 4}) {
            Fuzzer.Result r = new Fuzzer(seed).run(150);
            assertEquals(0, r.totals().disagree(), r::report);
            assertEquals(0, r.byKind().getOrDefault(OutcomeKind.JAVA_EXCEPTION, 0), r::report);
        }
    }

    @Test
    void rawWritesCountUnderTheirCatalogName() {
        Fuzzer.Check c = Fuzzer.check(List.of(applied("write-u64@session_block", ExpectedOutcome.restored("same bytes"))), CYCLE_PANIC);
        assertEquals(Fuzzer.Verdict.DISAGREE, c.verdict());
        assertEquals("write-u64", c.injector());
        assertEquals("write-u64@session_block", c.label());
    }

    @Test
    void noDefiniteExpectation() {
        assertEquals(Fuzzer.Verdict.NONE,
                Fuzzer.check(List.of(applied("bit-flip", ExpectedOutcome.depends("radix node"))), CYCLE_PANIC).verdict());
        Fuzzer.Check two = Fuzzer.check(List.of(applied("self-loop", ExpectedOutcome.restored("")),
                applied("bit-flip", ExpectedOutcome.restored(""))), CYCLE_PANIC);
        assertEquals(Fuzzer.Verdict.NONE, two.verdict());
        assertEquals(Fuzzer.COMBINED, two.injector());
        assertEquals(Fuzzer.NOTHING_APPLIED, Fuzzer.check(List.of(), CYCLE_PANIC).injector());
    }

    @Test
    void aRunCountsEveryCaseOnceAndFindsNoDisagreement() {
        int n = 300;
        Fuzzer.Result r = new Fuzzer(5).run(n);
        Fuzzer.Tally t = r.totals();
        assertEquals(n, t.agree() + t.disagree() + t.none(), r::report);
        int agree = 0;
        int disagree = 0;
        int none = 0;
        for (Map.Entry<String, Fuzzer.Tally> e : r.checks().entrySet()) {
            agree += e.getValue().agree();
            disagree += e.getValue().disagree();
            none += e.getValue().none();
        }
        assertEquals(t, new Fuzzer.Tally(agree, disagree, none));
        assertTrue(t.agree() > 0, r::report);
        assertEquals(0, t.disagree(), r::report);
        assertFalse(r.hasDisagreements());
        assertTrue(r.report().contains(String.format("expectations: %d agree, 0 disagree, %d without a definite expectation", t.agree(),
                t.none())), r::report);
    }

    @Test
    void theReportListsADisagreementWithWhatRerunsIt() {
        Fuzzer.Check bad = Fuzzer.check(List.of(applied("cyclic-chain",
                ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: Cyclic list detected"))), CYCLE_PANIC);
        Fuzzer.Result r = new Fuzzer.Result(1, 1, Map.of(), Map.of(), null, 1, List.of(), Map.of(),
                Map.of("cyclic-chain", new Fuzzer.Tally(0, 1, 0)), new Fuzzer.Tally(0, 1, 0),
                List.of(new Fuzzer.Disagreement(17, -42, "1 sessions, 0 files", bad)));
        assertTrue(r.hasDisagreements());
        String text = r.report();
        assertTrue(text.contains("expectations: 0 agree, 1 disagree, 0 without a definite expectation"), text);
        assertTrue(text.contains("        0        1     0  cyclic-chain"), text);
        assertTrue(text.contains("case 17, case seed -42 (1 sessions, 0 files): cyclic-chain x=1 at " + Stage.HANDOVER.label()), text);
        assertTrue(text.contains("expected: " + bad.expected()), text);
        assertTrue(text.contains("actual:   " + CYCLE_PANIC.summary()), text);
        assertTrue(text.contains("log line missing: 'luo: Cyclic list detected'"), text);
    }

    /**
     * Cases of {@code luolab fuzz --seed 1} (v7) where next-foreign aimed at the kexec metadata
     * and the engine disagreed with the expected wild-pointer oops: the engine had freed the
     * metadata page at boot and the new kernel reused it, whereas kho_in_kexec_metadata() only
     * copies the fields out and leaves the page reserved.
     */
    @Test
    void nextForeignAtTheKexecMetadataReadsTheOldMetadata() {
        for (long seed : new long[] {7911738169254356316L, 4463247711957166389L, 3106874473139371253L}) {
            Fuzzer.CaseResult c = new Fuzzer(1).runCase(seed);
            assertEquals("next-foreign", c.check().injector(), c.mutations()::toString);
            assertEquals(Fuzzer.Verdict.AGREE, c.check().verdict(), () -> c.check().toString());
        }
    }

    /**
     * Cases of {@code luolab fuzz --seed 1} (v7) where next-foreign pointed a file block at luo_ser.
     * luo_early_startup() frees luo_ser at early_initcall and file chains are read only at the first
     * open, after kho_init() and the late initcalls have allocated: the page may be reused (here it
     * is, and reads as an empty block), so the expectation is "depends", not the wild-pointer oops
     * that the bytes of luo_ser would give.
     */
    @Test
    void nextForeignFromAFileBlockAtLuoSerReadsAFreedPage() {
        for (long seed : new long[] {7471184369731499294L, 6584429894390598423L, 5783895584111902571L}) {
            Fuzzer.CaseResult c = new Fuzzer(1).runCase(seed);
            assertEquals("next-foreign", c.check().injector(), c.mutations()::toString);
            assertTrue(c.mutations().toString().contains("target=luo-ser"), c.mutations()::toString);
            assertEquals(Fuzzer.Verdict.NONE, c.check().verdict(), () -> c.check().toString());
            assertTrue(c.outcome().summary().contains("Block contains invalid entry count: 0"), c.outcome().summary());
        }
    }

    /**
     * The fuzzer's radix loop (the empty slots of a table on the walk's first path pointing back at
     * the root) makes the next boot hang, and the run counts those hangs on their own: by kind, in
     * the report's "hangs:" line and under their own outcome key, never among the panics.
     */
    @Test
    void radixLoopsHangTheNextBootAndAreCountedApartFromThePanics() {
        Fuzzer.Result r = new Fuzzer(1).mutations(java.util.EnumSet.of(Fuzzer.Mutation.RADIX_CYCLE)).run(6);
        assertTrue(r.hangs() >= 2, r::report);
        assertEquals(r.hangs(), r.counts().getOrDefault("hang: " + luolab.engine.machine.Kernel.HANG_RADIX_WALK, 0), r::report);
        assertEquals(0, r.byKind().getOrDefault(OutcomeKind.PANIC, 0), r::report);
        assertTrue(r.counts().keySet().stream().noneMatch(k -> k.startsWith("panic:")), r::report);
        assertTrue(r.report().contains("\nhangs: " + r.hangs() + " (boots that never finish, not counted as panics)\n"), r::report);
        // the root looping on itself has radix-cycle's definite expectation, and the hang agrees with it
        Fuzzer.Tally t = r.checks().get("radix-cycle");
        assertTrue(t != null && t.agree() >= 1, r::report);
        assertEquals(0, t.disagree(), r::report);
    }

    /**
     * In the default mix a radix loop is one case in {@link Fuzzer#RADIX_CYCLE_ONE_IN}, drawn apart from the
     * other mutations: case 351 of {@code luolab fuzz --seed 1} is one, and its boot hangs; the
     * recorded case seeds above still rerun the cases they name.
     */
    @Test
    void theDefaultMixHasRareRadixLoopsThatHang() {
        Fuzzer.CaseResult c = new Fuzzer(1).runCase(Fuzzer.caseSeed(1, 351));
        assertEquals(List.of("radix-cycle level=4"), c.mutations());
        assertEquals(OutcomeKind.HANG, c.outcome().kind(), c.outcome()::details);
        assertEquals("hang: " + luolab.engine.machine.Kernel.HANG_RADIX_WALK, c.key());
        Fuzzer.CaseResult plain = new Fuzzer(1).runCase(Fuzzer.caseSeed(1, 350));
        assertTrue(plain.mutations().stream().noneMatch(m -> m.startsWith("radix-cycle")), plain.mutations()::toString);
        Fuzzer.CaseResult none = new Fuzzer(1).mutations(java.util.EnumSet.of(Fuzzer.Mutation.BIT_FLIP, Fuzzer.Mutation.U64,
                Fuzzer.Mutation.PA, Fuzzer.Mutation.INJECTOR)).runCase(Fuzzer.caseSeed(1, 351));
        assertTrue(none.mutations().stream().noneMatch(m -> m.startsWith("radix-cycle")), "not without the kind: " + none.mutations());
    }
}

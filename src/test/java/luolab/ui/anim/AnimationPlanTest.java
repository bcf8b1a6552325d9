package luolab.ui.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.trace.TraceEvent;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Test;

/** The pure part: which events become which beats, aggregation, durations at 1×, sticky marks. */
class AnimationPlanTest {

    private static AnimationPlan plan(LoadedRun r) {
        return AnimationPlan.build(r.events());
    }

    private static void assertCoversAllEvents(AnimationPlan p) {
        assertFalse(p.beats().isEmpty());
        assertEquals(0, p.beat(0).from());
        for (int i = 0; i < p.size(); i++) {
            Beat b = p.beat(i);
            assertTrue(b.from() < b.to(), "beat " + i + " covers no event: " + b);
            assertTrue(b.key() >= b.from() && b.key() < b.to(), "key outside its beat: " + b);
            assertTrue(b.duration() >= 0, "negative duration: " + b);
            if (i + 1 < p.size()) {
                assertEquals(b.to(), p.beat(i + 1).from(), "gap or overlap after beat " + i);
            }
        }
        assertEquals(p.events(), p.beat(p.size() - 1).to());
    }

    @Test
    void beatsCoverEveryEventInOrder() {
        for (LoadedRun r : List.of(AnimRuns.lesson("08-cyclic-chain-floyd"), AnimRuns.builtin("selftest-luo-kexec-simple"),
                AnimRuns.lesson("12-panic-on-restore"), AnimRuns.lesson("09-bad-counts"))) {
            AnimationPlan p = plan(r);
            assertCoversAllEvents(p);
            assertEquals(r.events().size(), p.events(), r.title());
        }
    }

    @Test
    void theTimeMapGoesBothWays() {
        AnimationPlan p = plan(AnimRuns.lesson("08-cyclic-chain-floyd"));
        int last = 0;
        for (double t = 0; t <= p.totalSeconds() + 0.5; t += 0.01) {
            int pos = p.positionAt(t);
            assertTrue(pos >= last, "position went back at t=" + t);
            last = pos;
        }
        assertEquals(p.events(), p.positionAt(p.totalSeconds()));
        for (int pos = 0; pos <= p.events(); pos++) {
            double t = p.timeOf(pos);
            assertTrue(p.positionAt(t) >= pos, "seeking to " + pos + " lands before it");
            assertTrue(t <= p.totalSeconds());
        }
    }

    @Test
    void twoThousandSessionsPlayInUnderAMinuteABlockAtATime() {
        LoadedRun r = AnimRuns.builtin("selftest-luo-stress-sessions");
        AnimationPlan p = plan(r);
        assertCoversAllEvents(p);
        assertTrue(p.totalSeconds() < 60, String.format("plan lasts %.1f s at 1x", p.totalSeconds()));
        long sessionBlocks = r.events().stream().filter(e -> e instanceof TraceEvent.BlockLinked b
                && b.set().equals("sessions") && b.linked()).count();
        assertEquals(40, sessionBlocks);
        List<Beat> entries = p.beats().stream().filter(b -> b.kind() == BeatKind.ENTRY).toList();
        assertEquals(sessionBlocks, entries.size(), "serialization animates one session block at a time");
        assertEquals(2002, entries.stream().mapToInt(Beat::items).sum(), "every serialized entry is in a batch");
        List<Beat> back = p.beats().stream().filter(b -> b.kind() == BeatKind.ENTRY_BACK).toList();
        assertEquals(sessionBlocks, back.size(), "deserialization flows back a block at a time");
        for (Beat b : p.beats()) {
            assertTrue(b.duration() <= 3.0, "no beat drags: " + b);
        }
        // the kexec itself is never rushed
        Beat kexec = p.beats().stream().filter(b -> b.kind() == BeatKind.KEXEC).findFirst().orElseThrow();
        assertEquals(BeatKind.KEXEC.single(), kexec.duration(), 1e-9);
    }

    @Test
    void aSmallRunIsPlayedEventByEventAtNominalSpeed() {
        AnimationPlan p = plan(AnimRuns.builtin("selftest-luo-kexec-simple"));
        List<Beat> entries = p.beats().stream().filter(b -> b.kind() == BeatKind.ENTRY).toList();
        assertEquals(4, entries.size(), "two sessions with one file each");
        for (Beat b : entries) {
            assertEquals(1, b.items());
            assertEquals(entries.get(0).duration(), b.duration(), 1e-9);
            assertTrue(b.duration() >= PlanCompression.MIN_BEAT);
            assertEquals(BeatKind.Landing.END, b.landing());
        }
        // the file entry of a session is written before the session entry, as luo_session_serialize does
        BeatData.Entry first = ((BeatData.Entries) entries.get(0).data()).entries().get(0);
        assertTrue(first.file());
        assertEquals("kexec_simple_state", first.session());
        assertTrue(p.totalSeconds() <= PlanCompression.BUDGET + 0.01);
        Beat kexec = p.beats().stream().filter(b -> b.kind() == BeatKind.KEXEC).findFirst().orElseThrow();
        assertEquals(BeatKind.KEXEC.single(), kexec.duration(), 1e-9, "the story beats keep their pace");
    }

    @Test
    void sessionsAreBatchedBetweenTheBlocksTheyFill() {
        AnimationPlan p = plan(AnimRuns.lesson("08-cyclic-chain-floyd"));
        List<Beat> creates = p.beats().stream().filter(b -> b.kind() == BeatKind.SESSION).toList();
        assertEquals(List.of(51, 51, 51, 7), creates.stream().map(Beat::items).toList());
        List<Beat> links = p.beats().stream().filter(b -> b.kind() == BeatKind.BLOCK_LINK).toList();
        assertEquals(4, links.size());
        BeatData.Links second = (BeatData.Links) links.get(1).data();
        assertEquals(((BeatData.Links) links.get(0).data()).pas()[0], second.prevPas()[0],
                "block 1's link writes block 0's next");
        List<Beat> entries = p.beats().stream().filter(b -> b.kind() == BeatKind.ENTRY).toList();
        assertEquals(List.of(51, 51, 51, 7), entries.stream().map(Beat::items).toList());
        assertEquals(List.of(0, 1, 2, 3), entries.stream()
                .map(b -> ((BeatData.Entries) b.data()).entries().get(0).block()).toList());
    }

    @Test
    void floydOnACyclicChainEndsWithTheMeetAndTheRedChain() {
        LoadedRun r = AnimRuns.lesson("08-cyclic-chain-floyd");
        AnimationPlan p = plan(r);
        List<Beat> check = p.beats().stream().filter(b -> b.kind().name().startsWith("FLOYD")
                || b.kind().name().startsWith("CHAIN")).toList();
        assertEquals(List.of(BeatKind.FLOYD_STEP, BeatKind.FLOYD_STEP, BeatKind.FLOYD_STEP, BeatKind.FLOYD_MEET,
                BeatKind.CHAIN_RED), check.stream().map(Beat::kind).toList());

        // the markers stand exactly where the kernel's slow and fast pointers were
        List<TraceEvent.FloydStep> steps = r.events().stream().filter(e -> e instanceof TraceEvent.FloydStep)
                .map(e -> (TraceEvent.FloydStep) e).toList();
        for (int i = 0; i < 4; i++) {
            BeatData.Floyd f = (BeatData.Floyd) check.get(i).data();
            assertEquals(steps.get(i).slowPa(), f.slow()[0]);
            assertEquals(steps.get(i).fastPa(), f.fast()[0]);
            assertEquals(i + 1, f.firstIteration());
        }
        BeatData.Floyd first = (BeatData.Floyd) check.get(0).data();
        assertEquals(first.headPa(), first.prevSlow(), "both start at the head");
        assertEquals(first.headPa(), first.prevFast());
        BeatData.Floyd meet = (BeatData.Floyd) check.get(3).data();
        assertEquals(meet.slow()[0], meet.fast()[0]);

        Beat red = check.get(4);
        BeatData.Chain c = (BeatData.Chain) red.data();
        assertEquals("incoming sessions", c.set());
        assertEquals(-22, c.errno());
        assertTrue(c.logLine().contains("Block set is corrupted"), c.logLine());
        assertTrue(red.caption().contains("Block set is corrupted") && red.caption().contains("-EINVAL"), red.caption());
        assertEquals(4, c.chainPas().length, "all four blocks of the loop are in the red chain");
        // the bytes to blame: the next pointer the corruption rewrote
        TraceEvent.Corruption corr = (TraceEvent.Corruption) r.events().stream()
                .filter(e -> e instanceof TraceEvent.Corruption).findFirst().orElseThrow();
        int ci = r.events().indexOf(corr);
        TraceEvent.MemWrite w = (TraceEvent.MemWrite) r.events().get(ci + 1);
        assertEquals(List.of(new BeatData.Range(w.pa(), 8)), c.offending());

        // red chain, panic banner and the log line stay on screen at the end
        List<BeatKind> sticky = p.stickyAt(p.events()).stream().map(Beat::kind).toList();
        assertTrue(sticky.contains(BeatKind.CHAIN_RED), sticky.toString());
        assertTrue(sticky.contains(BeatKind.PANIC), sticky.toString());
        assertFalse(sticky.contains(BeatKind.CORRUPTION), "the corruption callout ends at the kexec");
        assertFalse(p.stickyAt(red.key()).contains(red), "not before the chain was rejected");
    }

    @Test
    void theCorruptionIsShownUntilTheJump() {
        AnimationPlan p = plan(AnimRuns.lesson("08-cyclic-chain-floyd"));
        Beat corr = p.beats().stream().filter(b -> b.kind() == BeatKind.CORRUPTION).findFirst().orElseThrow();
        Beat kexec = p.beats().stream().filter(b -> b.kind() == BeatKind.KEXEC).findFirst().orElseThrow();
        BeatData.Failure f = (BeatData.Failure) corr.data();
        assertEquals(1, f.offending().size());
        assertEquals(8, f.offending().get(0).length());
        assertTrue(p.stickyAt(corr.to()).contains(corr));
        assertTrue(p.stickyAt(kexec.key()).contains(corr));
        assertFalse(p.stickyAt(kexec.key() + 1).contains(corr));
    }

    @Test
    void aBadCountBlamesTheCountFieldOfTheBlock() {
        LoadedRun r = AnimRuns.lesson("09-bad-counts");
        AnimationPlan p = plan(r);
        Beat red = p.beats().stream().filter(b -> b.kind() == BeatKind.CHAIN_RED).findFirst().orElseThrow();
        BeatData.Chain c = (BeatData.Chain) red.data();
        assertTrue(c.logLine().contains("Block contains invalid entry count: 0"), c.logLine());
        TraceEvent.BlockLinked walked = (TraceEvent.BlockLinked) r.events().stream()
                .filter(e -> e instanceof TraceEvent.BlockLinked b && b.set().equals("incoming sessions"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of(new BeatData.Range(walked.pa() + Layouts.BLOCK_HEADER.offset("count"), 8)), c.offending());
        assertTrue(p.beats().stream().anyMatch(b -> b.kind() == BeatKind.PANIC));
    }

    @Test
    void anErrorLineTakesTheErrnoReportedAfterIt() {
        AnimationPlan p = plan(AnimRuns.lesson("12-panic-on-restore"));
        Beat err = p.beats().stream().filter(b -> b.kind() == BeatKind.ERROR
                && b.caption().contains("No registered handler")).findFirst().orElseThrow();
        BeatData.Failure f = (BeatData.Failure) err.data();
        assertEquals(-Errno.ENOENT, f.errno());
        assertFalse(f.offending().isEmpty(), "the corrupted compatible string is to blame");
    }

    @Test
    void errnosAreReadFromLogText() {
        assertEquals(-22, BeatText.errnoIn("The incoming tree failed to initialize properly [-EINVAL], disabling"));
        assertEquals(-2, BeatText.errnoIn("Failed to deserialize files for session [bad] -ENOENT"));
        assertEquals(0, BeatText.errnoIn("Block set is corrupted"));
    }

    @Test
    void aLongFloydWalkKeepsItsEndsAndCompressesTheMiddle() {
        AnimationPlan p = plan(AnimRuns.builtin("selftest-luo-stress-sessions"));
        List<Beat> floyd = p.beats().stream().filter(b -> b.kind() == BeatKind.FLOYD_STEP).toList();
        assertEquals(2 * PlanCompression.FLOYD_KEEP + 1, floyd.size());
        Beat middle = floyd.get(PlanCompression.FLOYD_KEEP);
        assertEquals(19 - 2 * PlanCompression.FLOYD_KEEP, middle.items());
        assertEquals(BeatKind.Landing.GRADUAL, middle.landing());
        assertEquals(middle.items(), ((BeatData.Floyd) middle.data()).steps());
        assertTrue(p.beats().stream().anyMatch(b -> b.kind() == BeatKind.CHAIN_OK));
    }

    @Test
    void theKexecSweepsAndReservesAsOneGestureEach() {
        AnimationPlan p = plan(AnimRuns.builtin("selftest-luo-kexec-simple"));
        Map<BeatKind, Integer> c = p.counts();
        assertEquals(1, c.get(BeatKind.KEXEC));
        assertEquals(1, c.get(BeatKind.RESERVE));
        assertEquals(1, c.get(BeatKind.SWEEP));
        Beat sweep = p.beats().stream().filter(b -> b.kind() == BeatKind.SWEEP).findFirst().orElseThrow();
        BeatData.Sweep s = (BeatData.Sweep) sweep.data();
        assertEquals(4, s.startPfns().length);
        assertEquals(15, s.litPfns().length, "the reserved pages stay lit during the sweep");
        assertEquals(BeatKind.Landing.END, sweep.landing(), "the sweep line leads, the poisoned state follows it");
        assertNotNull(p.describe());
        String kinds = " " + p.beats().stream().map(b -> b.kind().name()).collect(Collectors.joining(" ")) + " ";
        assertTrue(kinds.indexOf(" KEXEC ") < kinds.indexOf(" RESERVE ")
                && kinds.indexOf(" RESERVE ") < kinds.indexOf(" SWEEP "), kinds);
    }

    @Test
    void theBudgetShortensOnlyRepetitiveBeats() {
        java.util.List<Beat> in = new java.util.ArrayList<>();
        int e = 0;
        for (int i = 0; i < 300; i++) {
            in.add(new Beat(BeatKind.SESSION, luolab.engine.trace.Phase.RUNNING, e, e + 1, e, Integer.MAX_VALUE, 1, 0.35,
                    BeatKind.Landing.END, "s", new BeatData.None()));
            e++;
        }
        in.add(new Beat(BeatKind.KEXEC, luolab.engine.trace.Phase.KEXEC, e, e + 1, e, Integer.MAX_VALUE, 1, 1.8,
                BeatKind.Landing.END, "k", new BeatData.None()));
        List<Beat> out = PlanCompression.fitBudget(in);
        double total = out.stream().mapToDouble(Beat::duration).sum();
        assertTrue(total <= PlanCompression.BUDGET + 0.01, "total " + total);
        assertEquals(1.8, out.get(out.size() - 1).duration(), 1e-9);
        assertTrue(out.get(0).duration() < 0.35 && out.get(0).duration() >= PlanCompression.MIN_BEAT);
        List<Beat> few = in.subList(0, 10);
        assertEquals(few, PlanCompression.fitBudget(few), "a short plan is left alone");
    }
}

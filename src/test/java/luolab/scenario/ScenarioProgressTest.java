package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/** Work-weighted progress (the fraction a progress bar shows) and cancelling inside repeats. */
class ScenarioProgressTest {
    private static Scenario parse(String json) throws ScenarioException {
        return new ScenarioParser().parse("t.json", json);
    }

    /** One cheap step, one repeat that is nearly all the work, one cheap step. */
    private static final String LOPSIDED = """
            {"steps": [
              {"op": "open_device", "as": "dev"},
              {"op": "repeat", "count": 40, "var": "s", "steps": [
                {"op": "create_session", "name": "s${s}", "as": "s${s}"},
                {"op": "repeat", "count": 4, "steps": [
                  {"op": "preserve_test_file", "session": "s${s}", "token": "${i}"}
                ]}
              ]},
              {"op": "note", "text": "end"}
            ]}""";

    @Test
    void workCountsLeafOpsThroughNestedRepeats() throws ScenarioException {
        Scenario s = parse(LOPSIDED);
        assertEquals(1, s.steps().get(0).work());
        assertEquals(40 * (1 + 4), s.steps().get(1).work());
        assertEquals(1 + 200 + 1, s.work());
        Scenario empty = parse("""
                {"steps": [{"op": "repeat", "count": 0, "steps": [{"op": "note", "text": "x"}]}]}""");
        assertEquals(0, empty.work());
        Scenario huge = parse("""
                {"steps": [{"op": "repeat", "count": 4000000000, "steps": [
                  {"op": "repeat", "count": 4000000000, "steps": [{"op": "note", "text": "x"}]}]}]}""");
        assertEquals(Long.MAX_VALUE, huge.work(), "saturates instead of overflowing");
    }

    @Test
    void theFractionMovesThroughTheLongRepeatAndEndsAtOne() throws ScenarioException {
        List<RunOptions.Progress> seen = new ArrayList<>();
        // sleeping past the runner's 20 ms throttle makes every iteration report (deterministic)
        RunResult r = new ScenarioRunner().run(parse(LOPSIDED), RunOptions.of(Trace.Mode.OFF).withProgress(p -> {
            seen.add(p);
            if (seen.stream().filter(q -> q.total() > 0).count() <= 5) {
                sleep(21);
            }
        }));
        assertTrue(r.ok(), r.outcomes().toString());
        double last = -1;
        for (RunOptions.Progress p : seen) {
            assertTrue(p.fraction() >= last, "never goes back: " + seen);
            last = p.fraction();
        }
        assertEquals(1.0, last, 1e-9, "done is 1");
        assertEquals(0.0, seen.get(0).fraction(), 1e-9);
        // the repeat's start is after 1 of 202 ops; its end after 201 of them
        assertEquals(1.0 / 202, seen.get(1).fraction(), 1e-9);
        List<RunOptions.Progress> inside = seen.stream().filter(p -> p.step() == 1 && p.total() == 40).toList();
        assertTrue(inside.size() >= 5, "iterations report: " + inside);
        RunOptions.Progress third = inside.stream().filter(p -> p.done() == 3).findFirst().orElseThrow();
        assertEquals((1 + 3 * 5) / 202.0, third.fraction(), 1e-9, "weighted by the ops done, not by the step count");
        assertTrue(inside.stream().anyMatch(p -> p.fraction() > 0.1 && p.fraction() < 0.9),
                "in the middle of the run the bar is in the middle, not stuck at 1/3");
    }

    @Test
    void aSliceRunsFromZeroToOne() throws ScenarioException {
        List<RunOptions.Progress> seen = new ArrayList<>();
        new ScenarioRunner().run(parse(LOPSIDED), RunOptions.of(Trace.Mode.OFF).steps(1, 3).withProgress(seen::add));
        assertEquals(0.0, seen.get(0).fraction(), 1e-9, "step 2 is the first of the slice");
        assertEquals(1.0, seen.get(seen.size() - 1).fraction(), 1e-9);
    }

    @Test
    void cancelStopsANestedRepeatMidwayAndNoLaterStepRuns() throws ScenarioException {
        AtomicInteger polls = new AtomicInteger();
        List<RunOptions.Progress> seen = new ArrayList<>();
        // the runner polls before each step and each iteration of every repeat: say yes on the 30th poll
        RunResult r = new ScenarioRunner().run(parse(LOPSIDED), RunOptions.of(Trace.Mode.OFF)
                .withCancel(() -> polls.incrementAndGet() >= 30).withProgress(seen::add));
        assertTrue(r.cancelled());
        assertFalse(r.ok());
        assertEquals(2, r.outcomes().size(), "the note after the repeat never ran");
        StepOutcome rep = r.outcomes().get(1);
        assertFalse(rep.ok());
        assertTrue(rep.message().startsWith("cancelled after "), rep.message());
        long files = Counts.outgoing(r.machine().kernel()).files();
        assertTrue(files > 0 && files < 160, "stopped part-way through the 160 files: " + files);
        assertEquals(30, polls.get(), "not polled again once cancelled");
        assertTrue(seen.stream().allMatch(p -> p.fraction() < 1), "never reports done: " + seen.get(seen.size() - 1));
    }

    /** {@code sessions} × 500 files set up, a kexec, the first open, every file retrieved. */
    private static String handover(int sessions) {
        return """
                {"steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "repeat", "count": %d, "var": "s", "steps": [
                    {"op": "create_session", "name": "s${s}", "as": "s${s}"},
                    {"op": "repeat", "count": 500, "steps": [{"op": "preserve_test_file", "session": "s${s}", "token": "${i}"}]}
                  ]},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev"},
                  {"op": "repeat", "count": %d, "var": "s", "steps": [
                    {"op": "retrieve_session", "name": "s${s}", "as": "s"},
                    {"op": "repeat", "count": 500, "steps": [{"op": "retrieve_fd", "session": "s", "token": "${i}", "close": true}]},
                    {"op": "finish", "session": "s"},
                    {"op": "close", "fd": "s"}
                  ]}
                ]}""".formatted(sessions, sessions);
    }

    @Test
    void theKexecAndTheFirstOpenWeighWhatTheyHandOverAndSayTheyReportNothingMeanwhile() throws Exception {
        Scenario s = new ScenarioLoader().loadFile(java.nio.file.Path.of(System.getProperty("luolab.project.dir", "."),
                "assets", "scenarios", "scale-1m-files.json"));
        int kexec = 7;
        int firstOpen = 11;
        assertEquals("kexec", s.steps().get(kexec).op());
        assertEquals("open_device", s.steps().get(firstOpen).op());
        for (Trace.Mode mode : new Trace.Mode[] {Trace.Mode.FULL, Trace.Mode.OFF}) {
            WorkMeter m = new WorkMeter(s.steps(), 0, s.steps().size(), mode);
            double atKexec = m.fraction(kexec, 0, 0);
            double afterKexec = m.fraction(kexec + 1, 0, 0);
            double afterOpen = m.fraction(firstOpen + 1, 0, 0);
            // a million files are serialized, then deserialized: not one op in two million each
            assertTrue(afterKexec - atKexec > 0.02, mode + ": the kexec weighs " + (afterKexec - atKexec));
            assertTrue(afterOpen - m.fraction(firstOpen, 0, 0) > 0.02, mode + ": the first open weighs something");
            assertTrue(m.opaque(kexec) && m.opaque(firstOpen), mode + ": both are long single ops");
            assertFalse(m.opaque(1), "the first open of the old kernel has nothing to deserialize");
            assertFalse(m.opaque(2), "a repeat reports its iterations");
            assertFalse(m.opaque(8), "a note is cheap");
        }
        // measured: with a FULL trace the kexec ends about half-way through the run's time
        WorkMeter full = new WorkMeter(s.steps(), 0, s.steps().size(), Trace.Mode.FULL);
        assertEquals(0.5, full.fraction(kexec + 1, 0, 0), 0.1);

        // a small handover stays a plain step: its kexec is quick
        WorkMeter small = new WorkMeter(parse(handover(2)).steps(), 0, 5, Trace.Mode.FULL);
        assertFalse(small.opaque(2));
    }

    @Test
    void theRunnerFlagsTheBigKexecAsItStartsAndTheFractionNeverGoesBack() throws ScenarioException {
        List<RunOptions.Progress> seen = new ArrayList<>();
        RunResult r = new ScenarioRunner().run(parse(handover(80)), RunOptions.of(Trace.Mode.FULL).withProgress(seen::add));
        assertTrue(r.ok(), r.outcomes().toString());
        RunOptions.Progress kexec = seen.stream().filter(p -> p.step() == 2 && p.total() == 0).findFirst().orElseThrow();
        assertTrue(kexec.opaque(), "40,000 files to serialize: " + kexec);
        assertTrue(seen.stream().filter(RunOptions.Progress::opaque).allMatch(p -> p.step() == 2 || p.step() == 3), seen.toString());
        double last = -1;
        for (RunOptions.Progress p : seen) {
            assertTrue(p.fraction() >= last, "never goes back: " + p);
            last = p.fraction();
        }
        double after = seen.stream().filter(p -> p.step() == 3 && p.total() == 0).findFirst().orElseThrow().fraction();
        assertTrue(after - kexec.fraction() > 0.1, "the kexec moves the bar on: " + kexec.fraction() + " → " + after);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
    private static RunResult run(String json) throws ScenarioException {
        return new ScenarioRunner().run(new ScenarioParser().parse("t.json", json), Trace.Mode.COARSE);
    }

    private static StepOutcome step(RunResult r, int number) {
        return r.outcomes().get(number - 1);
    }

    @Test
    void wrongExpectationIsReportedAsFailedNotThrown() throws ScenarioException {
        // the duplicate selftest, with the second create deliberately expected to succeed
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "create_session", "name": "dup", "as": "s1"},
                  {"op": "create_session", "name": "dup", "as": "s2"},
                  {"op": "create_session", "name": "other", "expect": "EEXIST"},
                  {"op": "close", "fd": "s1"}
                ]}""");
        assertFalse(r.ok());
        assertEquals(2, r.summary().expectationsFailed());
        assertEquals(3, r.summary().expectationsMet());
        StepOutcome s3 = step(r, 3);
        assertFalse(s3.ok());
        assertEquals(-17, s3.result());
        assertEquals("expected success, got -EEXIST", s3.message());
        StepOutcome s4 = step(r, 4);
        assertFalse(s4.ok());
        assertTrue(s4.message().startsWith("expected -EEXIST, got fd "), s4.message());
        assertTrue(step(r, 5).ok(), "the run goes on after a failure");
    }

    @Test
    void badContentFailsTheStepWithAClearMessage() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "create_session", "name": "no-device"},
                  {"op": "open_device"},
                  {"op": "close", "fd": "nosuchvar"},
                  {"op": "create_session", "name": "a", "as": "s"},
                  {"op": "create_session", "name": "a", "as": "s2", "expect": "EEXIST"},
                  {"op": "finish", "session": "s2"},
                  {"op": "note", "text": "x ${j}"},
                  {"op": "preserve_fd", "session": "s", "fd": "${i}", "token": 1},
                  {"op": "check_content", "fd": "s", "content": "x"},
                  {"op": "kexec"},
                  {"op": "close", "fd": "s"}
                ]}""");
        assertEquals("no /dev/liveupdate is open in this boot (add an open_device step)", step(r, 1).message());
        assertEquals("unknown variable \"nosuchvar\" (no earlier step bound it with \"as\")", step(r, 3).message());
        assertTrue(step(r, 5).ok());
        assertTrue(step(r, 6).message().contains("variable \"s2\" has no fd: step 5 (create_session) failed with -EEXIST"), step(r, 6).message());
        assertTrue(step(r, 7).ok(), "narration never fails");
        assertEquals("x ${j}", step(r, 7).message());
        assertTrue(step(r, 8).message().startsWith("unknown variable ${i}"), step(r, 8).message());
        assertTrue(step(r, 9).message().contains("is not a memfd"), step(r, 9).message());
        assertTrue(step(r, 10).ok());
        assertTrue(step(r, 11).message().contains("fds do not survive a kexec"), step(r, 11).message());
    }

    @Test
    void repeatSubstitutesAndCounts() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 3, "from": 5, "steps": [
                    {"op": "create_session", "name": "s-${i}", "as": "s${i}"},
                    {"op": "repeat", "count": 2, "var": "j", "steps": [
                      {"op": "preserve_memfd", "session": "s${i}", "token": "${j}", "content": "data ${i}.${j}", "as": "m${i}_${j}"}
                    ]}
                  ]},
                  {"op": "check_content", "fd": "m7_1", "content": "data 7.1"},
                  {"op": "get_name", "session": "s6", "equals": "s-6"},
                  {"op": "expect_count", "what": "outgoing_files", "equals": 6},
                  {"op": "expect_count", "what": "files", "name": "s-5", "equals": 2}
                ]}""");
        assertTrue(r.ok(), r.outcomes().toString());
        assertEquals(9, step(r, 2).met());
        assertEquals(3 + 6 + 4 + 1, r.summary().expectationsMet());
    }

    @Test
    void tokensAndNamesSubstituteEveryWay() throws ScenarioException {
        // a bare "${j}" token takes the loop value directly; "0x1${j}" is printed, then read as hex;
        // literal tokens and names mixing two loops still expand the same way on every iteration
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 2, "from": 3, "steps": [
                    {"op": "create_session", "name": "s-${i}-${i}", "as": "s${i}"},
                    {"op": "repeat", "count": 2, "var": "j", "from": 8, "steps": [
                      {"op": "preserve_test_file", "session": "s${i}", "token": "${j}"},
                      {"op": "preserve_test_file", "session": "s${i}", "token": "0x1${j}"}
                    ]},
                    {"op": "preserve_test_file", "session": "s${i}", "token": "0x8", "expect": "EEXIST"}
                  ]},
                  {"op": "get_name", "session": "s4", "equals": "s-4-4"},
                  {"op": "kexec"},
                  {"op": "open_device"},
                  {"op": "retrieve_session", "name": "s-3-3", "as": "r"},
                  {"op": "retrieve_fd", "session": "r", "token": "0x18"},
                  {"op": "retrieve_fd", "session": "r", "token": "9"},
                  {"op": "retrieve_fd", "session": "r", "token": "24"},
                  {"op": "retrieve_fd", "session": "r", "token": "26", "expect": "ENOENT"},
                  {"op": "retrieve_fd", "session": "r", "token": "${oops"}
                ]}""");
        assertTrue(step(r, 2).ok(), step(r, 2).message());
        assertTrue(step(r, 3).ok(), step(r, 3).message());
        assertTrue(step(r, 7).ok() && step(r, 8).ok(), step(r, 7).message() + " / " + step(r, 8).message());
        // 24 is 0x18 again (a second reference); 26 was never preserved (8, 9, 0x18, 0x19 were)
        assertTrue(step(r, 9).ok() && step(r, 10).ok(), step(r, 9).message() + " / " + step(r, 10).message());
        assertEquals("token 0x18", step(r, 7).message());
        assertFalse(step(r, 11).ok());
        assertEquals("unterminated ${ in \"${oops\"", step(r, 11).message());
    }

    @Test
    void repeatFailuresAreSummarised() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 4, "steps": [{"op": "create_session", "name": "same"}]}
                ]}""");
        StepOutcome rep = step(r, 2);
        assertFalse(rep.ok());
        assertEquals(1, rep.met());
        assertEquals(3, rep.failed());
        assertTrue(rep.message().contains("i=1 step 2.1 create_session: expected success, got -EEXIST"), rep.message());
    }

    @Test
    void checksReportMismatches() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "memfd_create", "content": "hello", "as": "m"},
                  {"op": "check_content", "fd": "m", "content": "help!"},
                  {"op": "check_content", "fd": "m", "size": 6},
                  {"op": "expect_log", "contains": "no such line"},
                  {"op": "expect_panic"},
                  {"op": "expect_count", "what": "outgoing_sessions", "equals": 1},
                  {"op": "memfd_create", "size": 8192, "fill": {"pattern": "ab"}, "as": "f"},
                  {"op": "check_content", "fd": "f", "fill": {"pattern": "ab"}}
                ]}""");
        assertEquals("byte 3 is 0x6c, expected 0x70: read \"hello\"", step(r, 2).message());
        assertEquals("size is 5, expected 6", step(r, 3).message());
        assertFalse(step(r, 4).ok());
        assertEquals("kernel (boot 1) did not panic", step(r, 5).message());
        assertEquals("outgoing_sessions = 0, expected 1", step(r, 6).message());
        assertTrue(step(r, 8).ok(), step(r, 8).message());
        assertEquals(5, r.summary().expectationsFailed());
    }

    @Test
    void emitsStepMarksReportsProgressAndCancels() throws ScenarioException {
        Scenario s = new ScenarioParser().parse("t.json", """
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 100, "steps": [{"op": "create_session", "name": "s${i}"}]},
                  {"op": "note", "text": "end"}
                ]}""");
        List<RunOptions.Progress> seen = new ArrayList<>();
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.COARSE).withProgress(seen::add));
        List<TraceEvent.StepMark> marks = r.trace().events().stream().filter(e -> e instanceof TraceEvent.StepMark)
                .map(e -> (TraceEvent.StepMark) e).toList();
        assertEquals(3, marks.size());
        assertEquals(1, marks.get(1).step());
        assertTrue(marks.get(1).description().startsWith("step 2: repeat 100×"), marks.get(1).description());
        assertTrue(seen.stream().anyMatch(p -> p.step() == 1 && p.total() == 100 && p.done() == 100));
        assertEquals(3, seen.stream().filter(p -> p.total() == 0 && p.step() < 3).count());

        AtomicBoolean cancel = new AtomicBoolean();
        RunResult c = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF).withCancel(cancel::get)
                .withProgress(p -> cancel.set(p.step() == 1 && p.done() >= 10)));
        assertTrue(c.cancelled());
        assertFalse(c.ok());
        assertEquals(2, c.outcomes().size());
    }

    @Test
    void runsASliceOnAnExistingMachine() throws ScenarioException {
        Scenario s = new ScenarioParser().parse("t.json", """
                {"steps": [
                  {"op": "open_device"},
                  {"op": "create_session", "name": "keep", "as": "s"},
                  {"op": "kexec"},
                  {"op": "open_device"},
                  {"op": "retrieve_session", "name": "keep"}
                ]}""");
        RunResult first = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF).steps(0, 3));
        assertEquals(3, first.outcomes().size());
        RunResult rest = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF).onMachine(first.machine()).steps(3, -1));
        assertTrue(rest.ok(), rest.outcomes().toString());
        assertEquals(3, rest.firstStep());
        assertEquals("4", rest.outcomes().get(0).path());
    }

    @Test
    void duplicateNameAtABlockBoundaryLeavesAnEmptyBlockAndTheNextKernelPanics() throws ScenarioException {
        // kernel-luo.md §7: luo_session_insert() grows before the duplicate check and -EEXIST does not shrink
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 51, "steps": [{"op": "create_session", "name": "s${i}", "as": "s${i}"}]},
                  {"op": "expect_count", "what": "session_blocks", "equals": 1},
                  {"op": "create_session", "name": "s0", "expect": "EEXIST"},
                  {"op": "expect_count", "what": "session_blocks", "equals": 2},
                  {"op": "kexec"},
                  {"op": "expect_panic", "contains": "The incoming tree failed to initialize properly [-EINVAL]"},
                  {"op": "expect_log", "contains": "Block contains invalid entry count: 0"}
                ]}""");
        assertTrue(r.ok(), r.outcomes().toString());
        assertTrue(r.summary().panicked());
        assertTrue(r.boots().get(1).panicked());
    }

    /** An op defined outside the built-in vocabulary, as corrupt/fuzz will be. */
    record Poke(String pa, String value) implements Op.Extension {
    }

    @Test
    void extensionOpsRegisterWithTheirRecordAndExecutor() throws ScenarioException {
        StepRegistry reg = StepRegistry.standard();
        reg.register("poke", Poke.class, StepRegistry.Kind.CHECK, (op, ctx) -> {
            long pa = ctx.token(op.pa());
            ctx.machine().memory().writeU64(pa, ctx.token(op.value()), null);
            return StepResult.check(ctx.machine().memory().u64(pa) == ctx.token(op.value()), "poked");
        });
        Scenario s = new ScenarioParser(reg).parse("t.json", """
                {"steps": [{"op": "poke", "pa": "0x40001000", "value": 42}]}""");
        RunResult r = new ScenarioRunner(reg).run(s, Trace.Mode.OFF);
        assertTrue(r.ok(), r.outcomes().toString());
        assertEquals(42, r.machine().memory().u64(0x40001000L));
        assertTrue(step(r, 1).description().startsWith("poke pa=\"0x40001000\" value=\"42\""));
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> new ScenarioParser().parse("t.json", "{\"steps\": [{\"op\": \"poke\", \"pa\": 1, \"value\": 2}]}"));
        assertTrue(e.getMessage().contains("unknown op \"poke\""));
    }
}

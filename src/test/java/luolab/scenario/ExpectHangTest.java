package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.machine.Kernel;
import luolab.engine.machine.StopReason;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * {@code expect_hang}: a boot whose radix walk never ends (radix-cycle) is a hang, which the
 * scenario can expect; expect_panic and expect_no_panic both fail on it and say it hangs.
 */
class ExpectHangTest {
    private static RunResult run(String json) throws ScenarioException {
        return new ScenarioRunner().run(new ScenarioParser().parse("t.json", json), Trace.Mode.OFF);
    }

    private static StepOutcome step(RunResult r, int number) {
        return r.outcomes().get(number - 1);
    }

    @Test
    void aHungBootPassesExpectHangAndFailsTheOtherKernelChecks() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "create_session", "name": "keep"},
                  {"op": "corrupt", "injector": "radix-cycle", "at": "handover"},
                  {"op": "kexec"},
                  {"op": "expect_hang"},
                  {"op": "expect_hang", "contains": "kho_radix_walk_tree()"},
                  {"op": "expect_hang", "contains": "soft lockup"},
                  {"op": "expect_no_panic"},
                  {"op": "expect_panic"}
                ]}""");
        assertTrue(step(r, 5).ok(), step(r, 5).message());
        assertEquals("hang: " + Kernel.HANG_RADIX_WALK, step(r, 5).message());
        assertTrue(step(r, 6).ok(), step(r, 6).message());
        assertFalse(step(r, 7).ok());
        assertEquals("hang: " + Kernel.HANG_RADIX_WALK + " (expected it to mention \"soft lockup\")", step(r, 7).message());
        // "expect_no_panic" means the new kernel came up: a hang is not that, and the message names it
        assertFalse(step(r, 8).ok());
        assertEquals("kernel (boot 2) did not panic but hangs, which is not a clean boot: " + Kernel.HANG_RADIX_WALK,
                step(r, 8).message());
        assertFalse(step(r, 9).ok());
        assertEquals("kernel (boot 2) did not panic: it hangs (" + Kernel.HANG_RADIX_WALK + ")", step(r, 9).message());
        assertEquals(3, r.summary().expectationsFailed());
        // the boot log says hang, and carries no panic message
        BootLog b = r.boots().get(1);
        assertTrue(b.hung());
        assertFalse(b.panicked());
        assertNull(b.panicMessage(), "a hang has no panic message");
        assertEquals(StopReason.hang(Kernel.HANG_RADIX_WALK), b.stop());
        assertNull(r.boots().get(0).stop(), "boot 1 handed over and kexec'd: it did not stop");
    }

    /**
     * A hung boot never reaches userspace: a system call step after it did not run at all, so it
     * has no result (no -EIO came back) and fails saying why, whatever it expected.
     */
    @Test
    void aCallAfterAHungBootDidNotRun() throws ScenarioException {
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "create_session", "name": "keep"},
                  {"op": "corrupt", "injector": "radix-cycle", "at": "handover"},
                  {"op": "kexec"},
                  {"op": "open_device", "expect": "EIO"},
                  {"op": "kexec"},
                  {"op": "expect_hang"}
                ]}""");
        StepOutcome open = step(r, 5);
        assertFalse(open.ok());
        assertNull(open.result(), "no call was made: no errno");
        assertEquals("boot 2 hangs in early boot: no userspace ran, so open_device cannot run — " + Kernel.HANG_RADIX_WALK,
                open.message());
        assertEquals("boot 2 hangs in early boot: no userspace ran, so kexec cannot run — " + Kernel.HANG_RADIX_WALK,
                step(r, 6).message());
        assertTrue(step(r, 7).ok(), "checks still run: " + step(r, 7).message());
    }

    /** panic() halts the machine: a system call step after a boot that panicked did not run either. */
    @Test
    void aCallAfterAPanickedBootDidNotRun() throws ScenarioException {
        // kernel-luo.md §7: a block left empty by -EEXIST at a block boundary panics the next kernel
        RunResult r = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 51, "steps": [{"op": "create_session", "name": "s${i}", "as": "s${i}"}]},
                  {"op": "create_session", "name": "s0", "expect": "EEXIST"},
                  {"op": "kexec"},
                  {"op": "open_device", "expect": "EIO"},
                  {"op": "expect_panic"}
                ]}""");
        StepOutcome open = step(r, 5);
        assertFalse(open.ok());
        assertNull(open.result(), "no call was made: no errno");
        assertTrue(open.message().startsWith("boot 2 panicked: the machine is halted, so open_device cannot run — "
                + "Kernel panic - not syncing: The incoming tree failed to initialize properly [-EINVAL]"), open.message());
        assertTrue(step(r, 6).ok(), "checks still run: " + step(r, 6).message());
    }

    @Test
    void aRunningOrPanickedKernelFailsExpectHang() throws ScenarioException {
        RunResult running = run("""
                {"steps": [{"op": "open_device"}, {"op": "expect_hang"}, {"op": "expect_hang", "contains": "x"}]}""");
        assertEquals("kernel (boot 1) did not hang: it is running", step(running, 2).message());
        assertFalse(step(running, 2).ok());
        assertEquals("kernel (boot 1) did not hang: it is running", step(running, 3).message());

        // kernel-luo.md §7: a block left empty by -EEXIST at a block boundary panics the next kernel
        RunResult panicked = run("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 51, "steps": [{"op": "create_session", "name": "s${i}", "as": "s${i}"}]},
                  {"op": "create_session", "name": "s0", "expect": "EEXIST"},
                  {"op": "kexec"},
                  {"op": "expect_hang"}
                ]}""");
        assertFalse(step(panicked, 5).ok());
        String msg = step(panicked, 5).message();
        assertTrue(msg.startsWith("kernel (boot 2) did not hang: it panicked (The incoming tree failed to initialize properly [-EINVAL]"),
                msg);
    }

    private static String parseError(String json) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioParser().parse("t.json", json));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    /** Bad arguments are one-line errors with the file position, in the same words as expect_panic's. */
    @Test
    void badArgumentsAreReportedLikeExpectPanics() {
        for (String args : new String[] {", \"contains\": [\"x\"]", ", \"contains\": {\"a\": 1}",
                ", \"contain\": \"x\"", ", \"panic\": \"x\""}) {
            String hang = parseError("{\"steps\": [{\"op\": \"open_device\"}, {\"op\": \"expect_hang\"" + args + "}]}");
            String panic = parseError("{\"steps\": [{\"op\": \"open_device\"}, {\"op\": \"expect_panic\"" + args + "}]}");
            assertTrue(hang.startsWith("t.json:1:"), hang);
            assertTrue(hang.contains("step 2 (expect_hang)"), hang);
            assertEquals(panic.replace("expect_panic", "expect_hang").replaceFirst("^t\\.json:1:\\d+:", ""),
                    hang.replaceFirst("^t\\.json:1:\\d+:", ""));
        }
        assertTrue(parseError("{\"steps\": [{\"op\": \"expect_hang\", \"contain\": \"x\"}]}").contains("unknown field \"contain\" (fields: contains"));
        assertTrue(parseError("{\"steps\": [{\"op\": \"expect_hangs\"}]}").contains("(did you mean \"expect_hang\"?)"));
    }
}

package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;

/** Shared set-up: a machine with a scenario built, and assertions on outcomes. */
final class CorruptTestSupport {
    /** 3 + 100 + 1 = 104 sessions (3 session blocks) and "many" with 130 test files (3 file blocks). */
    static final Scenario BIG = Scenario.demo().withExtraSessions(100).withManyFiles(130);
    static final Scenario DEMO = Scenario.demo();
    static final String RESTORE_FAIL = "The incoming tree failed to initialize properly [%s], disabling live update";

    private CorruptTestSupport() {
    }

    static CorruptionRun start(Scenario sc) {
        return start(sc, Machine.DEFAULT_RAM_SIZE, Trace.off());
    }

    static CorruptionRun start(Scenario sc, long ram, Trace trace) {
        Machine m = Machine.coldBoot(ram, Abi.V7, trace);
        sc.build(m);
        return CorruptionRun.begin(m);
    }

    /** Serialize, inject, finish the cycle; asserts the injection ran and matched its own expectation. */
    static Outcome handover(Scenario sc, String injector, Params p) {
        CorruptionRun run = start(sc);
        assertTrue(run.serialize());
        return injectAndFinish(run, injector, p);
    }

    static Outcome live(Scenario sc, String injector, Params p) {
        return injectAndFinish(start(sc), injector, p);
    }

    static Outcome incoming(Scenario sc, String injector, Params p) {
        CorruptionRun run = start(sc);
        assertTrue(run.serialize());
        run.jump();
        assertFalse(run.machine().kernel().panicked(), run.machine().kernel().panicMessage());
        return injectAndFinish(run, injector, p);
    }

    static Outcome injectAndFinish(CorruptionRun run, String injector, Params p) {
        CorruptionReport r = run.inject(injector, p);
        assertTrue(r.ok(), r.error());
        assertFalse(r.writes().isEmpty() && !injector.equals("duplicate-name-empty-block"), "no write");
        Outcome o = run.finishCycle();
        assertNull(r.expected().mismatch(o), () -> r + "\nactual: " + o.details() + "\nlog:\n  " + String.join("\n  ", o.log()));
        return o;
    }

    static void assertPanic(Outcome o, int err, String... logLines) {
        assertEquals(OutcomeKind.PANIC, o.kind(), o::summary);
        assertEquals(String.format(RESTORE_FAIL, Errno.pe(err)), o.stopText());
        assertEquals("Kernel panic - not syncing: " + String.format(RESTORE_FAIL, Errno.pe(err)), o.log().get(o.log().size() - 2));
        assertEquals("---[ end Kernel panic - not syncing: " + String.format(RESTORE_FAIL, Errno.pe(err)) + " ]---",
                o.log().get(o.log().size() - 1));
        assertLog(o, logLines);
        assertEquals(0, o.count(Outcome.Fate.RESTORED));
    }

    static void assertErrno(Outcome o, int errno, String step, String... logLines) {
        assertEquals(OutcomeKind.ERRNO, o.kind(), o::summary);
        assertEquals(errno, o.errno(), o::summary);
        assertTrue(o.step().startsWith(step), o::summary);
        assertLog(o, logLines);
    }

    static void assertLog(Outcome o, String... lines) {
        for (String l : lines) {
            assertTrue(o.log().contains(l), () -> "missing log line \"" + l + "\" in:\n  " + String.join("\n  ", o.log()));
        }
    }
}

package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counts in run texts read "1,964 of 2,000" on every machine, whatever its locale. */
class CountTextTest {
    private Locale saved;

    @BeforeEach
    void germanMachine() {
        saved = Locale.getDefault();
        // German groups with '.', French with a narrow space: neither may leak into run texts
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void countGroupsByThousandsWithCommas() {
        assertEquals("0", Values.count(0));
        assertEquals("999", Values.count(999));
        assertEquals("1,964", Values.count(1964));
        assertEquals("1,000,000", Values.count(1_000_000));
        assertEquals("-2,000", Values.count(-2000));
        Locale.setDefault(Locale.FRANCE);
        assertEquals("1,000,000", Values.count(1_000_000));
    }

    @Test
    void aCancelledRepeatSaysHowFarItGotWithGroupedCounts() throws ScenarioException {
        Scenario s = new ScenarioParser().parse("t.json", """
                {"steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "s", "as": "s"},
                  {"op": "repeat", "count": 2000, "steps": [
                    {"op": "preserve_test_file", "session": "s", "token": "${i}"}
                  ]}
                ]}""");
        // cancel is polled about once per file: stop somewhere between the 1,000th and the 2,000th
        AtomicLong polls = new AtomicLong();
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF).withCancel(() -> polls.incrementAndGet() > 1500));
        assertTrue(r.cancelled());
        String m = r.outcomes().get(2).message();
        assertTrue(m.matches("cancelled after 1,\\d{3} of 2,000 iterations"), m);
    }

    @Test
    void finishedRepeatsAndCountChecksGroupToo() throws ScenarioException {
        Scenario s = new ScenarioParser().parse("t.json", """
                {"steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "s", "as": "s"},
                  {"op": "repeat", "count": 1200, "steps": [
                    {"op": "preserve_test_file", "session": "s", "token": "${i}"}
                  ]},
                  {"op": "expect_count", "what": "outgoing_files", "equals": 1200}
                ]}""");
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF));
        assertTrue(r.ok(), r.outcomes().toString());
        assertEquals("1,200 iterations, all expectations met", r.outcomes().get(2).message());
        assertEquals("outgoing_files = 1,200", r.outcomes().get(3).message());
        assertTrue(Counts.outgoing(r.machine().kernel()).toString().startsWith("1 session, 1,200 files, 1 session block, 20 file blocks"),
                Counts.outgoing(r.machine().kernel()).toString());
    }
}

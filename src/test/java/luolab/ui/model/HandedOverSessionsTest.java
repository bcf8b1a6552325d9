package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For every kernel generation (v7's 1-page blocks, series v2's 2-page blocks, the pre-series fixed
 * arrays): what a run ending at kexec reads from the handover bytes is what the new kernel's first
 * open of /dev/liveupdate then deserializes — names, tokens and handlers, in order — and reading it
 * changes nothing: the open afterwards still deserializes them all.
 */
class HandedOverSessionsTest {
    private static RunResult run(String abi, String tail) throws Exception {
        String json = """
                {"name": "handed over %s", "ram": "256M", "abi": "%s", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "create_session", "name": "empty", "as": "e"},
                  {"op": "kexec"}%s
                ]}""".formatted(abi, abi, tail);
        RunResult r = new ScenarioRunner().run(new ScenarioParser().parse("h.json", json), Trace.Mode.OFF);
        assertTrue(r.ok(), abi + ": the scenario runs as written");
        return r;
    }

    private static List<String> describe(FinalSessions f) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < f.sessionCount(); i++) {
            SessionTable.Session s = f.rows().get(i);
            StringBuilder b = new StringBuilder(s.name + (s.incoming ? " in" : " out") + ":");
            for (SessionTable.File x : s.fileRows()) {
                b.append(String.format(" 0x%x/%s", x.token, x.compatible));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static List<String> describe(List<LuoSession> sessions) {
        List<String> out = new ArrayList<>();
        for (LuoSession s : sessions) {
            StringBuilder b = new StringBuilder(s.name() + (s.incoming() ? " in" : " out") + ":");
            for (LuoFile x : s.fileSet().files()) {
                b.append(String.format(" 0x%x/%s", x.token(), x.handler().compatible()));
            }
            out.add(b.toString());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7", "v2", "pre"})
    void whatARunEndingAtKexecReadsIsWhatTheFirstOpenDeserializes(String abi) throws Exception {
        Machine m = run(abi, "").machine();
        FinalSessions f = FinalSessions.of(m);
        assertTrue(f.handedOver(), abi);
        assertEquals(null, f.handoverProblem(), abi);
        assertEquals(3, f.sessionCount(), abi);
        assertEquals(3, f.fileCount(), abi);
        assertTrue(f.rows().stream().allMatch(s -> s.state.equals("handed over")), abi);

        // reading wrote nothing: the new kernel's first open still finds and deserializes them all
        assertFalse(m.kernel().luo().deserializeDone(), abi);
        Machine opened = run(abi, ",\n  {\"op\": \"open_device\", \"as\": \"dev\"}").machine();
        List<String> deserialized = describe(opened.kernel().luo().sessions().incoming());
        assertEquals(deserialized, describe(f), abi);
        assertEquals(List.of("keep-a", "keep-b", "empty"), f.rows().stream().map(s -> s.name).toList(), abi);
        assertEquals(0, m.kernel().luo().devOpen(), abi + ": an open after the reading");
        assertEquals(deserialized, describe(m.kernel().luo().sessions().incoming()), abi + ": the same machine, opened now");
    }
}

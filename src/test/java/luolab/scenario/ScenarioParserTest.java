package luolab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
    private final ScenarioParser parser = new ScenarioParser();

    private ScenarioException fails(String json) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parser.parse("t.json", json));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e;
    }

    @Test
    void parsesEnvelopeAndFields() throws ScenarioException {
        Scenario s = parser.parse("t.json", """
                {"name": "n", "ram": "512M", "seed": 7, "abi": "v7", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "x", "expect": "EEXIST", "as": "s"},
                  {"op": "preserve_memfd", "session": "s", "token": 4660, "fill": {"byte": "0xAB"}, "size": "8K"},
                  {"op": "memfd_create", "seals": ["grow", "shrink"], "content": "hi"},
                  {"op": "repeat", "count": 3, "steps": [{"op": "note", "text": "${i}"}]}
                ]}""");
        assertEquals("n", s.name());
        assertEquals(512L << 20, s.ram());
        assertEquals(7, s.seed());
        assertEquals(Abi.V7, s.abi());
        assertEquals(5, s.steps().size());
        Step cs = s.steps().get(1);
        assertEquals(-17, cs.expected());
        assertEquals("s", cs.as());
        Op.PreserveMemfd pm = assertInstanceOf(Op.PreserveMemfd.class, s.steps().get(2).action());
        assertEquals("4660", pm.token());
        assertEquals(0xAB, pm.fill().byteValue());
        assertEquals(8192L, pm.size());
        Op.MemfdCreate mc = assertInstanceOf(Op.MemfdCreate.class, s.steps().get(3).action());
        assertEquals(0b110, mc.seals().mask());
        Op.Repeat r = assertInstanceOf(Op.Repeat.class, s.steps().get(4).action());
        assertEquals("5.1", r.steps().get(0).path());
        assertEquals(new SourcePos("t.json", 2, 3), s.steps().get(0).pos());
    }

    @Test
    void unknownOpNamesFileLineColumnAndStep() {
        ScenarioException e = fails("""
                {"steps": [
                  {"op": "open_device"},
                  {"op": "open_device"},
                  {"op": "creat_session", "name": "x"}
                ]}""");
        assertEquals("t.json:4:10: unknown op \"creat_session\" in step 3 (did you mean \"create_session\"?)", e.getMessage());
        assertEquals(new SourcePos("t.json", 4, 10), e.pos());
    }

    @Test
    void unknownOpInsideRepeatIsNumberedByPath() {
        ScenarioException e = fails("""
                {"steps": [{"op": "repeat", "count": 2, "steps": [{"op": "note", "text": "a"}, {"op": "zap"}]}]}""");
        assertTrue(e.getMessage().startsWith("t.json:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown op \"zap\" in step 1.2"), e.getMessage());
    }

    @Test
    void malformedJsonGivesPosition() {
        ScenarioException e = fails("{\"steps\": [\n  {\"op\": \"open_device\"}\n  {\"op\": \"close\"}\n]}");
        assertTrue(e.getMessage().startsWith("t.json:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void truncatedFile() {
        ScenarioException e = fails("{\"steps\": [\n  {\"op\": \"open_device\"");
        assertTrue(e.getMessage().startsWith("t.json:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected end of file"), e.getMessage());
    }

    @Test
    void missingAndUnknownFields() {
        assertTrue(fails("{\"steps\": [{\"op\": \"create_session\"}]}").getMessage()
                .endsWith("step 1 (create_session): missing field \"name\""));
        ScenarioException e = fails("{\"steps\": [{\"op\": \"preserve_fd\", \"sesion\": \"s\", \"fd\": 3, \"token\": 1}]}");
        assertTrue(e.getMessage().contains("unknown field \"sesion\""), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.json:1:"), e.getMessage());
    }

    @Test
    void badValues() {
        assertTrue(fails("{\"steps\": [{\"op\": \"close\", \"fd\": 3, \"expect\": \"EWHAT\"}]}").getMessage().contains("unknown errno \"EWHAT\""));
        assertTrue(fails("{\"steps\": [{\"op\": \"note\", \"text\": \"x\", \"expect\": \"EINVAL\"}]}").getMessage().contains("applies to calls only"));
        assertTrue(fails("{\"steps\": [{\"op\": \"close\", \"fd\": 3, \"as\": \"x\"}]}").getMessage().contains("returns none"));
        assertTrue(fails("{\"steps\": [{\"op\": \"retrieve_fd\", \"session\": \"s\", \"token\": \"zz\"}]}").getMessage().contains("token must be a number"));
        assertTrue(fails("{\"steps\": [{\"op\": \"kexec\", \"abi\": \"v99\"}]}").getMessage().contains("unknown abi \"v99\""));
        assertTrue(fails("{\"steps\": [{\"op\": \"expect_count\", \"what\": \"sessions\", \"equals\": 1}]}").getMessage().contains("unknown count"));
        assertTrue(fails("{\"steps\": [{\"op\": \"repeat\", \"count\": \"many\", \"steps\": []}]}").getMessage().contains("\"count\" must be a number"));
        assertTrue(fails("{\"ram\": \"lots\", \"steps\": []}").getMessage().startsWith("t.json:1:9: ram must be"));
        assertTrue(fails("{\"steps\": [], \"stpes\": []}").getMessage().contains("unknown scenario field \"stpes\""));
        assertTrue(fails("[]").getMessage().contains("must be a JSON object"));
        assertTrue(fails("{\"steps\": [{\"op\": \"open_device\", \"as\": \"a\", \"as\": \"b\"}]}").getMessage().contains("duplicate field \"as\""));
        assertTrue(fails("{\"steps\": [{\"op\": \"memfd_create\", \"fill\": {\"byte\": 1}}]}").getMessage().contains("\"fill\" needs a \"size\""));
    }

    @Test
    void loaderReportsMissingScenario() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().load("no-such-scenario"));
        assertTrue(e.getMessage().startsWith("no-such-scenario: no such scenario file or built-in"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().load("/no/such/file.json"));
        assertEquals("/no/such/file.json: no such scenario file", e.getMessage());
    }
}

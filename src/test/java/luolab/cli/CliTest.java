package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path tmp;

    /** A user error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
    private static String oneLineError(CliTestSupport.Result r) {
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        String e = r.err().strip();
        assertFalse(e.isEmpty());
        assertFalse(e.contains("\n"), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        return e;
    }

    @Test
    void runDefaultDemoPasses() {
        var r = cli("run", "default-demo");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Kernel log, boot 1 (v7):"));
        assertTrue(r.out().contains("Kernel log, boot 2 (v7):"));
        assertTrue(r.out().contains("luo: Retrieved live update data, liveupdate number: 1"));
        // the lab's notes are tagged and explained, never printed like kernel lines
        assertTrue(r.out().contains("  " + luolab.engine.trace.KernelLog.NOTE_LEGEND));
        assertTrue(r.out().contains("  [  lab note  ] incoming sessions wait for the first open of /dev/liveupdate"), r.out());
        assertFalse(r.out().contains("luo: incoming sessions wait"));
        assertTrue(r.out().contains("handed over at kexec: 3 sessions, 3 files, 1 session block, 2 file blocks"));
        assertTrue(r.out().contains("expectations: 33 met, 0 failed"));
        assertTrue(r.out().strip().endsWith("Result: PASS"));
    }

    @Test
    void runJsonParses() {
        var r = cli("run", "selftest-luo-kexec-simple", "--json", "--trace", "coarse");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("ok").getAsBoolean());
        JsonArray steps = o.getAsJsonArray("steps");
        assertEquals(27, steps.size());
        assertEquals("kexec", steps.get(9).getAsJsonObject().get("op").getAsString());
        assertEquals(2, o.getAsJsonArray("boots").size());
        JsonObject sum = o.getAsJsonObject("summary");
        assertEquals(2, sum.getAsJsonObject("handed_over").get("sessions").getAsInt());
        assertEquals(0, sum.get("expectations_failed").getAsInt());
        assertTrue(sum.get("trace_events").getAsInt() > 0);
    }

    @Test
    void progressCountsHaveThousandsSeparators() throws IOException {
        Path f = tmp.resolve("many.json");
        Files.writeString(f, """
                {"steps": [
                  {"op": "open_device"},
                  {"op": "repeat", "count": 1200, "steps": [{"op": "create_session", "name": "s${i}"}]}
                ]}""");
        var r = cli("run", f.toString(), "--progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("[2/2] 1,200/1,200 "), r.err());
    }

    @Test
    void failedExpectationExitsOne() throws IOException {
        Path f = tmp.resolve("wrong.json");
        Files.writeString(f, """
                {"steps": [
                  {"op": "open_device"},
                  {"op": "create_session", "name": "duplicate-session-test"},
                  {"op": "create_session", "name": "duplicate-session-test"}
                ]}""");
        var r = cli("run", f.toString());
        assertEquals(Main.EXIT_FAILED, r.code());
        assertTrue(r.out().contains("FAIL  create_session name=\"duplicate-session-test\"  = -EEXIST  — expected success, got -EEXIST"), r.out());
        assertTrue(r.out().strip().endsWith("Result: FAIL"));
        var j = cli("run", f.toString(), "--json");
        assertEquals(Main.EXIT_FAILED, j.code());
        assertFalse(JsonParser.parseString(j.out()).getAsJsonObject().get("ok").getAsBoolean());
    }

    @Test
    void malformedScenarioIsOneLineWithPosition() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"steps\": [\n  {\"op\": \"open_device\"},\n  {\"op\": \"creat_session\", \"name\": \"x\"}\n]}\n");
        String e = oneLineError(cli("run", f.toString()));
        assertEquals("luolab run: bad.json:3:10: unknown op \"creat_session\" in step 2 (did you mean \"create_session\"?)", e);
        Files.writeString(f, "{\"steps\": [\n  {\"op\": \"open_device\"}\n  {\"op\": \"close\"}\n]}\n");
        assertTrue(oneLineError(cli("run", f.toString())).startsWith("luolab run: bad.json:3:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "run /no/such/scenario.json",
        "run no-such-builtin",
        "run",
        "run default-demo --bogus",
        "run default-demo --trace loud",
        "frobnicate",
        "export default-demo --at 99 OUT",
        "export default-demo --at 0 OUT",
        "export default-demo --at soon OUT",
        "export selftest-basic-open-close --at kexec OUT",
        "export default-demo OUT",
        "boot /no/such/dir",
        "boot EMPTY",
        "inspect EMPTY",
        "run default-demo --from EMPTY",
        "trace default-demo --phase nope",
        "trace default-demo --from 100000",
    })
    void badInputIsOneClearLine(String cmd) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String[] args = cmd.replace("OUT", tmp.resolve("out").toString()).replace("EMPTY", empty.toString()).split(" ");
        String e = oneLineError(cli(args));
        assertTrue(e.startsWith("luolab"), e);
    }

    @Test
    void unreadableImageFilesAreNamed() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("img"));
        Files.writeString(d.resolve("handover.json"), "{\"page_size\": 4096,");
        assertTrue(oneLineError(cli("boot", d.toString())).contains("handover.json: malformed JSON"));
        Files.writeString(d.resolve("handover.json"), "{\"page_size\": 4096, \"ram_base\": 1073741824, \"ram_size\": 1048576, "
                + "\"kho_fdt_pa\": 1073745920, \"scratch\": [], \"abi\": \"v7\", \"boot\": 2}");
        assertTrue(oneLineError(cli("inspect", d.toString())).contains("memory.bin: missing"));
        Files.write(d.resolve("memory.bin"), new byte[4096]);
        assertTrue(oneLineError(cli("boot", d.toString())).contains("4096 bytes, but handover.json says ram_size 1048576"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "export", "boot", "inspect", "trace", "list"})
    void everyCommandHasHelp(String cmd) {
        var r = cli(cmd, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: luolab " + cmd), r.out());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        var r = cli("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"run", "export", "boot", "inspect", "trace", "list"}) {
            assertTrue(r.out().contains("  " + c + " "), c);
        }
        assertEquals(Main.EXIT_USAGE, cli().code());
    }

    @Test
    void listShowsBuiltins() {
        var r = cli("list");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("default-demo"));
        assertTrue(r.out().contains("selftest-luo-stress-files"));
        assertFalse(r.out().contains("broken"));
    }

    @Test
    void traceFiltersAndJson() {
        var r = cli("trace", "default-demo", "--phase", "serialize");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(lines[i].contains(" SERIALIZE "), lines[i]);
        }
        assertTrue(r.out().contains("luo_session_serialize > luo_file_freeze"));
        var j = cli("trace", "default-demo", "--kind", "StepMark", "--json");
        assertEquals(0, j.code(), j.err());
        JsonArray a = JsonParser.parseString(j.out()).getAsJsonArray();
        assertEquals(38, a.size());
        JsonObject first = a.get(0).getAsJsonObject();
        assertEquals("StepMark", first.get("kind").getAsString());
        assertTrue(first.get("details").getAsString().startsWith("step 1: note: "));
        var range = cli("trace", "default-demo", "--from", "3", "--to", "5", "--json");
        JsonArray ra = JsonParser.parseString(range.out()).getAsJsonArray();
        assertEquals(3, ra.size());
        assertEquals(3, ra.get(0).getAsJsonObject().get("index").getAsInt());
    }
}

package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import luolab.cli.CorruptCommand;
import luolab.cli.FuzzCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The two commands as the CLI will run them (registered in luolab.cli.Main by the lead). */
class CliCommandsTest {
    private static String[] run(Object cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new String[] {"" + rc, out.toString(), err.toString()};
    }

    @Test
    void corruptListPrintsEveryInjectorGrouped() {
        String[] r = run(new CorruptCommand(), "--list");
        assertEquals("0", r[0]);
        for (Group g : Group.values()) {
            assertTrue(r[1].contains("== " + g.label() + " =="), g.label());
        }
        for (Injector i : Catalog.all()) {
            assertTrue(r[1].contains(i.name() + " — " + i.description()), i.name());
            assertTrue(r[1].contains(i.outcome()), i.name());
        }
        assertTrue(r[1].contains("from = last  [first | middle | last | 0..29999]"));
    }

    @Test
    void corruptRunsOneInjectorOnTheDemo() {
        String[] r = run(new CorruptCommand(), "luo-compatible", "-p", "value=luo-v9");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("luo: LUO state is incompatible with 'luo-v5'"), r[1]);
        assertTrue(r[1].contains("matches the documented outcome"), r[1]);
        assertEquals("2", run(new CorruptCommand(), "no-such")[0]);
        assertEquals("2", run(new CorruptCommand(), "self-loop", "-p", "block=9")[0]);
        assertEquals("2", run(new CorruptCommand(), "self-loop", "--stage", "later")[0]);
    }

    @Test
    void fuzzPrintsCountsAndTheSlowestCase() {
        String[] r = run(new FuzzCommand(), "--iterations", "25", "--seed", "3");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("fuzz: 25 iterations, seed 3"), r[1]);
        assertTrue(r[1].contains("slowest case: seed"), r[1]);
        assertEquals("2", run(new FuzzCommand(), "--iterations", "0")[0]);
        assertEquals("2", run(new FuzzCommand(), "--mutations", "sideways")[0]);
        String[] one = run(new FuzzCommand(), "--case", "42", "--mutations", "bit-flip");
        assertEquals("0", one[0], one[2]);
        assertTrue(one[1].startsWith("case 42:"), one[1]);
    }
}

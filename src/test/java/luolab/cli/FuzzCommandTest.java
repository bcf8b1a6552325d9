package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import luolab.engine.corrupt.Fuzzer;
import luolab.engine.corrupt.OutcomeKind;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code luolab fuzz}: the expectation check in its report, help and exit status. */
class FuzzCommandTest {
    private static Fuzzer.Result result(int javaExceptions, int disagreements) {
        return new Fuzzer.Result(1, 1, Map.of(), Map.of(OutcomeKind.JAVA_EXCEPTION, javaExceptions), null, 1, List.of(), Map.of(), Map.of(),
                new Fuzzer.Tally(0, disagreements, 0), List.of());
    }

    @Test
    void exitsOneOnADisagreementOrAJavaException() {
        assertEquals(FuzzCommand.EXIT_OK, FuzzCommand.exitCode(result(0, 0)));
        assertEquals(FuzzCommand.EXIT_FAILED, FuzzCommand.exitCode(result(0, 1)));
        assertEquals(FuzzCommand.EXIT_FAILED, FuzzCommand.exitCode(result(1, 0)));
    }

    @Test
    void helpDocumentsTheCheckAndTheExitStatus() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new FuzzCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("counts agreements, disagreements and cases without a definite expectation"), help);
        assertTrue(help.contains("1 a Java exception escaped the engine (a lab bug) or some outcome contradicted its mutation's stated "
                + "expectation"), help);
    }

    @Test
    void aRunPrintsTheExpectationTotalsAndOneCaseItsVerdict() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new FuzzCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--iterations", "40", "--seed", "2", "--mutations", "injector"));
        assertTrue(out.toString().matches("(?s).*\nexpectations: \\d+ agree, 0 disagree, \\d+ without a definite expectation\n.*"), out::toString);

        StringWriter one = new StringWriter();
        cl = new CommandLine(new FuzzCommand());
        cl.setOut(new PrintWriter(one));
        assertEquals(0, cl.execute("--case", "3106874473139371253"));
        assertTrue(one.toString().contains("\nexpectation: agree — expected panic: \"Attempted to kill init!"), one::toString);
    }
}

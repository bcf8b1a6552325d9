package luolab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The headless LUO Lab: {@code luolab <command> …}. Subcommands come from {@link #COMMANDS}; add a
 * command by writing a picocli {@code @Command} class (implementing {@code Callable<Integer>}) and
 * listing it there. Every command prints errors as one line on stderr and never a stack trace.
 */
@Command(name = "luolab", mixinStandardHelpOptions = true, version = "LUO Lab 0.1.0",
        description = "Headless LUO Lab: run live-update scenarios on the simulated machine, export and boot memory images, "
                + "inspect handovers, print traces.",
        footer = {"", "Exit status: 0 ok, 1 an expectation failed (or a kernel panicked or hung), 2 bad input, 3 internal error."})
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 3;

    /** The subcommands, in the order --help lists them. Add yours here. */
    public static final List<Supplier<Object>> COMMANDS = List.of(
            RunCommand::new,
            ExportCommand::new,
            BootCommand::new,
            InspectCommand::new,
            TraceCommand::new,
            ListCommand::new,
            CompareCommand::new,
            CorruptCommand::new,
            FuzzCommand::new,
            BenchCommand::new,
            LessonCommand::new,
            ExportHexpatCommand::new);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** A fully configured command line (subcommands, error handlers), for main() and for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Supplier<Object> c : COMMANDS) {
            cl.addSubcommand(c.get());
        }
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof CliException ce) {
                cmd.getErr().println(name + ": " + ce.getMessage());
                cmd.getErr().flush();
                return ce.exitCode();
            }
            cmd.getErr().println(name + ": internal error: " + ex);
            if (System.getenv("LUOLAB_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            cmd.getErr().flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /** Runs the CLI with the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            err.println("luolab: fatal: " + t);
            return EXIT_INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(execute(args, out, err));
    }
}

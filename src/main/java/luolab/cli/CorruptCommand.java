package luolab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import luolab.engine.abi.Abi;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.CorruptionReport;
import luolab.engine.corrupt.CorruptionRun;
import luolab.engine.corrupt.Group;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.Outcome;
import luolab.engine.corrupt.ParamSpec;
import luolab.engine.corrupt.Params;
import luolab.engine.corrupt.Scenario;
import luolab.engine.corrupt.Stage;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code luolab corrupt --list}: the corruption catalog; {@code luolab corrupt NAME -p k=v …}: apply
 * one injector to the demo scenario at a stage and show what the next kernel does with it.
 */
@Command(name = "corrupt", mixinStandardHelpOptions = true,
        description = {"The corruption catalog: named writes to physical memory and what the next kernel's restore path does "
                + "with them. With --list (or no injector) prints the catalog grouped, with parameters and documented outcomes. "
                + "With an injector name, builds the demo scenario (sessions alpha, beta, gamma), applies it at --stage, "
                + "finishes the live-update cycle and prints the writes and the outcome."},
        footer = {"", "Exit status: 0 ok (the outcome matched the documented one), 1 it did not, 2 bad input or the injector refused."})
public final class CorruptCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "print the catalog")
    boolean list;

    @Parameters(arity = "0..1", paramLabel = "INJECTOR", description = "an injector name from --list")
    String name;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "an injector parameter (repeatable)")
    List<String> params;

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "handover",
            description = "live (before serialize), handover (serialized, before the jump) or incoming (after the jump, before "
                    + "the first open); default: ${DEFAULT-VALUE}")
    String stage;

    @Option(names = "--extra-sessions", paramLabel = "N", defaultValue = "0",
            description = "add N empty sessions to the demo (52+ sessions make a second session block)")
    int extraSessions;

    @Option(names = "--many-files", paramLabel = "N", defaultValue = "0",
            description = "add a session 'many' with N test files (64+ make a second file block)")
    int manyFiles;

    @Option(names = "--ram", paramLabel = "MIB", defaultValue = "256", description = "machine RAM in MiB (default: ${DEFAULT-VALUE})")
    long ramMiB;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list || name == null) {
            printCatalog(out);
            out.flush();
            return EXIT_OK;
        }
        Injector inj = Catalog.byName(name);
        if (inj == null) {
            err.println("corrupt: no injector named '" + name + "' (see 'corrupt --list')");
            return EXIT_USAGE;
        }
        Params p = Params.parse(params == null ? List.of() : params);
        if (p == null) {
            err.println("corrupt: parameters are NAME=VALUE");
            return EXIT_USAGE;
        }
        Stage st;
        try {
            st = Stage.valueOf(stage.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("corrupt: --stage is live, handover or incoming");
            return EXIT_USAGE;
        }
        if (extraSessions < 0 || manyFiles < 0 || ramMiB < 16 || ramMiB > 65536) {
            err.println("corrupt: --extra-sessions/--many-files must be ≥ 0 and --ram 16..65536");
            return EXIT_USAGE;
        }
        Machine m = Machine.coldBoot(ramMiB << 20, Abi.V7, Trace.off());
        Scenario sc = Scenario.demo().withExtraSessions(extraSessions);
        if (manyFiles > 0) {
            sc = sc.withManyFiles(manyFiles);
        }
        sc.build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        if (st != Stage.LIVE) {
            if (!run.serialize()) {
                err.println("corrupt: the kexec was aborted before the injection");
                return EXIT_FAILED;
            }
            if (st == Stage.INCOMING) {
                run.jump();
            }
        }
        CorruptionReport r = run.inject(inj, p);
        out.println(r);
        if (!r.ok()) {
            out.flush();
            return EXIT_USAGE;
        }
        Outcome o = run.finishCycle();
        out.println();
        out.println("outcome: " + o.details());
        out.println("kernel log of the next boot:");
        o.log().forEach(l -> out.println("  | " + l));
        String mismatch = r.expected() == null ? null : r.expected().mismatch(o);
        out.println(mismatch == null ? "matches the documented outcome" : "DOES NOT MATCH the documented outcome: " + mismatch);
        out.flush();
        return mismatch == null ? EXIT_OK : EXIT_FAILED;
    }

    static void printCatalog(PrintWriter out) {
        out.println("LUO Lab corruption catalog: " + Catalog.all().size() + " injectors (writes to physical memory only)");
        for (Map.Entry<Group, List<Injector>> g : Catalog.byGroup().entrySet()) {
            out.println();
            out.println("== " + g.getKey().label() + " ==");
            for (Injector i : g.getValue()) {
                out.println();
                out.println(i.name() + " — " + i.description());
                out.println("    stages:  " + i.stages().stream().sorted().map(Stage::label).collect(Collectors.joining("; ")));
                if (i.params().isEmpty()) {
                    out.println("    params:  none");
                }
                boolean first = true;
                for (ParamSpec s : i.params()) {
                    out.println((first ? "    params:  " : "             ") + s.name() + " = "
                            + (s.required() ? "(required)" : s.defaultValue()) + "  [" + s.range() + "]  " + s.description());
                    first = false;
                }
                out.println("    writes:  " + i.writes());
                out.println("    outcome: " + i.outcome());
                if (!i.requirements().isEmpty()) {
                    out.println("    needs:   " + i.requirements());
                }
            }
        }
    }
}

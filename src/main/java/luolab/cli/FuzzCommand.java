package luolab.cli;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import luolab.engine.corrupt.Fuzzer;
import luolab.engine.corrupt.OutcomeKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code luolab fuzz --iterations N --seed S}: seeded corruption fuzzing of the restore path. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Corruption fuzzing: each iteration builds a random small scenario, serializes it, damages the preserved "
                + "metadata (bit flips, random u64s, random physical addresses, or a catalog injector with random parameters; "
                + "rarely a loop in KHO's radix tree, after which the next boot may hang), "
                + "boots the next kernel, opens /dev/liveupdate, retrieves every session and fd, and classifies the outcome. "
                + "Prints the counts by outcome (hangs apart from panics) and the slowest case. Every case whose one applied "
                + "mutation states a definite "
                + "expected outcome (kind, and the errno, step, panic text and log lines where it names them) is checked against "
                + "what happened: the report counts agreements, disagreements and cases without a definite expectation (\"depends\", "
                + "several mutations, nothing applied) per injector, and lists the first disagreements with the case seed that "
                + "reruns them. Deterministic for a seed; a case seed reruns one case."},
        footer = {"", "Exit status: 0 ok, 1 a Java exception escaped the engine (a lab bug) or some outcome contradicted its "
                + "mutation's stated expectation (with --case: that case did), 2 bad input."})
public final class FuzzCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1000", description = "cases to run (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--ram", paramLabel = "MIB", defaultValue = "16", description = "RAM of each machine in MiB (default: ${DEFAULT-VALUE})")
    long ramMiB;

    @Option(names = "--mutations", paramLabel = "KINDS", split = ",",
            description = "damage kinds: bit-flip, u64, pa, injector, radix-cycle (default: all; radix-cycle, which loops KHO's "
                    + "radix tree so the next boot may hang, is one case in " + Fuzzer.RADIX_CYCLE_ONE_IN + " unless it is the only kind)")
    List<String> mutations;

    @Option(names = "--abi", paramLabel = "GEN", defaultValue = "v7",
            description = "kernel generation of both kernels: v7, v2 (seed series v2), pre (pre-series) (default: ${DEFAULT-VALUE})")
    String abi;

    @Option(names = "--case", paramLabel = "CASE_SEED", description = "rerun one case (its seed as printed) and show its details")
    Long caseSeed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (iterations <= 0) {
            err.println("fuzz: --iterations must be positive");
            return EXIT_USAGE;
        }
        if (ramMiB < 4 || ramMiB > 65536) {
            err.println("fuzz: --ram must be 4..65536 MiB");
            return EXIT_USAGE;
        }
        EnumSet<Fuzzer.Mutation> kinds = EnumSet.allOf(Fuzzer.Mutation.class);
        if (mutations != null && !mutations.isEmpty()) {
            kinds.clear();
            for (String m : mutations) {
                try {
                    kinds.add(Fuzzer.Mutation.valueOf(m.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    err.println("fuzz: unknown mutation '" + m + "' (bit-flip, u64, pa, injector, radix-cycle)");
                    return EXIT_USAGE;
                }
            }
        }
        luolab.engine.abi.Abi gen = luolab.engine.abi.Abi.byId(abi);
        if (gen == null) {
            err.println("fuzz: unknown --abi '" + abi + "' (v7, v2, pre)");
            return EXIT_USAGE;
        }
        Fuzzer f = new Fuzzer(seed).ramSize(ramMiB << 20).mutations(kinds).abi(gen);
        if (caseSeed != null) {
            Fuzzer.CaseResult c = f.runCase(caseSeed);
            out.printf("case %d: %s, %.1f ms%n", c.seed(), c.scenario(), c.nanos() / 1e6);
            for (String m : c.mutations()) {
                out.println("  " + m);
            }
            if (c.exception() != null) {
                out.println("JAVA EXCEPTION:\n" + c.exception());
                out.flush();
                return EXIT_FAILED;
            }
            out.println(c.outcome().details());
            Fuzzer.Check ck = c.check();
            out.println("expectation: " + ck.verdict().name().toLowerCase(Locale.ROOT)
                    + (ck.expected() == null ? "" : " — expected " + ck.expected()) + (ck.why() == null ? "" : " (" + ck.why() + ")"));
            out.println("kernel log:");
            c.outcome().log().forEach(l -> out.println("  | " + l));
            out.flush();
            return ck.verdict() == Fuzzer.Verdict.DISAGREE ? EXIT_FAILED : EXIT_OK;
        }
        Fuzzer.Result r = f.run(iterations);
        out.print(r.report());
        out.flush();
        return exitCode(r);
    }

    /** 1 when a Java exception escaped or an outcome contradicted a definite expectation. */
    static int exitCode(Fuzzer.Result r) {
        return r.byKind().getOrDefault(OutcomeKind.JAVA_EXCEPTION, 0) > 0 || r.hasDisagreements() ? EXIT_FAILED : EXIT_OK;
    }
}

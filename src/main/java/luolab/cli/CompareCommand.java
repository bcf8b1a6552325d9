package luolab.cli;

import java.util.concurrent.Callable;
import luolab.compare.AbiComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code luolab compare}: the same workload on the three kernel generations. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run the same workload on the pre-series, series-v2 and merged-v7 kernels and show",
                "where each hits its limit, the blocks and preserved pages it uses, and what a kexec restores."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", defaultValue = "1000", description = "Sessions to create (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--files", defaultValue = "200", description = "Files to preserve in one session (default ${DEFAULT-VALUE}).")
    int files;

    @Override
    public Integer call() {
        if (sessions < 1 || files < 0 || sessions > 100_000 || files > 1_000_000) {
            throw new CliException("--sessions must be 1..100000 and --files 0..1000000", Main.EXIT_USAGE);
        }
        spec.commandLine().getOut().print(AbiComparison.table(AbiComparison.run(sessions, files)));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}

package luolab.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import luolab.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code luolab bench [--quick]}: every performance figure with its baseline and ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the engine against its physical limit, side by side in one run:",
                "full live-update cycles vs a bulk copy of the bytes they preserve, tracing overhead,",
                "step-back latency and the heap a 64 GiB machine costs. Prints figures; asserts nothing."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smaller loads (100,000 files instead of 1,000,000): under a minute.")
    boolean quick;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        new Bench(out, quick).runAll();
        out.flush();
        return Main.EXIT_OK;
    }

    /** Bench prints to a PrintStream; the CLI (and its tests) hand us a PrintWriter. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final java.io.PrintWriter w;

        WriterOutputStream(java.io.PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            w.flush();
        }
    }
}

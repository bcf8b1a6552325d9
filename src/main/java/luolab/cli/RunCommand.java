package luolab.cli;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.scenario.BootLog;
import luolab.scenario.MemoryImage;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.RunSummary;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;
import luolab.scenario.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario on a fresh simulated machine: every step with its result, the kernel log of every boot, "
                + "and a summary. Exits 0 only when every expectation holds.",
            "SCENARIO is a file or a built-in name (see 'luolab list')."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "scenario file or built-in name (e.g. default-demo)")
    String scenario;

    @Option(names = "--json", description = "print a machine-readable result (JSON) instead of text")
    boolean json;

    @Option(names = "--trace", paramLabel = "MODE", defaultValue = "off", description = "trace recording: full, coarse or off (default: ${DEFAULT-VALUE})")
    String trace;

    @Option(names = "--from", paramLabel = "OUT_DIR", description = "continue from an exported image: boot it, then run the steps after the export point")
    Path from;

    @Option(names = "--resume-at", paramLabel = "STEP", description = "with --from: first step to run (default: from OUT_DIR/export.json)")
    Integer resumeAt;

    @Option(names = "--inject", paramLabel = "NAME[:k=v,…][@STEP|@kexec]",
            description = {"inject a corruption from the catalog (see 'luolab corrupt --list'), e.g.",
                    "cyclic-chain:set=sessions,to=0@kexec (written after serialization, just before the first jump) or",
                    "bit-flip:pa=0x40c0a008,bit=3@5 (written when step 5 is about to run). Repeatable."})
    java.util.List<String> inject = new java.util.ArrayList<>();

    @Option(names = "--no-log", negatable = false, description = "do not print the kernel logs")
    boolean noLog;

    @Option(names = "--progress", description = "report progress on stderr while running")
    boolean progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario s = Injection.apply(Cli.loadScenario(scenario), inject);
        Trace.Mode mode = Cli.traceMode(trace);
        RunOptions opts = RunOptions.of(mode);
        if (from != null) {
            MemoryImage.Loaded img = Cli.loadImage(from);
            int resume;
            if (resumeAt != null) {
                resume = resumeAt - 1;
            } else if (img.export() != null) {
                resume = img.export().resumeStep();
                if (!img.export().scenario().equals(s.name())) {
                    err.println("luolab run: warning: " + from + " was exported from scenario \"" + img.export().scenario()
                            + "\", not \"" + s.name() + "\"");
                }
            } else {
                throw new CliException(from + " has no " + MemoryImage.EXPORT + ": give --resume-at STEP");
            }
            if (resume < 0 || resume > s.steps().size()) {
                throw new CliException("bad resume step " + (resume + 1) + ": scenario \"" + s.name() + "\" has " + s.steps().size() + " steps");
            }
            var h = img.handover();
            Machine m = Machine.bootFromImage(img.memory(), h.bootParams(), Abi.byId(h.abi()), new Trace(mode), h.boot());
            opts = opts.onMachine(m).steps(resume, -1);
        }
        if (progress) {
            long[] last = {0};
            opts = opts.withProgress(p -> {
                long now = System.nanoTime();
                if (now - last[0] < 500_000_000L && p.total() > 0 && p.done() < p.total()) {
                    return;
                }
                last[0] = now;
                err.println("  [" + Math.min(p.step() + 1, p.steps()) + "/" + p.steps() + "] "
                        + (p.total() > 0 ? Values.count(p.done()) + "/" + Values.count(p.total()) + " " : "") + abbreviate(p.description(), 70));
                err.flush();
            });
        }
        RunResult r = new ScenarioRunner().run(s, opts);
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(RunJson.of(r)));
        } else {
            printText(out, r, !noLog);
        }
        out.flush();
        return r.ok() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static void printText(PrintWriter out, RunResult r, boolean logs) {
        Scenario s = r.scenario();
        out.println("Scenario: " + s.name() + "  (" + s.source() + ", abi " + s.abi().id() + ", " + Values.human(s.ram()) + " RAM)");
        if (!s.description().isEmpty()) {
            out.println("  " + s.description());
        }
        out.println();
        out.println("Steps" + (r.firstStep() > 0 ? " (from step " + (r.firstStep() + 1) + ")" : "") + ":");
        for (StepOutcome o : r.outcomes()) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("  %4s  %-4s  %s", o.path(), o.ok() ? "ok" : "FAIL", abbreviate(o.description(), 110)));
            if (o.result() != null) {
                sb.append("  = ").append(o.resultText());
            }
            if (!o.message().isEmpty() && !o.op().equals("note")) {
                sb.append("  — ").append(o.message());
            }
            out.println(sb);
        }
        if (r.cancelled()) {
            out.println("  (cancelled)");
        }
        if (logs) {
            for (BootLog b : r.boots()) {
                out.println();
                out.println("Kernel log, boot " + b.boot() + " (" + b.abi() + ")" + (b.panicked() ? " — PANICKED" : b.hung() ? " — HUNG" : "") + ":");
                if (KernelLog.hasNotes(b.lines())) {
                    out.println("  " + KernelLog.NOTE_LEGEND);
                }
                for (KernelLog.Line l : b.lines()) {
                    out.println("  " + l);
                }
            }
        }
        RunSummary sum = r.summary();
        out.println();
        out.println("Summary:");
        if (sum.handedOver() != null) {
            out.println("  handed over at kexec: " + sum.handedOver());
        }
        out.println("  end of run (boot " + r.machine().kernel().boot() + ", outgoing): " + sum.end());
        out.println("  expectations: " + sum.expectationsMet() + " met, " + sum.expectationsFailed() + " failed");
        out.println("  boots: " + sum.boots() + ", panicked: " + (sum.panicked() ? "yes" : "no") + (sum.hung() ? ", hung: yes" : "") + ", time: " + sum.elapsedMillis() + " ms"
                + (r.trace().recording() ? ", trace events: " + r.trace().size() : ""));
        out.println("Result: " + (r.ok() ? "PASS" : "FAIL"));
    }
}

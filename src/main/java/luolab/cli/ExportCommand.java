package luolab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.Counts;
import luolab.scenario.MemoryImage;
import luolab.scenario.Op;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;
import luolab.scenario.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Run a scenario up to a step, then do the old kernel's half of a kexec (liveupdate_reboot() "
                + "serialization) and write the machine as it is at the jump into OUT_DIR: memory.bin (sparse raw RAM), "
                + "handover.json (what the next kernel is told), kho.dtb (the KHO root FDT) and export.json.",
            "--at kexec: the first kexec step of the scenario (after serialization, before the new kernel boots).",
            "--at N: after step N (numbered as 'luolab run' prints them); if step N+1 is a kexec, that kexec is the one exported."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario file or built-in name")
    String scenario;

    @Parameters(index = "1", paramLabel = "OUT_DIR", description = "directory to write (created if missing)")
    Path outDir;

    @Option(names = "--at", required = true, paramLabel = "STEP", description = "\"kexec\" or a step number")
    String at;

    @Option(names = "--trace", paramLabel = "MODE", defaultValue = "off", description = "trace recording while running: full, coarse or off")
    String trace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario s = Cli.loadScenario(scenario);
        int n = s.steps().size();
        int end;
        int resume;
        Abi nextAbi = null;
        String atText;
        if (at.equalsIgnoreCase("kexec")) {
            int k = s.firstKexec();
            if (k < 0) {
                throw new CliException("bad --at kexec: scenario \"" + s.name() + "\" has no top-level kexec step (give --at STEP)");
            }
            end = k;
            resume = k + 1;
            nextAbi = kexecAbi(s, k);
            atText = "kexec (step " + (k + 1) + ")";
        } else {
            int step;
            try {
                step = Integer.parseInt(at.trim());
            } catch (NumberFormatException e) {
                throw new CliException("bad --at \"" + at + "\": give \"kexec\" or a step number 1.." + n);
            }
            if (step < 1 || step > n) {
                throw new CliException("bad --at " + step + ": scenario \"" + s.name() + "\" has steps 1.." + n);
            }
            end = step;
            resume = step;
            atText = "after step " + step;
            if (step < n && s.steps().get(step).action() instanceof Op.Kexec) {
                nextAbi = kexecAbi(s, step);
                resume = step + 1;
                atText += ", kexec (step " + (step + 1) + ")";
            }
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new CliException(outDir + ": exists and is not a directory");
        }
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(Cli.traceMode(trace)).steps(0, end));
        for (StepOutcome o : r.outcomes()) {
            if (!o.ok()) {
                err.println("luolab export: warning: step " + o.path() + " (" + o.op() + ") did not meet its expectation: " + o.message());
            }
        }
        Machine m = r.machine();
        if (m.kernel().panicked()) {
            throw new CliException("cannot export: the kernel (boot " + m.kernel().boot() + ") panicked: " + m.kernel().panicMessage(), Main.EXIT_FAILED);
        }
        Abi abi = nextAbi != null ? nextAbi : m.kernel().abi();
        Counts c = Counts.outgoing(m.kernel());
        int[] e = new int[1];
        BootParams bp = m.serializeForKexec(e);
        if (bp == null) {
            throw new CliException("cannot export: liveupdate_reboot() failed with " + Errno.pe(e[0]) + ", the kexec would be aborted",
                    Main.EXIT_FAILED);
        }
        PhysicalMemory mem = m.memory();
        MemoryImage.Handover h = new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), bp.khoFdtPa(),
                bp.scratch(), abi.id(), m.boots() + 1);
        long pages;
        try {
            pages = MemoryImage.write(outDir, mem, h, new MemoryImage.ExportInfo(s.name(), s.source(), atText, resume));
        } catch (IOException ex) {
            throw new CliException(outDir + ": cannot write: " + ex.getMessage());
        }
        out.println("Exported \"" + s.name() + "\" at " + atText + " to " + outDir);
        out.println("  handover from boot " + m.kernel().boot() + " to boot " + h.boot() + " (" + abi.id() + "): " + c);
        out.println(String.format("  KHO root FDT at 0x%x; RAM 0x%x..0x%x (%s), %d pages with data", bp.khoFdtPa(), mem.base(), mem.end(),
                Values.human(mem.size()), pages));
        out.println("  files: " + MemoryImage.MEMORY + " (sparse), " + MemoryImage.HANDOVER + ", " + MemoryImage.DTB + ", " + MemoryImage.EXPORT);
        out.println("  next: luolab boot " + outDir + "   |   luolab inspect " + outDir + "   |   luolab run " + scenario + " --from " + outDir);
        return Main.EXIT_OK;
    }

    private static Abi kexecAbi(Scenario s, int index) {
        Op.Kexec k = (Op.Kexec) s.steps().get(index).action();
        return k.abi() == null ? null : Abi.byId(k.abi());
    }
}

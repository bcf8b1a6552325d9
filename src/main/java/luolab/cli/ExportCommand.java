package luolab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import luolab.engine.machine.Machine;
import luolab.export.ExportException;
import luolab.export.MachineExport;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.MemoryImage;
import luolab.scenario.Scenario;
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
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new CliException(outDir + ": exists and is not a directory");
        }
        MachineExport.Prepared p = prepare(s, at, trace);
        for (StepOutcome o : p.unmet()) {
            err.println("luolab export: warning: step " + o.path() + " (" + o.op() + ") did not meet its expectation: " + o.message());
        }
        Machine m = p.machine();
        PhysicalMemory mem = m.memory();
        MemoryImage.Handover h = p.handover();
        long pages;
        try {
            pages = MachineExport.writeImage(p, outDir);
        } catch (IOException ex) {
            throw new CliException(outDir + ": cannot write: " + ex.getMessage());
        }
        out.println("Exported \"" + s.name() + "\" at " + p.atText() + " to " + outDir);
        out.println("  handover from boot " + m.kernel().boot() + " to boot " + h.boot() + " (" + p.abi().id() + "): " + p.counts());
        out.println(String.format("  KHO root FDT at 0x%x; RAM 0x%x..0x%x (%s), %d pages with data", p.bootParams().khoFdtPa(), mem.base(), mem.end(),
                Values.human(mem.size()), pages));
        out.println("  files: " + MemoryImage.MEMORY + " (sparse), " + MemoryImage.HANDOVER + ", " + MemoryImage.DTB + ", " + MemoryImage.EXPORT);
        out.println("  next: luolab boot " + outDir + "   |   luolab inspect " + outDir + "   |   luolab run " + scenario + " --from " + outDir);
        return Main.EXIT_OK;
    }

    /** The scenario run to --at and serialized, as every export command needs it; input errors become CLI errors. */
    static MachineExport.Prepared prepare(Scenario s, String at, String trace) {
        try {
            return MachineExport.prepare(s, at, Cli.traceMode(trace));
        } catch (ExportException e) {
            throw new CliException(e.getMessage(), e.failed() ? Main.EXIT_FAILED : Main.EXIT_USAGE);
        }
    }
}

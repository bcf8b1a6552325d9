package luolab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import luolab.export.MachineExport;
import luolab.scenario.Scenario;
import luolab.scenario.StepOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export-hexpat", mixinStandardHelpOptions = true,
        description = {"Write an ImHex pattern (.hexpat) for the memory image 'luolab export SCENARIO --at STEP' writes: "
                + "the LUO/KHO structs (generated from the simulator's ABI layouts) and their instances in that run, "
                + "placed at PA - ram_base.",
            "--at kexec | N: as for export. --image DIR also writes that memory image, so the two surely match."})
final class ExportHexpatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario file or built-in name")
    String scenario;

    @Parameters(index = "1", paramLabel = "FILE", description = "the .hexpat file to write")
    Path file;

    @Option(names = "--at", required = true, paramLabel = "STEP", description = "\"kexec\" or a step number")
    String at;

    @Option(names = "--image", paramLabel = "DIR", description = "also write the memory image (as 'luolab export') into DIR")
    Path image;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario s = Cli.loadScenario(scenario);
        if (Files.isDirectory(file)) {
            throw new CliException(file + ": is a directory (give the .hexpat file to write)");
        }
        MachineExport.Prepared p = ExportCommand.prepare(s, at, "off");
        for (StepOutcome o : p.unmet()) {
            err.println("luolab export-hexpat: warning: step " + o.path() + " (" + o.op() + ") did not meet its expectation: " + o.message());
        }
        String pat = MachineExport.hexpat(p);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, pat);
            if (image != null) {
                MachineExport.writeImage(p, image);
            }
        } catch (IOException e) {
            throw new CliException("cannot write: " + e.getMessage());
        }
        long placed = pat.lines().filter(l -> l.contains(" @ 0x")).count();
        out.println("Wrote " + file + ": " + placed + " placements for \"" + s.name() + "\" at " + p.atText()
                + String.format(" (ram_base 0x%x)", p.memory().base()));
        out.println("  open " + (image != null ? image.resolve("memory.bin") : "memory.bin (luolab export " + scenario + " --at " + at + " DIR)")
                + " in ImHex and import this pattern");
        return Main.EXIT_OK;
    }
}

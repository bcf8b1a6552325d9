package luolab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Walk an exported image the way the next kernel would, without booting it: the KHO root FDT (as dts), "
                + "the luo_ser blob, the session block chain (PA, count/capacity per block; cycles and over-long chains "
                + "detected), each session's name, file count, file chain and entries (token, compatible, data), the FLB page, "
                + "and the preserved ranges of KHO's radix tree."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OUT_DIR", description = "an exported image directory")
    Path dir;

    @Option(names = "--all", description = "print every block, session, file and preserved range (default: the first 64 / 16)")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var img = Cli.loadImage(dir);
        ImageWalker w = new ImageWalker(img.memory(), img.handover(), out, all);
        w.walk(img.pagesWithData());
        out.flush();
        return Main.EXIT_OK;
    }
}

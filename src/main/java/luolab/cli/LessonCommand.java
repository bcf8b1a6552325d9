package luolab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import luolab.lesson.Lesson;
import luolab.lesson.LessonException;
import luolab.lesson.LessonLoader;
import luolab.lesson.LessonProblem;
import luolab.lesson.LessonValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lesson", mixinStandardHelpOptions = true,
        description = {"Guided lessons (assets/lessons/*.json).",
            "  lesson --list            the built-in lessons",
            "  lesson validate FILE…    check lesson files: the format, then a run of each scenario (every run_to reached, "
                    + "highlighted sessions and tokens exist)"},
        subcommands = LessonCommand.Validate.class)
final class LessonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "list the built-in lessons")
    boolean list;

    @Override
    public Integer call() {
        if (!list) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return Main.EXIT_USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        LessonLoader loader = new LessonLoader();
        for (String id : LessonLoader.builtins()) {
            try {
                Lesson l = loader.loadBuiltin(id);
                long predicts = l.beats().stream().filter(b -> b.predict() != null).count();
                out.printf("%-30s %3d min  %2d beats  %d predict  %s%n", id, l.minutes(), l.size(), predicts, l.title());
            } catch (LessonException e) {
                out.printf("%-30s (broken: %s)%n", id, e.getMessage());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check lesson files and print every problem as FILE:LINE:COL: beat N (\"title\"): what is wrong.",
                "FILE may be a path or a built-in lesson id. Exit status 1 if any file has errors."})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "lesson file(s) or built-in id(s)")
        List<String> files;

        @Option(names = "--no-run", description = "only check the file; do not run the scenario")
        boolean noRun;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int bad = 0;
            for (String f : files) {
                LessonValidator.Report r = report(f);
                for (LessonProblem p : r.problems()) {
                    out.println(p);
                }
                if (r.ok()) {
                    Lesson l = r.lesson();
                    out.println("ok: " + l.file() + " — \"" + l.title() + "\", " + l.size() + " beats, "
                            + l.scenario().steps().size() + " scenario steps" + (noRun ? "" : ", " + r.events() + " events"));
                } else {
                    bad++;
                    out.println("FAILED: " + f + " — " + r.errors() + " error" + (r.errors() == 1 ? "" : "s"));
                }
            }
            out.flush();
            return bad == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
        }

        private LessonValidator.Report report(String ref) {
            Path p = Path.of(ref);
            String name;
            String text;
            try {
                if (Files.isRegularFile(p)) {
                    name = p.getFileName().toString();
                    text = Files.readString(p);
                } else if (Files.exists(p)) {
                    throw new CliException(ref + ": not a lesson file");
                } else if (!ref.contains("/") && LessonLoader.builtins().contains(ref.replaceAll("\\.json$", ""))) {
                    name = ref.replaceAll("\\.json$", "") + ".json";
                    try (var in = LessonCommand.class.getResourceAsStream(LessonLoader.BUILTIN_DIR + name)) {
                        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                } else {
                    throw new CliException(ref + ": no such lesson file or built-in lesson");
                }
            } catch (java.io.IOException e) {
                throw new CliException(ref + ": cannot read: " + e.getMessage());
            }
            if (noRun) {
                LessonLoader.Result res = new LessonLoader().check(name, text);
                return new LessonValidator.Report(res.lesson(), res.problems(), 0);
            }
            return LessonValidator.validate(name, text);
        }
    }
}

package luolab.ui;

import java.nio.file.Path;
import java.util.List;
import luolab.lesson.LessonLoader;

/**
 * The workbench's command line: {@code [--lesson ID|N|FILE] [--presenter] [SCENARIO.json]}. A
 * teacher starts class with {@code --lesson 8 --presenter}; a lesson number is its place in the
 * built-in list (1-based), an id is its file name without .json, anything with a slash a file.
 * Bad arguments do not stop the app: {@link #error} says what was wrong and the defaults apply.
 */
public record LaunchOptions(Path scenario, String lesson, boolean presenter, String error) {
    public static final String USAGE = "luolab-app [--lesson ID|N|FILE] [--presenter] [SCENARIO.json]";

    public static LaunchOptions parse(List<String> args) {
        Path scenario = null;
        String lesson = null;
        boolean presenter = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--presenter" -> presenter = true;
                case "--lesson" -> {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        return new LaunchOptions(scenario, null, presenter, "--lesson needs a lesson: " + lessonChoices());
                    }
                    lesson = resolveLesson(args.get(++i));
                    if (lesson == null) {
                        return new LaunchOptions(scenario, null, presenter,
                                "There is no lesson " + args.get(i) + ": " + lessonChoices());
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        return new LaunchOptions(scenario, lesson, presenter, "Unknown option " + a + ". Usage: " + USAGE);
                    }
                    if (scenario != null) {
                        return new LaunchOptions(scenario, lesson, presenter, "Only one scenario can be opened (got "
                                + scenario + " and " + a + "). Usage: " + USAGE);
                    }
                    scenario = Path.of(a);
                }
            }
        }
        return new LaunchOptions(scenario, lesson, presenter, null);
    }

    /** A built-in id for a number or an id (with or without .json), a file reference as given, else null. */
    static String resolveLesson(String ref) {
        List<String> ids = LessonLoader.builtins();
        if (ref.matches("\\d{1,3}")) {
            int n = Integer.parseInt(ref);
            return n >= 1 && n <= ids.size() ? ids.get(n - 1) : null;
        }
        String id = ref.endsWith(".json") && !ref.contains("/") ? ref.substring(0, ref.length() - 5) : ref;
        if (ids.contains(id)) {
            return id;
        }
        if (ref.contains("/") || ref.contains("\\") || java.nio.file.Files.isRegularFile(Path.of(ref))) {
            return ref;
        }
        return null;
    }

    private static String lessonChoices() {
        List<String> ids = LessonLoader.builtins();
        return "a number 1-" + ids.size() + ", an id (" + (ids.isEmpty() ? "none built in" : ids.get(0) + " …") + ") or a lesson file";
    }
}

package luolab.lesson;

import java.util.List;

/** A lesson that cannot be used: every problem found (the message shows the first and counts the rest). */
public final class LessonException extends Exception {
    private final List<LessonProblem> problems;

    public LessonException(List<LessonProblem> problems) {
        super(message(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<LessonProblem> problems() {
        return problems;
    }

    private static String message(List<LessonProblem> ps) {
        if (ps.isEmpty()) {
            return "invalid lesson";
        }
        int errors = (int) ps.stream().filter(p -> !p.warning()).count();
        LessonProblem first = ps.stream().filter(p -> !p.warning()).findFirst().orElse(ps.get(0));
        return first + (errors > 1 ? " (and " + (errors - 1) + " more problem" + (errors > 2 ? "s" : "") + ")" : "");
    }
}

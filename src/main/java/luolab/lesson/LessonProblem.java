package luolab.lesson;

import luolab.scenario.SourcePos;

/**
 * One thing wrong with a lesson file: where (file:line:column), which beat (-1: the lesson itself),
 * and what. {@code warning} problems do not stop the lesson from loading.
 */
public record LessonProblem(SourcePos pos, int beat, String beatTitle, String message, boolean warning) {
    public static LessonProblem error(SourcePos pos, int beat, String beatTitle, String message) {
        return new LessonProblem(pos, beat, beatTitle, message, false);
    }

    /** {@code 08-cyclic-chain-floyd.json:71:19: beat 3 ("Tortoise and hare"): predict.answer 2 is out of range …}. */
    @Override
    public String toString() {
        String where = beat < 0 ? "" : "beat " + (beat + 1) + (beatTitle == null || beatTitle.isEmpty() ? "" : " (\"" + beatTitle + "\")") + ": ";
        return pos + ": " + (warning ? "warning: " : "") + where + message;
    }
}

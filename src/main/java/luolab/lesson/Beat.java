package luolab.lesson;

import luolab.scenario.SourcePos;

/**
 * One step of a lesson: where the machine should be ({@link RunTo}), what to say, what to point at
 * and, optionally, a question for the class before the next beat shows the answer. {@code index}
 * is 0-based; {@code pos} is where the beat starts in the lesson file.
 */
public record Beat(int index, String title, String narration, RunTo runTo, Highlight highlight, Predict predict,
        SourcePos pos) {

    /** "beat 3 (\"Tortoise and hare\")" — 1-based, as the panel numbers them. */
    public String label() {
        return "beat " + (index + 1) + (title == null || title.isEmpty() ? "" : " (\"" + title + "\")");
    }
}

package luolab.lesson;

import java.util.List;

/** A question for the class: choices, the index of the right one (0-based) and what to say at the reveal. */
public record Predict(String question, List<String> choices, int answer, String reveal) {
    public Predict {
        choices = List.copyOf(choices);
    }
}

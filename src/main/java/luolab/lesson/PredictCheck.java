package luolab.lesson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A beat's predict: the question the class answers before the reveal, 2 to 9 non-empty choices
 * (the keys 1–9 pick them in presenter mode) and the 0-based index of the right one.
 */
final class PredictCheck {
    private PredictCheck() {
    }

    static Predict predict(LessonChecker c, JsonElement e) {
        if (!e.isJsonObject()) {
            c.err(e, "predict must be an object {\"question\", \"choices\", \"answer\", \"reveal\"}");
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        c.unknownKeys(o, LessonLoader.PREDICT_KEYS, "predict");
        String q = c.string(o, "question", true);
        String reveal = c.string(o, "reveal", true);
        List<String> choices = new ArrayList<>();
        boolean ok = q != null && reveal != null;
        JsonElement cs = o.get("choices");
        if (cs == null) {
            c.err(o, "predict: missing \"choices\"");
            ok = false;
        } else if (!cs.isJsonArray() || cs.getAsJsonArray().size() < 2) {
            c.err(cs, "predict.choices must be a list of at least 2 answers");
            ok = false;
        } else {
            for (JsonElement ch : cs.getAsJsonArray()) {
                if (!ch.isJsonPrimitive() || !ch.getAsJsonPrimitive().isString() || ch.getAsString().isBlank()) {
                    c.err(ch, "predict.choices: every choice is a non-empty string");
                    ok = false;
                } else {
                    choices.add(ch.getAsString());
                }
            }
            if (choices.size() > 9) {
                c.err(cs, "predict.choices: at most 9 (the keys 1–9 pick them)");
                ok = false;
            }
        }
        Long answer = o.has("answer") ? c.integer(o, "answer") : null;
        if (!o.has("answer")) {
            c.err(o, "predict: missing \"answer\" (0-based index of the right choice)");
            ok = false;
        } else if (answer == null) {
            ok = false;
        } else if (cs != null && cs.isJsonArray() && (answer < 0 || answer >= cs.getAsJsonArray().size())) {
            int n = cs.getAsJsonArray().size();
            c.err(c.pj.pos(o, "answer"), "predict answer " + answer + " is out of range: " + n + " choices, so 0.." + (n - 1)
                    + " (0-based)");
            ok = false;
        }
        return ok ? new Predict(q, choices, answer.intValue(), reveal) : null;
    }
}

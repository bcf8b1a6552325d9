package luolab.lesson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One beat of a lesson: its title and narration, checked here, and its run_to, highlight and
 * predict parts ({@link RunToCheck}, {@link HighlightCheck}, {@link PredictCheck}). A beat with
 * any bad part is left out (null) after every part has reported its problems.
 */
final class BeatCheck {
    private BeatCheck() {
    }

    static Beat beat(LessonChecker c, JsonElement e, int index) {
        if (!e.isJsonObject()) {
            c.err(e, "a beat is an object {\"title\", \"narration\", \"run_to\", …}");
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        if (o.has("title") && o.get("title").isJsonPrimitive()) {
            // before any other check, so every problem of this beat names it
            c.beatTitle = o.get("title").getAsString();
        }
        c.unknownKeys(o, LessonLoader.BEAT_KEYS, "beat");
        String title = c.string(o, "title", true);
        String narration = c.string(o, "narration", true);
        if (narration != null) {
            narration(c, o.get("narration"), narration);
        }
        RunTo runTo = null;
        if (!o.has("run_to")) {
            c.err(o, "missing \"run_to\" ({\"step\": N}, {\"phase\": \"serialize\"} or {\"event\": \"FloydStep\", \"nth\": 1})");
        } else {
            runTo = RunToCheck.runTo(c, o.get("run_to"));
        }
        Highlight h = o.has("highlight") ? HighlightCheck.highlight(c, o.get("highlight")) : Highlight.NONE;
        Predict p = o.has("predict") ? PredictCheck.predict(c, o.get("predict")) : null;
        if (title == null || narration == null || runTo == null || h == null || (o.has("predict") && p == null)) {
            return null;
        }
        return new Beat(index, title, narration, runTo, h, p, c.pj.pos(e));
    }

    /**
     * The narration's markup must balance: code spans in backticks, then emphasis in stars outside
     * them, since the lesson panel renders both and an odd one would swallow the rest of the text.
     */
    private static void narration(LessonChecker c, JsonElement where, String text) {
        if (text.isBlank()) {
            c.err(where, "narration is empty");
            return;
        }
        long ticks = text.chars().filter(ch -> ch == '`').count();
        if (ticks % 2 != 0) {
            c.err(where, "narration has an unmatched ` (code spans are `like this`)");
            return;
        }
        StringBuilder outside = new StringBuilder();
        boolean code = false;
        for (char ch : text.toCharArray()) {
            if (ch == '`') {
                code = !code;
            } else if (!code) {
                outside.append(ch);
            }
        }
        long stars = outside.chars().filter(ch -> ch == '*').count();
        if (stars % 2 != 0) {
            c.err(where, "narration has an unmatched * (emphasis is *like this*)");
        }
    }
}

package luolab.lesson;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import luolab.scenario.PositionedJson;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioException;
import luolab.scenario.ScenarioParser;
import luolab.scenario.SourcePos;
import luolab.scenario.Step;

/**
 * One check of one lesson document: the top-level object and its scenario, then every beat
 * through {@link BeatCheck}. Problems are collected rather than thrown, each tagged with the beat
 * being read, so one load lists every mistake in the file; the typed field readers here report
 * into the same list.
 */
final class LessonChecker {
    final PositionedJson pj;
    final List<LessonProblem> problems = new ArrayList<>();
    private final ScenarioParser scenarios;
    /** The beat being read (0-based; -1: the lesson itself) and its title, for every problem. */
    int beat = -1;
    String beatTitle;
    /** Top-level steps of the lesson's scenario, -1 (and null) when it did not parse. */
    int steps = -1;
    List<Step> scenarioSteps;

    LessonChecker(PositionedJson pj, ScenarioParser scenarios) {
        this.pj = pj;
        this.scenarios = scenarios;
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> !p.warning());
    }

    void err(SourcePos pos, String msg) {
        problems.add(LessonProblem.error(pos, beat, beatTitle, msg));
    }

    void err(JsonElement where, String msg) {
        err(pj.pos(where), msg);
    }

    void warn(JsonElement where, String msg) {
        problems.add(new LessonProblem(pj.pos(where), beat, beatTitle, msg, true));
    }

    Lesson lesson(String text) {
        JsonElement rootEl = pj.root();
        if (rootEl == null || !rootEl.isJsonObject()) {
            err(rootEl, "a lesson is a JSON object {\"id\", \"title\", \"scenario\", \"beats\", …}");
            return null;
        }
        JsonObject root = rootEl.getAsJsonObject();
        unknownKeys(root, LessonLoader.TOP_KEYS, "lesson");
        String id = string(root, "id", true);
        String fileId = pj.file().endsWith(".json") ? pj.file().substring(0, pj.file().length() - 5) : null;
        if (id != null && fileId != null && !id.equals(fileId)) {
            err(pj.pos(root, "id"), "id \"" + id + "\" does not match the file name " + pj.file()
                    + " (the id is also the file name)");
        }
        String title = string(root, "title", true);
        String summary = string(root, "summary", false);
        int minutes = 0;
        if (root.has("minutes")) {
            Long m = integer(root, "minutes");
            if (m != null && (m < 1 || m > 240)) {
                err(pj.pos(root, "minutes"), "minutes must be 1..240, got " + m);
            } else if (m != null) {
                minutes = m.intValue();
            }
        }
        Scenario scenario = null;
        String scenarioJson = null;
        if (!root.has("scenario")) {
            err(root, "missing \"scenario\" (the scenario the lesson runs)");
        } else if (!root.get("scenario").isJsonObject()) {
            err(root.get("scenario"), "\"scenario\" must be an object {\"ram\", \"abi\", \"steps\": […]}");
        } else {
            scenarioJson = new Gson().toJson(root.get("scenario"));
            try {
                // the scenario member is parsed from the text again so its positions are the lesson file's
                scenario = scenarios.parseMember(pj.file(), new StringReader(text), "scenario");
                steps = scenario.steps().size();
                scenarioSteps = scenario.steps();
            } catch (ScenarioException e) {
                err(e.pos(), "scenario: " + e.getMessage().substring(Math.min(e.getMessage().length(),
                        e.pos().toString().length() + 2)));
            }
        }
        List<Beat> beats = new ArrayList<>();
        JsonElement bs = root.get("beats");
        if (bs == null) {
            err(root, "missing \"beats\" (the list the teacher steps through)");
        } else if (!bs.isJsonArray() || bs.getAsJsonArray().isEmpty()) {
            err(bs, "\"beats\" must be a non-empty list of beat objects");
        } else {
            JsonArray arr = bs.getAsJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                beat = i;
                beatTitle = null;
                Beat b = BeatCheck.beat(this, arr.get(i), i);
                if (b != null) {
                    beats.add(b);
                }
            }
            beat = -1;
            beatTitle = null;
        }
        if (title != null && id != null && scenario != null && !beats.isEmpty()) {
            return new Lesson(id, title, summary == null ? "" : summary, minutes, scenario, scenarioJson, beats, pj.file());
        }
        return null;
    }

    // ---- field readers: report what is wrong and return null ----------------------------------------

    String string(JsonObject o, String key, boolean required) {
        JsonElement v = o.get(key);
        if (v == null) {
            if (required) {
                err(o, "missing \"" + key + "\"");
            }
            return null;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            err(v, "\"" + key + "\" must be a string");
            return null;
        }
        String s = v.getAsString();
        if (required && s.isBlank()) {
            err(v, "\"" + key + "\" is empty");
            return null;
        }
        return s;
    }

    Long integer(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v instanceof JsonPrimitive p && p.isNumber()) {
            try {
                return Long.parseLong(p.getAsString());
            } catch (NumberFormatException ignored) {
                // falls through
            }
        }
        err(v == null ? o : v, "\"" + key + "\" must be a whole number");
        return null;
    }

    void unknownKeys(JsonObject o, List<String> known, String what) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                err(pj.pos(o, k), "unknown key \"" + k + "\" in " + what + DidYouMean.suggest(k, known) + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }
}

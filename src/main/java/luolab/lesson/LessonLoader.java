package luolab.lesson;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.PositionedJson;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioException;
import luolab.scenario.ScenarioParser;
import luolab.scenario.SourcePos;
import luolab.scenario.Values;

/**
 * Reads lesson files (format: assets/lessons/README.md) and checks everything that can be checked
 * without running the scenario: the shape of every beat, {@code run_to} targets (step in range,
 * known phase, known event kind), highlight kinds, struct and field names, chains, predict answers.
 * All problems are collected, so one load lists every mistake in the file.
 * {@link LessonValidator} adds the checks that need a run.
 */
public final class LessonLoader {
    public static final String BUILTIN_DIR = "/assets/lessons/";
    static final List<String> TOP_KEYS = List.of("id", "title", "summary", "minutes", "scenario", "beats", "comment");
    static final List<String> BEAT_KEYS = List.of("title", "narration", "run_to", "highlight", "predict", "comment");
    static final List<String> RUN_TO_KEYS = List.of("step", "phase", "event", "nth");
    static final List<String> HIGHLIGHT_KEYS = List.of("kinds", "struct", "field", "chain", "session", "token");
    static final List<String> PREDICT_KEYS = List.of("question", "choices", "answer", "reveal");

    /** Struct names a highlight may use: every ABI layout, plus "fdt" (a whole FDT page). */
    public static final Map<String, StructLayout> STRUCTS = structs();

    private final ScenarioParser scenarios;

    public LessonLoader(ScenarioParser scenarios) {
        this.scenarios = scenarios;
    }

    public LessonLoader() {
        this(new ScenarioParser());
    }

    private static Map<String, StructLayout> structs() {
        Map<String, StructLayout> m = new LinkedHashMap<>();
        for (StructLayout l : Layouts.ALL) {
            m.putIfAbsent(l.name(), l);
        }
        m.putIfAbsent(Layouts.FDT_BLOB.name(), Layouts.FDT_BLOB);
        return Map.copyOf(m);
    }

    /** The names of every {@link TraceEvent} kind ("FloydStep", "StepMark", …). */
    public static List<String> eventKinds() {
        return Arrays.stream(TraceEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).sorted().toList();
    }

    /** A phase by enum name or label, ignoring case, spaces, dashes: "early boot", "EARLY_BOOT", "boot". */
    public static Phase phase(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (Phase p : Phase.values()) {
            if (p.name().equals(n) || p.label().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        return null;
    }

    // ---- loading ---------------------------------------------------------------------------------

    public Lesson load(Path file) throws LessonException {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw single(new SourcePos(name, 0, 0), "not UTF-8 text");
        } catch (IOException e) {
            throw single(new SourcePos(file.toString(), 0, 0), Files.exists(file) ? "cannot read: " + e.getMessage() : "no such lesson file");
        }
        return parse(name, text);
    }

    /** A built-in lesson by id ("08-cyclic-chain-floyd"), from the classpath. */
    public Lesson loadBuiltin(String id) throws LessonException {
        String name = id.endsWith(".json") ? id : id + ".json";
        try (InputStream in = LessonLoader.class.getResourceAsStream(BUILTIN_DIR + name)) {
            if (in == null) {
                throw single(new SourcePos(id, 0, 0), "no such built-in lesson (" + String.join(", ", builtins()) + ")");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw single(new SourcePos(name, 0, 0), "cannot read built-in lesson: " + e.getMessage());
        }
    }

    /** A file path if it exists, else a built-in id. */
    public Lesson loadAny(String ref) throws LessonException {
        Path p = Path.of(ref);
        if (Files.isRegularFile(p) || ref.contains("/") || ref.contains("\\")) {
            return load(p);
        }
        return loadBuiltin(ref);
    }

    /** Ids of the built-in lessons, in teaching order (from /assets/lessons/index.txt: one id a line, # comments). */
    public static List<String> builtins() {
        try (InputStream in = LessonLoader.class.getResourceAsStream(BUILTIN_DIR + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static LessonException single(SourcePos pos, String msg) {
        return new LessonException(List.of(LessonProblem.error(pos, -1, null, msg)));
    }

    /** Parses and checks a lesson document; {@code file} is its name (the id must match it). */
    public Lesson parse(String file, String text) throws LessonException {
        PositionedJson pj;
        try {
            pj = PositionedJson.parse(file, new StringReader(text), "lesson object");
        } catch (PositionedJson.SyntaxError e) {
            throw single(e.pos(), e.getMessage());
        }
        Checker c = new Checker(pj);
        Lesson lesson = c.lesson(text);
        if (c.problems.stream().anyMatch(p -> !p.warning())) {
            throw new LessonException(c.problems);
        }
        return lesson;
    }

    /** Like {@link #parse} but returns every problem (warnings too) instead of throwing; the lesson is null if unusable. */
    public Result check(String file, String text) {
        PositionedJson pj;
        try {
            pj = PositionedJson.parse(file, new StringReader(text), "lesson object");
        } catch (PositionedJson.SyntaxError e) {
            return new Result(null, List.of(LessonProblem.error(e.pos(), -1, null, e.getMessage())));
        }
        Checker c = new Checker(pj);
        Lesson l = c.lesson(text);
        boolean ok = c.problems.stream().noneMatch(p -> !p.warning());
        return new Result(ok ? l : null, List.copyOf(c.problems));
    }

    /** A checked lesson (null when it has errors) and all problems found. */
    public record Result(Lesson lesson, List<LessonProblem> problems) {
    }

    // ---- checking --------------------------------------------------------------------------------

    private final class Checker {
        final PositionedJson pj;
        final List<LessonProblem> problems = new ArrayList<>();
        int beat = -1;
        String beatTitle;
        int steps = -1;
        List<luolab.scenario.Step> scenarioSteps;

        Checker(PositionedJson pj) {
            this.pj = pj;
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
            unknownKeys(root, TOP_KEYS, "lesson");
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
                    Beat b = beat(arr.get(i), i);
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

        Beat beat(JsonElement e, int index) {
            if (!e.isJsonObject()) {
                err(e, "a beat is an object {\"title\", \"narration\", \"run_to\", …}");
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            if (o.has("title") && o.get("title").isJsonPrimitive()) {
                beatTitle = o.get("title").getAsString();
            }
            unknownKeys(o, BEAT_KEYS, "beat");
            String title = string(o, "title", true);
            String narration = string(o, "narration", true);
            if (narration != null) {
                narration(o.get("narration"), narration);
            }
            RunTo runTo = null;
            if (!o.has("run_to")) {
                err(o, "missing \"run_to\" ({\"step\": N}, {\"phase\": \"serialize\"} or {\"event\": \"FloydStep\", \"nth\": 1})");
            } else {
                runTo = runTo(o.get("run_to"));
            }
            Highlight h = o.has("highlight") ? highlight(o.get("highlight")) : Highlight.NONE;
            Predict p = o.has("predict") ? predict(o.get("predict")) : null;
            if (title == null || narration == null || runTo == null || h == null || (o.has("predict") && p == null)) {
                return null;
            }
            return new Beat(index, title, narration, runTo, h, p, pj.pos(e));
        }

        void narration(JsonElement where, String text) {
            if (text.isBlank()) {
                err(where, "narration is empty");
                return;
            }
            long ticks = text.chars().filter(ch -> ch == '`').count();
            if (ticks % 2 != 0) {
                err(where, "narration has an unmatched ` (code spans are `like this`)");
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
                err(where, "narration has an unmatched * (emphasis is *like this*)");
            }
        }

        RunTo runTo(JsonElement e) {
            if (!e.isJsonObject()) {
                err(e, "run_to must be an object: {\"step\": N}, {\"phase\": \"serialize\"} or {\"event\": \"FloydStep\", \"nth\": 1}");
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            unknownKeys(o, RUN_TO_KEYS, "run_to");
            int kinds = (o.has("step") ? 1 : 0) + (o.has("phase") ? 1 : 0) + (o.has("event") ? 1 : 0);
            if (kinds != 1) {
                err(e, kinds == 0 ? "run_to needs one of \"step\", \"phase\" or \"event\""
                        : "run_to has more than one of \"step\", \"phase\", \"event\"");
                return null;
            }
            if (o.has("nth") && !o.has("event")) {
                err(pj.pos(o, "nth"), "run_to.nth only goes with \"event\"");
            }
            if (o.has("step")) {
                Long s = integer(o, "step");
                if (s == null) {
                    return null;
                }
                if (s < 0 || (steps >= 0 && s >= steps)) {
                    err(pj.pos(o, "step"), "unknown run_to step " + s + ": the scenario has "
                            + (steps < 0 ? "no valid steps" : steps + " top-level steps (0.." + (steps - 1) + ", 0-based)"));
                    return null;
                }
                if (scenarioSteps != null && scenarioSteps.get(s.intValue()).action() instanceof luolab.scenario.CorruptStep.Corrupt c
                        && "handover".equals(c.at())) {
                    err(pj.pos(o, "step"), "run_to step " + s + " is a corrupt step with \"at\": \"handover\": nothing is written "
                            + "until the next kexec serializes; use {\"event\": \"Corruption\"} to show the corrupted bytes");
                    return null;
                }
                return new RunTo.AfterStep(s.intValue());
            }
            if (o.has("phase")) {
                String s = string(o, "phase", true);
                if (s == null) {
                    return null;
                }
                Phase p = phase(s);
                if (p == null) {
                    List<String> names = Arrays.stream(Phase.values()).map(Phase::label).toList();
                    err(pj.pos(o, "phase"), "unknown run_to phase \"" + s + "\"" + suggest(s, names) + " (phases: "
                            + String.join(", ", names) + ")");
                    return null;
                }
                return new RunTo.PhaseStart(p);
            }
            String kind = string(o, "event", true);
            if (kind == null) {
                return null;
            }
            List<String> kinds2 = eventKinds();
            if (!kinds2.contains(kind)) {
                err(pj.pos(o, "event"), "unknown run_to event kind \"" + kind + "\"" + suggest(kind, kinds2));
                return null;
            }
            int nth = 1;
            if (o.has("nth")) {
                Long n = integer(o, "nth");
                if (n == null) {
                    return null;
                }
                if (n < 1) {
                    err(pj.pos(o, "nth"), "run_to.nth counts from 1, got " + n);
                    return null;
                }
                nth = n.intValue();
            }
            return new RunTo.AfterEvent(kind, nth);
        }

        Highlight highlight(JsonElement e) {
            if (!e.isJsonObject()) {
                err(e, "highlight must be an object with any of " + String.join(", ", HIGHLIGHT_KEYS));
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            boolean ok = true;
            for (String k : o.keySet()) {
                if (!HIGHLIGHT_KEYS.contains(k)) {
                    err(pj.pos(o, k), "bad highlight kind \"" + k + "\"" + suggest(k, HIGHLIGHT_KEYS)
                            + " (a highlight has " + String.join(", ", HIGHLIGHT_KEYS) + ")");
                    ok = false;
                }
            }
            List<OwnerKind> kinds = new ArrayList<>();
            if (o.has("kinds")) {
                JsonElement ks = o.get("kinds");
                if (!ks.isJsonArray() || ks.getAsJsonArray().isEmpty()) {
                    err(ks, "highlight.kinds must be a non-empty list of page kinds (" + kindNames() + ")");
                    ok = false;
                } else {
                    for (JsonElement k : ks.getAsJsonArray()) {
                        String s = k.isJsonPrimitive() ? k.getAsString() : null;
                        OwnerKind kind = null;
                        for (OwnerKind ok2 : OwnerKind.values()) {
                            if (ok2.name().equals(s)) {
                                kind = ok2;
                            }
                        }
                        if (kind == null) {
                            List<String> names = Arrays.stream(OwnerKind.values()).map(OwnerKind::name).toList();
                            err(k, "bad highlight kind: unknown page kind " + (s == null ? k.toString() : "\"" + s + "\"")
                                    + (s == null ? "" : suggest(s, names)) + " (kinds: " + kindNames() + ")");
                            ok = false;
                        } else {
                            kinds.add(kind);
                        }
                    }
                }
            }
            String struct = o.has("struct") ? string(o, "struct", true) : null;
            String field = o.has("field") ? string(o, "field", true) : null;
            if (struct != null && !STRUCTS.containsKey(struct)) {
                err(pj.pos(o, "struct"), "unknown highlight struct \"" + struct + "\"" + suggest(struct, List.copyOf(STRUCTS.keySet()))
                        + " (structs: " + String.join(", ", STRUCTS.keySet().stream().sorted().toList()) + ")");
                ok = false;
            } else if (field != null && struct == null) {
                err(pj.pos(o, "field"), "highlight.field needs a \"struct\"");
                ok = false;
            } else if (field != null) {
                StructLayout l = STRUCTS.get(struct);
                List<String> fields = l.fields().stream().map(StructLayout.Field::name).toList();
                if (!fields.contains(field)) {
                    err(pj.pos(o, "field"), struct + " has no field \"" + field + "\"" + suggest(field, fields)
                            + " (fields: " + String.join(", ", fields) + ")");
                    ok = false;
                }
            }
            String chain = o.has("chain") ? string(o, "chain", true) : null;
            if (chain != null && !chain.equals("sessions") && !(chain.startsWith("files:") && chain.length() > 6)) {
                err(pj.pos(o, "chain"), "bad highlight chain \"" + chain + "\": use \"sessions\" or \"files:<session name>\"");
                ok = false;
            }
            String session = o.has("session") ? string(o, "session", true) : null;
            if (session != null && session.isEmpty()) {
                err(pj.pos(o, "session"), "highlight.session is empty");
                ok = false;
            }
            Long token = null;
            if (o.has("token")) {
                JsonElement t = o.get("token");
                try {
                    if (!t.isJsonPrimitive()) {
                        throw new IllegalArgumentException("token must be a number or a \"0x…\" string");
                    }
                    token = Values.parseUnsigned(t.getAsString(), "token");
                } catch (IllegalArgumentException ex) {
                    err(t, "highlight." + ex.getMessage());
                    ok = false;
                }
                if (session == null) {
                    err(pj.pos(o, "token"), "highlight.token needs the \"session\" that holds the file");
                    ok = false;
                }
            }
            if (o.keySet().isEmpty()) {
                err(e, "highlight is empty (leave it out instead)");
                ok = false;
            }
            return ok ? new Highlight(kinds, struct, field, chain, session, token) : null;
        }

        Predict predict(JsonElement e) {
            if (!e.isJsonObject()) {
                err(e, "predict must be an object {\"question\", \"choices\", \"answer\", \"reveal\"}");
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            unknownKeys(o, PREDICT_KEYS, "predict");
            String q = string(o, "question", true);
            String reveal = string(o, "reveal", true);
            List<String> choices = new ArrayList<>();
            boolean ok = q != null && reveal != null;
            JsonElement cs = o.get("choices");
            if (cs == null) {
                err(o, "predict: missing \"choices\"");
                ok = false;
            } else if (!cs.isJsonArray() || cs.getAsJsonArray().size() < 2) {
                err(cs, "predict.choices must be a list of at least 2 answers");
                ok = false;
            } else {
                for (JsonElement c : cs.getAsJsonArray()) {
                    if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString() || c.getAsString().isBlank()) {
                        err(c, "predict.choices: every choice is a non-empty string");
                        ok = false;
                    } else {
                        choices.add(c.getAsString());
                    }
                }
                if (choices.size() > 9) {
                    err(cs, "predict.choices: at most 9 (the keys 1–9 pick them)");
                    ok = false;
                }
            }
            Long answer = o.has("answer") ? integer(o, "answer") : null;
            if (!o.has("answer")) {
                err(o, "predict: missing \"answer\" (0-based index of the right choice)");
                ok = false;
            } else if (answer == null) {
                ok = false;
            } else if (cs != null && cs.isJsonArray() && (answer < 0 || answer >= cs.getAsJsonArray().size())) {
                int n = cs.getAsJsonArray().size();
                err(pj.pos(o, "answer"), "predict answer " + answer + " is out of range: " + n + " choices, so 0.." + (n - 1)
                        + " (0-based)");
                ok = false;
            }
            return ok ? new Predict(q, choices, answer.intValue(), reveal) : null;
        }

        // ---- field helpers ---------------------------------------------------------------------

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
                    err(pj.pos(o, k), "unknown key \"" + k + "\" in " + what + suggest(k, known) + " (known: "
                            + String.join(", ", known) + ")");
                }
            }
        }
    }

    private static String kindNames() {
        return String.join(", ", Arrays.stream(OwnerKind.values()).map(OwnerKind::name).toList());
    }

    /** " (did you mean \"x\"?)" when a known name is close, else "". */
    static String suggest(String s, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(s.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, s.length() / 3) ? " (did you mean \"" + best + "\"?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

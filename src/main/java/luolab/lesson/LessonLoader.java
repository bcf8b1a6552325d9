package luolab.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.PositionedJson;
import luolab.scenario.ScenarioParser;
import luolab.scenario.SourcePos;

/**
 * Reads lesson files (format: assets/lessons/README.md) and checks everything that can be checked
 * without running the scenario: the shape of every beat, {@code run_to} targets (step in range,
 * known phase, known event kind), highlight kinds, struct and field names, chains, predict answers.
 * All problems are collected, so one load lists every mistake in the file ({@link LessonChecker}
 * and a checker for each part of a beat). {@link LessonValidator} adds the checks that need a run.
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
        LessonChecker c = new LessonChecker(pj, scenarios);
        Lesson lesson = c.lesson(text);
        if (c.hasErrors()) {
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
        LessonChecker c = new LessonChecker(pj, scenarios);
        Lesson l = c.lesson(text);
        return new Result(c.hasErrors() ? null : l, List.copyOf(c.problems));
    }

    /** A checked lesson (null when it has errors) and all problems found. */
    public record Result(Lesson lesson, List<LessonProblem> problems) {
    }
}

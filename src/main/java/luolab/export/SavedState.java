package luolab.export;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * "Save state": one small JSON file that reopens the workbench at exactly the same place on another
 * machine — the scenario itself (embedded, so the file is all you need), its seed, the position in
 * the trace (and the step it falls in, and the trace length as a check that the run replayed the
 * same), the selection, the memory-map zoom and, when a lesson was open, the lesson and beat.
 * A run is deterministic for a scenario and a seed, so this is enough to rebuild every byte.
 */
public record SavedState(String title, String scenarioFile, String scenarioJson, long seed, int position, int step, int events,
        Selection selection, Zoom zoom, LessonAt lesson) {
    public static final String FORMAT = "luolab-state";
    public static final int VERSION = 1;
    public static final String EXTENSION = ".luostate";

    /** A selection as plain data: kind is page, range, struct, block or none. */
    public record Selection(String kind, long pa, long length, String struct, String field, String set) {
        public static final Selection NONE = new Selection("none", -1, 0, null, null, null);
    }

    /** Memory-map zoom: cell size in pixels and the page at the centre of the view. */
    public record Zoom(double cellPx, long centerPfn) {
    }

    /** The open lesson: its id (a built-in, or a file name), the beat (0-based) and whether its answer was revealed. */
    public record LessonAt(String id, int beat, boolean revealed) {
    }

    public static final class StateException extends Exception {
        public StateException(String message) {
            super(message, null, false, false);
        }
    }

    /** The scenario JSON with this state's seed written into it (what to run). */
    public String scenarioWithSeed() {
        JsonObject o = JsonParser.parseString(scenarioJson).getAsJsonObject();
        o.addProperty("seed", seed);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("title", title);
        if (scenarioFile != null) {
            o.addProperty("scenario_file", scenarioFile);
        }
        o.addProperty("seed", seed);
        o.addProperty("position", position);
        o.addProperty("step", step);
        o.addProperty("events", events);
        Selection s = selection == null ? Selection.NONE : selection;
        JsonObject sel = new JsonObject();
        sel.addProperty("kind", s.kind());
        if (!"none".equals(s.kind())) {
            sel.addProperty("pa", String.format("0x%x", s.pa()));
            sel.addProperty("length", s.length());
        }
        if (s.struct() != null) {
            sel.addProperty("struct", s.struct());
        }
        if (s.field() != null) {
            sel.addProperty("field", s.field());
        }
        if (s.set() != null) {
            sel.addProperty("set", s.set());
        }
        o.add("selection", sel);
        if (zoom != null) {
            JsonObject z = new JsonObject();
            z.addProperty("cell_px", zoom.cellPx());
            z.addProperty("center_pa", String.format("0x%x", zoom.centerPfn() << 12));
            o.add("zoom", z);
        }
        if (lesson != null) {
            JsonObject l = new JsonObject();
            l.addProperty("id", lesson.id());
            l.addProperty("beat", lesson.beat());
            l.addProperty("revealed", lesson.revealed());
            o.add("lesson", l);
        }
        o.add("scenario", JsonParser.parseString(scenarioJson));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public static SavedState read(Path file) throws StateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StateException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.getFileName().toString(), text);
    }

    public static SavedState parse(String name, String text) throws StateException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new StateException(name + ": not a LUO Lab state file (expected a JSON object)");
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new StateException(name + ": not a LUO Lab state file (" + e.getMessage() + ")");
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new StateException(name + ": not a LUO Lab state file (no \"format\": \"" + FORMAT + "\")");
        }
        int v = o.has("version") ? o.get("version").getAsInt() : 0;
        if (v != VERSION) {
            throw new StateException(name + ": state file version " + v + " is not supported (this build reads version " + VERSION + ")");
        }
        if (!o.has("scenario") || !o.get("scenario").isJsonObject()) {
            throw new StateException(name + ": the state file has no embedded \"scenario\" object");
        }
        try {
            Selection sel = Selection.NONE;
            if (o.has("selection")) {
                JsonObject s = o.getAsJsonObject("selection");
                String kind = s.get("kind").getAsString();
                if (!"none".equals(kind)) {
                    sel = new Selection(kind, parseLong(s.get("pa").getAsString()), s.get("length").getAsLong(), str(s, "struct"),
                            str(s, "field"), str(s, "set"));
                }
            }
            Zoom zoom = null;
            if (o.has("zoom")) {
                JsonObject z = o.getAsJsonObject("zoom");
                zoom = new Zoom(z.get("cell_px").getAsDouble(), parseLong(z.get("center_pa").getAsString()) >>> 12);
            }
            LessonAt lesson = null;
            if (o.has("lesson")) {
                JsonObject l = o.getAsJsonObject("lesson");
                lesson = new LessonAt(l.get("id").getAsString(), l.get("beat").getAsInt(), l.has("revealed") && l.get("revealed").getAsBoolean());
            }
            return new SavedState(str(o, "title"), str(o, "scenario_file"),
                    new GsonBuilder().create().toJson(o.get("scenario")), o.has("seed") ? o.get("seed").getAsLong() : 1,
                    o.get("position").getAsInt(), o.has("step") ? o.get("step").getAsInt() : -1,
                    o.has("events") ? o.get("events").getAsInt() : -1, sel, zoom, lesson);
        } catch (RuntimeException e) {
            throw new StateException(name + ": damaged state file: " + e.getMessage());
        }
    }

    private static String str(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : null;
    }

    private static long parseLong(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }
}

package luolab.ui.actions;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.trace.TraceEvent;

/**
 * "Insert here" on a scenario's JSON text: keeps the top-level steps the run has reached at an
 * event position, drops everything after them (as an editor would) and appends new steps. Also
 * answers what the kept steps leave behind (session variables, whether a kexec happened), which the
 * Session menu's dialogs offer as choices.
 */
public final class ScenarioEdit {
    private final JsonObject root;
    private final int kept;

    private ScenarioEdit(JsonObject root, int kept) {
        this.root = root;
        this.kept = kept;
    }

    /** The scenario {@code json} cut after the top-level step that is running at event {@code position}. */
    public static ScenarioEdit at(String json, List<TraceEvent> events, int position) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        int steps = o.has("steps") && o.get("steps").isJsonArray() ? o.getAsJsonArray("steps").size() : 0;
        return new ScenarioEdit(o, Math.min(steps, keptSteps(events, position)));
    }

    /**
     * The scenario {@code json} with every step kept: where a run made with the trace off is
     * (it shows its final state; there is no event to insert at).
     */
    public static ScenarioEdit atEnd(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        int steps = o.has("steps") && o.get("steps").isJsonArray() ? o.getAsJsonArray("steps").size() : 0;
        return new ScenarioEdit(o, steps);
    }

    /** Top-level steps whose step mark lies before {@code position} (the one running counts as kept). */
    public static int keptSteps(List<TraceEvent> events, int position) {
        int kept = 0;
        for (int i = 0; i < Math.min(position, events.size()); i++) {
            if (events.get(i) instanceof TraceEvent.StepMark m) {
                String d = m.description();
                // "step 3: …" or "step 3.2: …" (inside the repeat at step 3)
                String num = d.startsWith("step ") ? d.substring(5).split("[.:]", 2)[0] : "";
                try {
                    kept = Math.max(kept, Integer.parseInt(num.trim()));
                } catch (NumberFormatException e) {
                    kept = Math.max(kept, m.step() + 1);
                }
            }
        }
        return kept;
    }

    public int kept() {
        return kept;
    }

    /** Steps after the insertion point that the edit drops. */
    public int dropped() {
        return all().size() - kept;
    }

    private JsonArray all() {
        return root.has("steps") && root.get("steps").isJsonArray() ? root.getAsJsonArray("steps") : new JsonArray();
    }

    /** The kept steps (copies). */
    public List<JsonObject> keptSteps() {
        List<JsonObject> out = new ArrayList<>();
        JsonArray a = all();
        for (int i = 0; i < kept; i++) {
            if (a.get(i).isJsonObject()) {
                out.add(a.get(i).getAsJsonObject().deepCopy());
            }
        }
        return out;
    }

    /** The new JSON text: kept steps, then {@code added}. */
    public String with(List<JsonObject> added) {
        JsonObject o = root.deepCopy();
        JsonArray steps = new JsonArray();
        keptSteps().forEach(steps::add);
        added.forEach(steps::add);
        o.add("steps", steps);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    /** Whether a kexec step is among the kept ones (the next kernel is running). */
    public boolean afterKexec() {
        return lastKexec() >= 0;
    }

    private int lastKexec() {
        List<JsonObject> k = keptSteps();
        for (int i = k.size() - 1; i >= 0; i--) {
            if ("kexec".equals(op(k.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether /dev/liveupdate was opened in this kernel (since the last kexec) by a kept step. */
    public boolean deviceOpen() {
        List<JsonObject> k = keptSteps();
        for (int i = lastKexec() + 1; i < k.size(); i++) {
            if ("open_device".equals(op(k.get(i)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Session fd variables alive in this kernel: set by create_session / retrieve_session since the
     * last kexec (fds die with the process) and not closed since.
     */
    public List<String> sessionVars() {
        Set<String> vars = new LinkedHashSet<>();
        List<JsonObject> k = keptSteps();
        for (int i = lastKexec() + 1; i < k.size(); i++) {
            JsonObject s = k.get(i);
            String op = op(s);
            String as = str(s, "as");
            if (("create_session".equals(op) || "retrieve_session".equals(op)) && as != null && str(s, "expect") == null) {
                vars.remove(as);
                vars.add(as);
            } else if ("close".equals(op) && str(s, "fd") != null) {
                vars.remove(str(s, "fd"));
            }
        }
        return List.copyOf(vars);
    }

    /** Every variable name used by a kept step's "as" (a new one must not shadow them by accident). */
    public Set<String> allVars() {
        Set<String> out = new LinkedHashSet<>();
        keptSteps().forEach(s -> {
            if (str(s, "as") != null) {
                out.add(str(s, "as"));
            }
        });
        return out;
    }

    /** A fresh variable name from {@code base} (letters, digits, '_'), unique among {@link #allVars()} if possible. */
    public String freshVar(String base) {
        String b = base.replaceAll("[^A-Za-z0-9_]", "_");
        if (b.isEmpty() || !Character.isLetter(b.charAt(0))) {
            b = "v_" + b;
        }
        if (b.length() > 24) {
            b = b.substring(0, 24);
        }
        Set<String> used = allVars();
        String v = b;
        for (int i = 2; used.contains(v); i++) {
            v = b + "_" + i;
        }
        return v;
    }

    static String op(JsonObject s) {
        return str(s, "op");
    }

    static String str(JsonObject s, String k) {
        JsonElement e = s.get(k);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}

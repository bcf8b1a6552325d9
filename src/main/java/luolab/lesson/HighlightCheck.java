package luolab.lesson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.OwnerKind;
import luolab.scenario.Values;

/**
 * A beat's highlight: page kinds, an ABI struct and field ({@link LessonLoader#STRUCTS}), a block
 * chain, a session and a file token. Names are checked against the lab's own tables here; whether
 * the session or token exists in the run is {@link LessonValidator}'s question.
 */
final class HighlightCheck {
    private HighlightCheck() {
    }

    static Highlight highlight(LessonChecker c, JsonElement e) {
        if (!e.isJsonObject()) {
            c.err(e, "highlight must be an object with any of " + String.join(", ", LessonLoader.HIGHLIGHT_KEYS));
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        boolean ok = true;
        for (String k : o.keySet()) {
            if (!LessonLoader.HIGHLIGHT_KEYS.contains(k)) {
                c.err(c.pj.pos(o, k), "bad highlight kind \"" + k + "\"" + DidYouMean.suggest(k, LessonLoader.HIGHLIGHT_KEYS)
                        + " (a highlight has " + String.join(", ", LessonLoader.HIGHLIGHT_KEYS) + ")");
                ok = false;
            }
        }
        List<OwnerKind> kinds = new ArrayList<>();
        if (o.has("kinds")) {
            ok &= kinds(c, o.get("kinds"), kinds);
        }
        String struct = o.has("struct") ? c.string(o, "struct", true) : null;
        String field = o.has("field") ? c.string(o, "field", true) : null;
        if (struct != null && !LessonLoader.STRUCTS.containsKey(struct)) {
            c.err(c.pj.pos(o, "struct"), "unknown highlight struct \"" + struct + "\""
                    + DidYouMean.suggest(struct, List.copyOf(LessonLoader.STRUCTS.keySet()))
                    + " (structs: " + String.join(", ", LessonLoader.STRUCTS.keySet().stream().sorted().toList()) + ")");
            ok = false;
        } else if (field != null && struct == null) {
            c.err(c.pj.pos(o, "field"), "highlight.field needs a \"struct\"");
            ok = false;
        } else if (field != null) {
            StructLayout l = LessonLoader.STRUCTS.get(struct);
            List<String> fields = l.fields().stream().map(StructLayout.Field::name).toList();
            if (!fields.contains(field)) {
                c.err(c.pj.pos(o, "field"), struct + " has no field \"" + field + "\"" + DidYouMean.suggest(field, fields)
                        + " (fields: " + String.join(", ", fields) + ")");
                ok = false;
            }
        }
        String chain = o.has("chain") ? c.string(o, "chain", true) : null;
        if (chain != null && !chain.equals("sessions") && !(chain.startsWith("files:") && chain.length() > 6)) {
            c.err(c.pj.pos(o, "chain"), "bad highlight chain \"" + chain + "\": use \"sessions\" or \"files:<session name>\"");
            ok = false;
        }
        String session = o.has("session") ? c.string(o, "session", true) : null;
        if (session != null && session.isEmpty()) {
            c.err(c.pj.pos(o, "session"), "highlight.session is empty");
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
                c.err(t, "highlight." + ex.getMessage());
                ok = false;
            }
            if (session == null) {
                c.err(c.pj.pos(o, "token"), "highlight.token needs the \"session\" that holds the file");
                ok = false;
            }
        }
        if (o.keySet().isEmpty()) {
            c.err(e, "highlight is empty (leave it out instead)");
            ok = false;
        }
        return ok ? new Highlight(kinds, struct, field, chain, session, token) : null;
    }

    /** highlight.kinds: page kinds by {@link OwnerKind} name, each bad one reported; false if any was. */
    private static boolean kinds(LessonChecker c, JsonElement ks, List<OwnerKind> kinds) {
        if (!ks.isJsonArray() || ks.getAsJsonArray().isEmpty()) {
            c.err(ks, "highlight.kinds must be a non-empty list of page kinds (" + kindNames() + ")");
            return false;
        }
        boolean ok = true;
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
                c.err(k, "bad highlight kind: unknown page kind " + (s == null ? k.toString() : "\"" + s + "\"")
                        + (s == null ? "" : DidYouMean.suggest(s, names)) + " (kinds: " + kindNames() + ")");
                ok = false;
            } else {
                kinds.add(kind);
            }
        }
        return ok;
    }

    private static String kindNames() {
        return String.join(", ", Arrays.stream(OwnerKind.values()).map(OwnerKind::name).toList());
    }
}

package luolab.lesson;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import luolab.scenario.SourcePos;

/**
 * A Gson tree that remembers where each value and each object member started in the file, so a
 * lesson error can say {@code 08-cyclic-chain-floyd.json:71:19}. Gson's own tree forgets positions.
 */
final class PositionedJson {
    private static final Pattern LOCATION = Pattern.compile("(?s)(.*?) at line (\\d+) column (\\d+) path (\\S+).*");

    private final String file;
    private final Map<JsonElement, SourcePos> positions = new IdentityHashMap<>();
    private final Map<JsonObject, Map<String, SourcePos>> keyPositions = new IdentityHashMap<>();
    private JsonElement root;

    private PositionedJson(String file) {
        this.file = file;
    }

    /** A syntax error, with the position Gson reported. */
    static final class SyntaxError extends Exception {
        final SourcePos pos;

        SyntaxError(SourcePos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    static PositionedJson parse(String file, String text) throws SyntaxError {
        PositionedJson pj = new PositionedJson(file);
        try {
            JsonReader r = new JsonReader(new StringReader(text));
            r.setStrictness(Strictness.STRICT);
            pj.root = pj.read(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new SyntaxError(pj.here(r), "unexpected content after the lesson object");
            }
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Matcher m = LOCATION.matcher(msg);
            if (m.matches()) {
                String what = m.group(1).trim();
                if (what.startsWith("End of input")) {
                    what = "unexpected end of file";
                }
                throw new SyntaxError(new SourcePos(file, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                        "malformed JSON: " + what);
            }
            throw new SyntaxError(new SourcePos(file, 0, 0), "malformed JSON: " + msg.lines().findFirst().orElse(msg));
        }
        return pj;
    }

    JsonElement root() {
        return root;
    }

    String file() {
        return file;
    }

    SourcePos pos(JsonElement e) {
        SourcePos p = e == null ? null : positions.get(e);
        return p == null ? new SourcePos(file, 0, 0) : p;
    }

    /** Position of member {@code key}'s value, else of the object. */
    SourcePos pos(JsonObject o, String key) {
        Map<String, SourcePos> k = keyPositions.get(o);
        SourcePos p = k == null ? null : k.get(key);
        return p != null ? p : pos(o);
    }

    private SourcePos here(JsonReader r) {
        // JsonReader.toString() is "JsonReader at line L column C path P"
        Matcher m = Pattern.compile("line (\\d+) column (\\d+)").matcher(r.toString());
        return m.find() ? new SourcePos(file, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                : new SourcePos(file, 0, 0);
    }

    private JsonElement read(JsonReader r) throws IOException, SyntaxError {
        JsonToken t = r.peek();
        SourcePos p = here(r);
        JsonElement e;
        switch (t) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                Map<String, SourcePos> keys = new java.util.HashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (o.has(name)) {
                        throw new SyntaxError(here(r), "duplicate key \"" + name + "\"");
                    }
                    SourcePos vp = here(r);
                    JsonElement v = read(r);
                    keys.put(name, positions.getOrDefault(v, vp));
                    o.add(name, v);
                }
                r.endObject();
                keyPositions.put(o, keys);
                e = o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r));
                }
                r.endArray();
                e = a;
            }
            case STRING -> e = new JsonPrimitive(r.nextString());
            case NUMBER -> e = new JsonPrimitive(new LazilyParsedNumber(r.nextString()));
            case BOOLEAN -> e = new JsonPrimitive(r.nextBoolean());
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new SyntaxError(p, "unexpected " + t);
        }
        positions.put(e, p);
        return e;
    }
}

package luolab.scenario;

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
import java.io.Reader;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict Gson tree that remembers where each value and each object member's value started, so
 * a scenario or lesson error can say {@code file:line:column}. Gson's own tree forgets positions;
 * they are read from {@link JsonReader} while the tree is built. Duplicate keys are refused (Gson
 * would silently keep the last one).
 */
public final class PositionedJson {
    private static final Pattern LOCATION = Pattern.compile("(?s)(.*?) at line (\\d+) column (\\d+) path (\\S+)(.*)");

    private final String file;
    private final Map<JsonElement, SourcePos> positions = new IdentityHashMap<>();
    private final Map<JsonObject, Map<String, SourcePos>> keyPositions = new IdentityHashMap<>();
    private JsonElement root;

    private PositionedJson(String file) {
        this.file = file;
    }

    /** Malformed JSON, a duplicate key or trailing content, at a position. */
    public static final class SyntaxError extends Exception {
        private final SourcePos pos;

        SyntaxError(SourcePos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }

        public SourcePos pos() {
            return pos;
        }
    }

    /**
     * Reads one JSON document; {@code file} names it in positions, {@code what} in the message
     * about content after the top-level value ("scenario object").
     */
    public static PositionedJson parse(String file, Reader in, String what) throws SyntaxError {
        PositionedJson pj = new PositionedJson(file);
        try {
            JsonReader r = new JsonReader(in);
            r.setStrictness(Strictness.STRICT);
            pj.root = pj.read(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new SyntaxError(pj.here(r), "unexpected content after the " + what);
            }
        } catch (IOException e) {
            throw syntaxError(file, e);
        }
        return pj;
    }

    private static SyntaxError syntaxError(String file, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = LOCATION.matcher(msg);
        if (m.matches()) {
            String what = m.group(1).trim();
            if (what.startsWith("End of input")) {
                what = "unexpected end of file";
            }
            return new SyntaxError(new SourcePos(file, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                    "malformed JSON: " + what + " (at " + m.group(4) + ")");
        }
        return new SyntaxError(new SourcePos(file, 0, 0), "malformed JSON: " + msg.lines().findFirst().orElse(msg));
    }

    public JsonElement root() {
        return root;
    }

    public String file() {
        return file;
    }

    /** Where a parsed element's value starts (file:0:0 for an element not from this document). */
    public SourcePos pos(JsonElement e) {
        SourcePos p = e == null ? null : positions.get(e);
        return p == null ? new SourcePos(file, 0, 0) : p;
    }

    /** Where the value of member {@code key} of {@code o} starts, or {@code o} itself when absent. */
    public SourcePos pos(JsonObject o, String key) {
        Map<String, SourcePos> k = keyPositions.get(o);
        SourcePos p = k == null ? null : k.get(key);
        return p != null ? p : pos(o);
    }

    private SourcePos here(JsonReader r) {
        Matcher m = LOCATION.matcher(r.toString());
        if (m.matches()) {
            // after peek() the reader has consumed the token's first character
            return new SourcePos(file, Integer.parseInt(m.group(2)), Math.max(1, Integer.parseInt(m.group(3)) - 1));
        }
        return new SourcePos(file, 0, 0);
    }

    private JsonElement read(JsonReader r) throws IOException, SyntaxError {
        JsonToken t = r.peek();
        SourcePos p = here(r);
        JsonElement e;
        switch (t) {
            case BEGIN_OBJECT -> {
                r.beginObject();
                JsonObject o = new JsonObject();
                Map<String, SourcePos> keys = new LinkedHashMap<>();
                while (r.hasNext()) {
                    String name = r.nextName();
                    SourcePos vp = here(r);
                    if (o.has(name)) {
                        throw new SyntaxError(vp, "duplicate field \"" + name + "\"");
                    }
                    r.peek();
                    keys.put(name, here(r));
                    o.add(name, read(r));
                }
                r.endObject();
                keyPositions.put(o, keys);
                e = o;
            }
            case BEGIN_ARRAY -> {
                r.beginArray();
                JsonArray a = new JsonArray();
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

package luolab.scenario;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;

/**
 * Reads scenario JSON into a {@link Scenario}. Every error — malformed JSON, an unknown op, a
 * missing, unknown or ill-typed field — becomes one {@link ScenarioException} whose message starts
 * with file:line:column, read from Gson's {@link JsonReader} while the tree is built.
 */
public final class ScenarioParser {
    /** Keys every step may have besides its op's own fields. */
    public static final List<String> STEP_KEYS = List.of("op", "expect", "as", "close", "comment");
    private static final List<String> TOP_KEYS = List.of("name", "description", "ram", "seed", "abi", "steps", "comment");
    private static final Pattern VAR_NAME = Pattern.compile("([A-Za-z_]|\\$\\{[A-Za-z_][A-Za-z0-9_]*})([A-Za-z0-9_-]|\\$\\{[A-Za-z_][A-Za-z0-9_]*})*");

    private final StepRegistry registry;

    public ScenarioParser(StepRegistry registry) {
        this.registry = registry;
    }

    public ScenarioParser() {
        this(StepRegistry.standard());
    }

    public StepRegistry registry() {
        return registry;
    }

    public Scenario parse(String file, String json) throws ScenarioException {
        return parse(file, new StringReader(json));
    }

    /** Parses a whole scenario document; {@code file} names it in error messages. */
    public Scenario parse(String file, Reader in) throws ScenarioException {
        return parse(file, in, null);
    }

    /**
     * Parses the scenario embedded as member {@code member} of the document's top-level object
     * (a lesson's {@code "scenario"}); errors carry positions in the whole file.
     */
    public Scenario parseMember(String file, Reader in, String member) throws ScenarioException {
        return parse(file, in, member);
    }

    private Scenario parse(String file, Reader in, String member) throws ScenarioException {
        PositionedJson json;
        try {
            json = PositionedJson.parse(file, in, "scenario object");
        } catch (PositionedJson.SyntaxError e) {
            throw new ScenarioException(e.pos(), e.getMessage());
        }
        Context ctx = new Context(json);
        JsonElement root = json.root();
        try {
            if (member != null) {
                if (!root.isJsonObject() || !root.getAsJsonObject().has(member)) {
                    throw new Fail(ctx.pos(root), "no \"" + member + "\" object");
                }
                return ctx.scenario(root.getAsJsonObject().get(member));
            }
            return ctx.scenario(root);
        } catch (Fail f) {
            throw new ScenarioException(f.pos, f.getMessage());
        }
    }

    /** Internal: a content error at a position. */
    private static final class Fail extends RuntimeException {
        final SourcePos pos;

        Fail(SourcePos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    /** Positions of the parsed JSON, and helpers for {@link OpParser}s. */
    public final class Context {
        private final PositionedJson json;
        private final String file;

        Context(PositionedJson json) {
            this.json = json;
            this.file = json.file();
        }

        /** The position of a parsed element (the start of the value). */
        public SourcePos pos(JsonElement e) {
            return json.pos(e);
        }

        /** The position of the value of member {@code key} of {@code o}, or of {@code o} itself. */
        public SourcePos pos(JsonObject o, String key) {
            return json.pos(o, key);
        }

        /** Throws a content error at {@code where}; the parser turns it into a ScenarioException. */
        public RuntimeException fail(JsonElement where, String message) {
            throw new Fail(pos(where), message);
        }

        /** Parses a nested list of steps (numbered {@code prefix}1, {@code prefix}2, …). */
        public List<Step> steps(JsonElement arr, String prefix) {
            if (arr == null || !arr.isJsonArray()) {
                throw new Fail(pos(arr), "\"steps\" must be a list of step objects");
            }
            List<Step> out = new ArrayList<>();
            int i = 0;
            for (JsonElement e : arr.getAsJsonArray()) {
                out.add(step(e, prefix + (++i)));
            }
            return out;
        }

        Scenario scenario(JsonElement root) {
            if (!root.isJsonObject()) {
                throw new Fail(pos(root), "a scenario must be a JSON object with \"steps\"");
            }
            JsonObject o = root.getAsJsonObject();
            for (String k : o.keySet()) {
                if (!TOP_KEYS.contains(k)) {
                    throw new Fail(pos(o, k), "unknown scenario field \"" + k + "\" (fields: " + String.join(", ", TOP_KEYS) + ")");
                }
            }
            String name = o.has("name") ? string(o, "name") : baseName(file);
            String description = o.has("description") ? string(o, "description") : "";
            long ram;
            try {
                ram = o.has("ram") ? Values.parseSize(primitive(o, "ram")) : luolab.engine.machine.Machine.DEFAULT_RAM_SIZE;
                if (ram < (1L << 20) || (ram & 4095) != 0) {
                    throw new IllegalArgumentException("ram must be a multiple of 4 KiB and at least 1M");
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new Fail(pos(o, "ram"), e.getMessage());
            }
            long seed;
            try {
                seed = o.has("seed") ? Values.parseUnsigned(primitive(o, "seed"), "seed") : 1;
            } catch (IllegalArgumentException e) {
                throw new Fail(pos(o, "seed"), e.getMessage());
            }
            Abi abi = Abi.V7;
            if (o.has("abi")) {
                abi = Abi.byId(string(o, "abi"));
                if (abi == null) {
                    throw new Fail(pos(o, "abi"), "unknown abi \"" + string(o, "abi") + "\" (known: "
                            + String.join(", ", Abi.ALL.stream().map(Abi::id).toList()) + ")");
                }
            }
            if (!o.has("steps")) {
                throw new Fail(pos(o), "a scenario needs \"steps\"");
            }
            return new Scenario(name, description, ram, seed, abi, steps(o.get("steps"), ""), file);
        }

        private String string(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new Fail(pos(o, key), "\"" + key + "\" must be a string");
            }
            return e.getAsString();
        }

        private String primitive(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (!e.isJsonPrimitive()) {
                throw new Fail(pos(o, key), "\"" + key + "\" must be a string or a number");
            }
            return e.getAsString();
        }

        Step step(JsonElement e, String path) {
            if (!e.isJsonObject()) {
                throw new Fail(pos(e), "step " + path + " must be an object with \"op\"");
            }
            JsonObject o = e.getAsJsonObject();
            if (!o.has("op")) {
                throw new Fail(pos(o), "step " + path + " has no \"op\"");
            }
            JsonElement opEl = o.get("op");
            if (!opEl.isJsonPrimitive() || !opEl.getAsJsonPrimitive().isString()) {
                throw new Fail(pos(o, "op"), "\"op\" of step " + path + " must be a string");
            }
            String op = opEl.getAsString();
            StepRegistry.OpSpec<?> spec = registry.spec(op);
            if (spec == null) {
                String hint = registry.closest(op);
                throw new Fail(pos(o, "op"), "unknown op \"" + op + "\" in step " + path
                        + (hint != null ? " (did you mean \"" + hint + "\"?)" : " (known ops: " + String.join(", ", registry.names()) + ")"));
            }
            String where = "step " + path + " (" + op + ")";
            int expected = 0;
            String expect = null;
            if (o.has("expect")) {
                if (spec.kind() != StepRegistry.Kind.CALL && spec.kind() != StepRegistry.Kind.FD) {
                    throw new Fail(pos(o, "expect"), where + ": \"expect\" applies to calls only; " + op + " is a check");
                }
                JsonElement x = o.get("expect");
                if (!x.isJsonPrimitive()) {
                    throw new Fail(pos(o, "expect"), where + ": \"expect\" must be an errno name such as \"EEXIST\"");
                }
                expect = x.getAsString();
                String t = expect.trim();
                if (t.equalsIgnoreCase("success") || t.equalsIgnoreCase("ok") || t.equals("0")) {
                    expected = 0;
                } else {
                    int n = Errno.parse(t);
                    if (n <= 0) {
                        throw new Fail(pos(o, "expect"), where + ": unknown errno \"" + expect + "\" (e.g. EEXIST, EINVAL, ENOENT, EBUSY or \"success\")");
                    }
                    expected = -n;
                }
            }
            String as = null;
            if (o.has("as")) {
                if (spec.kind() != StepRegistry.Kind.FD) {
                    throw new Fail(pos(o, "as"), where + ": \"as\" names the fd a step returns; " + op + " returns none");
                }
                JsonElement x = o.get("as");
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString() || !VAR_NAME.matcher(x.getAsString()).matches()) {
                    throw new Fail(pos(o, "as"), where + ": \"as\" must be a variable name (letters, digits, _ and -, may use ${i})");
                }
                as = x.getAsString();
            }
            boolean close = false;
            if (o.has("close")) {
                JsonElement x = o.get("close");
                if (spec.kind() != StepRegistry.Kind.FD) {
                    throw new Fail(pos(o, "close"), where + ": \"close\" applies to steps that return an fd");
                }
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isBoolean()) {
                    throw new Fail(pos(o, "close"), where + ": \"close\" must be true or false");
                }
                close = x.getAsBoolean();
                if (close && as != null) {
                    throw new Fail(pos(o, "close"), where + ": \"close\": true and \"as\" together make no sense");
                }
            }
            String comment = null;
            if (o.has("comment")) {
                JsonElement x = o.get("comment");
                comment = x.isJsonPrimitive() ? x.getAsString() : x.toString();
            }
            Op action;
            try {
                action = spec.parser() != null ? spec.parser().parse(o, this) : bind(o, spec.type(), where, path);
            } catch (IllegalArgumentException ex) {
                throw new Fail(pos(o), where + ": " + ex.getMessage());
            }
            return new Step(op, action, expect, expected, as, close, comment, path, pos(o));
        }

        /** The default binder: one JSON field per record component (snake_case names). */
        public <T> T bind(JsonObject o, Class<T> type, String where, String path) {
            RecordComponent[] comps = type.getRecordComponents();
            Map<String, RecordComponent> byJson = new LinkedHashMap<>();
            for (RecordComponent c : comps) {
                byJson.put(StepRegistry.jsonName(c.getName()), c);
            }
            for (String k : o.keySet()) {
                if (!byJson.containsKey(k) && !STEP_KEYS.contains(k)) {
                    throw new Fail(pos(o, k), where + ": unknown field \"" + k + "\" (fields: "
                            + (byJson.isEmpty() ? "none" : String.join(", ", byJson.keySet())) + ")");
                }
            }
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int i = 0; i < comps.length; i++) {
                RecordComponent c = comps[i];
                types[i] = c.getType();
                String key = StepRegistry.jsonName(c.getName());
                JsonElement v = o.get(key);
                if (v == null || v.isJsonNull()) {
                    if (c.getAnnotation(Opt.class) == null) {
                        throw new Fail(pos(o), where + ": missing field \"" + key + "\"");
                    }
                    args[i] = defaultValue(c.getType());
                    continue;
                }
                try {
                    args[i] = convert(v, c.getType(), c.getGenericType(), key, path);
                } catch (IllegalArgumentException | ArithmeticException ex) {
                    throw new Fail(pos(o, key), where + ": " + ex.getMessage());
                }
            }
            try {
                Constructor<T> k = type.getDeclaredConstructor(types);
                k.setAccessible(true);
                return k.newInstance(args);
            } catch (InvocationTargetException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                    throw new Fail(pos(o), where + ": " + cause.getMessage());
                }
                throw new Fail(pos(o), where + ": " + cause);
            } catch (ReflectiveOperationException ex) {
                throw new Fail(pos(o), where + ": cannot build " + type.getSimpleName() + ": " + ex);
            }
        }

        private Object convert(JsonElement v, Class<?> t, Type generic, String key, String path) {
            if (t == String.class) {
                if (!v.isJsonPrimitive()) {
                    throw new IllegalArgumentException("\"" + key + "\" must be a string or a number");
                }
                return v.getAsString();
            }
            if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
                if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()) {
                    throw new IllegalArgumentException("\"" + key + "\" must be a number");
                }
                String s = v.getAsString();
                long n;
                try {
                    n = Values.parseSize(s);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("\"" + key + "\" must be a number, got \"" + s + "\"");
                }
                if (t == int.class || t == Integer.class) {
                    return Math.toIntExact(n);
                }
                return n;
            }
            if (t == boolean.class || t == Boolean.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                    throw new IllegalArgumentException("\"" + key + "\" must be true or false");
                }
                return v.getAsBoolean();
            }
            if (t == List.class && generic instanceof ParameterizedType pt) {
                Type arg = pt.getActualTypeArguments()[0];
                if (arg == Step.class) {
                    return steps(v, path + ".");
                }
                if (arg == String.class) {
                    if (!v.isJsonArray()) {
                        throw new IllegalArgumentException("\"" + key + "\" must be a list of strings");
                    }
                    List<String> out = new ArrayList<>();
                    for (JsonElement x : v.getAsJsonArray()) {
                        if (!x.isJsonPrimitive()) {
                            throw new IllegalArgumentException("\"" + key + "\" must be a list of strings");
                        }
                        out.add(x.getAsString());
                    }
                    return out;
                }
            }
            if (JsonElement.class.isAssignableFrom(t)) {
                return v;
            }
            try {
                Method m = t.getDeclaredMethod("fromJson", JsonElement.class);
                if (Modifier.isStatic(m.getModifiers())) {
                    m.setAccessible(true);
                    return m.invoke(null, v);
                }
            } catch (NoSuchMethodException ex) {
                // fall through
            } catch (InvocationTargetException ex) {
                if (ex.getCause() instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                throw new IllegalArgumentException("\"" + key + "\": " + ex.getCause());
            } catch (IllegalAccessException ex) {
                throw new IllegalArgumentException("\"" + key + "\": " + ex);
            }
            throw new IllegalArgumentException("\"" + key + "\": unsupported field type " + t.getSimpleName()
                    + " (give the type a static fromJson(JsonElement) or the op a parser)");
        }
    }

    private static Object defaultValue(Class<?> t) {
        if (t == long.class) {
            return 0L;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == boolean.class) {
            return false;
        }
        return null;
    }

    static String baseName(String file) {
        String b = file.replace('\\', '/');
        b = b.substring(b.lastIndexOf('/') + 1);
        return b.endsWith(".json") ? b.substring(0, b.length() - 5) : b;
    }

}

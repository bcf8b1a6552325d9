package luolab.engine.corrupt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values as the user gives them (text, like a command line). Missing ones take the
 * injector's defaults; {@link Injector#apply} validates them against the {@link ParamSpec}s.
 */
public final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Params none() {
        return new Params(Map.of());
    }

    /** {@code Params.of("set", "sessions", "from", "2")}. */
    public static Params of(String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of needs name/value pairs");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Params(m);
    }

    public static Params of(Map<String, String> m) {
        return new Params(m);
    }

    /** Parses "name=value" items (the CLI's -p options). Returns null if an item has no '='. */
    public static Params parse(List<String> items) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String it : items) {
            int eq = it.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            m.put(it.substring(0, eq).trim(), it.substring(eq + 1));
        }
        return new Params(m);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String get(String name) {
        return values.get(name);
    }

    public Params with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new Params(m);
    }

    /** Decimal, 0x-hex, or negative decimal (two's complement); null if not a 64-bit value. */
    static Long parseU64(String s) {
        String t = s.trim().replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                String h = t.substring(2);
                if (h.isEmpty() || h.length() > 16) {
                    return null;
                }
                return Long.parseUnsignedLong(h, 16);
            }
            if (t.startsWith("-")) {
                return Long.parseLong(t);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}

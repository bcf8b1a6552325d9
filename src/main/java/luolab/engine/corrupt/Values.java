package luolab.engine.corrupt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated parameter values with defaults filled in; typed accessors for the injectors. */
final class Values {
    private final Map<String, String> v;

    private Values(Map<String, String> v) {
        this.v = v;
    }

    /** Fills defaults and checks every value; an unknown name or a bad value is a refusal. */
    static Values validate(List<ParamSpec> specs, Params given) throws Refusal {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : given.asMap().keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                StringBuilder known = new StringBuilder();
                specs.forEach(s -> known.append(known.length() == 0 ? "" : ", ").append(s.name()));
                throw new Refusal("unknown parameter '" + name + "'" + (specs.isEmpty() ? " (this injector takes none)" : " (takes " + known + ")"));
            }
        }
        for (ParamSpec s : specs) {
            String val = given.get(s.name());
            if (val == null) {
                val = s.defaultValue();
            }
            String bad = s.check(val);
            if (bad != null) {
                throw new Refusal(bad);
            }
            out.put(s.name(), val);
        }
        return new Values(out);
    }

    String str(String name) {
        return v.get(name);
    }

    boolean is(String name, String keyword) {
        return keyword.equals(v.get(name));
    }

    long integer(String name) {
        return Long.parseLong(v.get(name).trim());
    }

    long u64(String name) {
        return Params.parseU64(v.get(name));
    }

    /**
     * An index into something of {@code size} elements: "first", "last", "middle" or a number;
     * refused when outside.
     */
    int index(String name, int size, String what) throws Refusal {
        String s = v.get(name);
        long i = switch (s) {
            case "first" -> 0;
            case "last" -> size - 1;
            case "middle" -> size / 2;
            default -> Long.parseLong(s.trim());
        };
        if (size == 0) {
            throw new Refusal(what + " is empty");
        }
        if (i < 0 || i >= size) {
            throw new Refusal("parameter '" + name + "' = " + s + ": " + what + " has only " + size
                    + (size == 1 ? " element (index 0)" : " elements (0.." + (size - 1) + ")"));
        }
        return (int) i;
    }

    Map<String, String> asMap() {
        return v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        v.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(x));
        return sb.toString();
    }
}

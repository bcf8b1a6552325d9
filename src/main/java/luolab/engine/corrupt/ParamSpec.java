package luolab.engine.corrupt;

import java.util.List;

/**
 * One typed parameter of an injector: its kind, default (which may be a keyword such as "last"
 * or "auto" that the injector resolves against the machine), range and meaning.
 */
public record ParamSpec(String name, Kind kind, String defaultValue, long min, long max, List<String> keywords,
        String description) {

    public enum Kind {
        /** A whole number in [min, max], or one of {@code keywords}. */
        INT,
        /** A 64-bit value, decimal or 0x-hex, or one of {@code keywords}. */
        U64,
        /** Text of at most {@code max} bytes. */
        STRING,
        /** "sessions", "files" (the first session with files) or "files:&lt;session name&gt;". */
        SET,
        /** One of {@code keywords}. */
        CHOICE
    }

    public ParamSpec {
        keywords = List.copyOf(keywords);
    }

    static ParamSpec integer(String name, String def, long min, long max, List<String> keywords, String desc) {
        return new ParamSpec(name, Kind.INT, def, min, max, keywords, desc);
    }

    static ParamSpec u64(String name, String def, List<String> keywords, String desc) {
        return new ParamSpec(name, Kind.U64, def, 0, 0, keywords, desc);
    }

    static ParamSpec string(String name, String def, int maxLen, String desc) {
        return new ParamSpec(name, Kind.STRING, def, 0, maxLen, List.of(), desc);
    }

    static ParamSpec set(String def, String desc) {
        return new ParamSpec("set", Kind.SET, def, 0, 0, List.of(), desc);
    }

    static ParamSpec choice(String name, String def, List<String> choices, String desc) {
        return new ParamSpec(name, Kind.CHOICE, def, 0, 0, choices, desc);
    }

    /** True if the parameter has no default and must be given. */
    public boolean required() {
        return defaultValue == null;
    }

    /** The accepted values, for listings. */
    public String range() {
        String kw = keywords.isEmpty() ? "" : String.join(" | ", keywords);
        return switch (kind) {
            case INT -> (kw.isEmpty() ? "" : kw + " | ") + min + ".." + max;
            case U64 -> (kw.isEmpty() ? "" : kw + " | ") + "u64 (decimal or 0x…)";
            case STRING -> "text, ≤ " + max + " bytes";
            case SET -> "sessions | files | files:<session name>";
            case CHOICE -> kw;
        };
    }

    /** Checks one value; returns null when fine, else the reason. */
    String check(String value) {
        if (value == null) {
            return "parameter '" + name + "' is required (" + range() + ")";
        }
        switch (kind) {
            case INT -> {
                if (keywords.contains(value)) {
                    return null;
                }
                try {
                    long v = Long.parseLong(value.trim());
                    if (v < min || v > max) {
                        return "parameter '" + name + "' = " + v + " is outside " + min + ".." + max;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "parameter '" + name + "' = '" + value + "' is not a number (" + range() + ")";
                }
            }
            case U64 -> {
                if (keywords.contains(value)) {
                    return null;
                }
                return Params.parseU64(value) == null
                        ? "parameter '" + name + "' = '" + value + "' is not a 64-bit value (" + range() + ")"
                        : null;
            }
            case STRING -> {
                int len = value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length;
                return len > max ? "parameter '" + name + "' is " + len + " bytes, at most " + max + " fit" : null;
            }
            case SET -> {
                if (value.equals("sessions") || value.equals("files") || (value.startsWith("files:") && value.length() > 6)) {
                    return null;
                }
                return "parameter 'set' = '" + value + "': expected sessions, files or files:<session name>";
            }
            case CHOICE -> {
                return keywords.contains(value) ? null
                        : "parameter '" + name + "' = '" + value + "': expected one of " + String.join(", ", keywords);
            }
            default -> {
                return null;
            }
        }
    }
}

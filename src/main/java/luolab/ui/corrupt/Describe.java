package luolab.ui.corrupt;

import java.util.Map;

/** One-line, human wording of an injection ("cyclic chain: last block of the session set → block 0"). */
public final class Describe {
    private Describe() {
    }

    public static String summary(String injector, Map<String, String> p) {
        String set = set(p.getOrDefault("set", "sessions"));
        return switch (injector) {
            case "cyclic-chain" -> {
                String from = block(p.getOrDefault("from", "last"));
                String to = p.getOrDefault("to", "0");
                yield from.equals(block(to)) ? "self-loop: " + from + " of " + set + " points at itself"
                        : "cyclic chain: " + from + " of " + set + " → " + block(to);
            }
            case "self-loop" -> "self-loop: " + block(p.getOrDefault("block", "last")) + " of " + set + " points at itself";
            case "long-chain" -> set + " stretched to " + p.getOrDefault("blocks", "10001") + " blocks";
            case "chain-truncate" -> set + " cut after " + block(p.getOrDefault("block", "first")) + " (next := 0)";
            case "count-over-capacity" -> "count of " + block(p.getOrDefault("block", "first")) + " of " + set + " := "
                    + auto(p.getOrDefault("value", "auto"), "capacity + 1");
            case "zero-count-block" -> "count of " + block(p.getOrDefault("block", "middle")) + " of " + set + " := 0";
            case "file-count-mismatch" -> "file count of session " + session(p) + " := " + auto(p.getOrDefault("value", "auto"),
                    "real + 1");
            case "file-set-detached" -> "file chain of session " + session(p) + " detached (files := 0)";
            case "duplicate-session-name" -> "session " + quote(p.getOrDefault("session", "auto"), "the second one")
                    + " renamed to " + quote(p.getOrDefault("as", "auto"), "the first one's name");
            case "file-compatible" -> "file " + token(p) + " of session " + session(p) + ": compatible := \""
                    + p.getOrDefault("value", "memfd-v1") + "\" (no handler)";
            case "bit-flip" -> "bit " + p.getOrDefault("bit", "0") + " of the byte at " + p.getOrDefault("pa", "?") + " flipped";
            case "write-u64" -> "u64 at " + p.getOrDefault("pa", "?") + " := " + p.getOrDefault("value", "?");
            case "write-bytes" -> "bytes at " + p.getOrDefault("pa", "?") + " := " + p.getOrDefault("bytes", "?");
            default -> {
                StringBuilder sb = new StringBuilder(injector);
                p.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                yield sb.toString();
            }
        };
    }

    /** "sessions" → "the session set"; "files:vm" → "vm's file set". */
    public static String set(String s) {
        if (s == null || s.equals("sessions")) {
            return "the session set";
        }
        if (s.equals("files")) {
            return "the first file set";
        }
        if (s.startsWith("files:")) {
            return "the file set of '" + s.substring(6) + "'";
        }
        return s;
    }

    /** "last" → "the last block", "3" → "block 3". */
    public static String block(String v) {
        if (v == null) {
            return "block ?";
        }
        return switch (v) {
            case "first", "middle", "last" -> "the " + v + " block";
            default -> "block " + v;
        };
    }

    private static String auto(String v, String meaning) {
        return "auto".equals(v) ? meaning : v;
    }

    private static String session(Map<String, String> p) {
        return quote(p.getOrDefault("session", "auto"), "(the first with files)");
    }

    private static String token(Map<String, String> p) {
        String t = p.getOrDefault("token", "first");
        return "first".equals(t) ? "(the first)" : t;
    }

    private static String quote(String v, String autoMeaning) {
        return "auto".equals(v) ? autoMeaning : "'" + v + "'";
    }
}

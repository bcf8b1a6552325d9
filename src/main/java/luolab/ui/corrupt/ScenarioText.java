package luolab.ui.corrupt;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The scenario file as text, with the workbench's injections written into it as {@code corrupt}
 * steps. The user's file is never re-serialized: each step is inserted as one line before the
 * step it precedes, with that step's indentation, so a saved scenario reads like the original
 * plus the injected lines (and removing an injection gives back the original text exactly).
 */
public final class ScenarioText {
    private static final Gson GSON = new Gson();
    public static final String COMMENT = "injected in the workbench";

    /** Character range [start, end) of one element of the top-level "steps" array. */
    public record Span(int start, int end) {
    }

    private ScenarioText() {
    }

    /** {@code base} with every injection inserted at its index (indexes count the injections themselves). */
    public static String with(String base, List<Injection> injections) {
        List<Span> steps = steps(base);
        List<Injection> sorted = new ArrayList<>(injections);
        sorted.sort(Comparator.comparingInt(Injection::index).thenComparingInt(Injection::id));
        // the base step each injection goes before (steps.size() = after the last one)
        int[] before = new int[sorted.size()];
        for (int j = 0; j < sorted.size(); j++) {
            before[j] = Math.max(0, Math.min(steps.size(), sorted.get(j).index() - j));
        }
        StringBuilder out = new StringBuilder(base);
        // insert back to front so earlier offsets stay valid; equal positions keep their order
        for (int j = sorted.size() - 1; j >= 0; j--) {
            String step = stepJson(sorted.get(j));
            int b = before[j];
            if (b < steps.size()) {
                Span s = steps.get(b);
                out.insert(s.start(), step + ",\n" + indent(base, s.start()));
            } else if (!steps.isEmpty()) {
                Span last = steps.get(steps.size() - 1);
                out.insert(last.end(), ",\n" + indent(base, last.start()) + step);
            } else {
                int open = arrayOpen(base);
                out.insert(open + 1, "\n    " + step + "\n  ");
            }
        }
        return out.toString();
    }

    /** {"op": "corrupt", "injector": …, "params": {…}, "at": …, "comment": …} on one line. */
    public static String stepJson(Injection i) {
        StringBuilder sb = new StringBuilder("{\"op\": \"corrupt\", \"injector\": ").append(GSON.toJson(i.injector()));
        if (!i.params().isEmpty()) {
            sb.append(", \"params\": {");
            boolean first = true;
            for (Map.Entry<String, String> e : i.params().entrySet()) {
                sb.append(first ? "" : ", ").append(GSON.toJson(e.getKey())).append(": ").append(GSON.toJson(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        sb.append(", \"at\": ").append(GSON.toJson(i.at()));
        sb.append(", \"comment\": ").append(GSON.toJson(COMMENT + (i.summary() == null ? "" : ": " + i.summary())));
        return sb.append('}').toString();
    }

    private static String indent(String text, int at) {
        int ls = at;
        while (ls > 0 && text.charAt(ls - 1) != '\n') {
            ls--;
        }
        String pre = text.substring(ls, at);
        return pre.isBlank() ? pre : "    ";
    }

    /** The elements of the top-level "steps" array, in order (empty if there is none). */
    public static List<Span> steps(String json) {
        Scanner sc = new Scanner(json);
        List<Span> out = new ArrayList<>();
        sc.ws();
        if (!sc.eat('{')) {
            return out;
        }
        while (true) {
            sc.ws();
            if (sc.eat('}') || sc.end()) {
                return out;
            }
            String key = sc.string();
            sc.ws();
            sc.eat(':');
            sc.ws();
            if ("steps".equals(key) && sc.peek() == '[') {
                sc.eat('[');
                while (true) {
                    sc.ws();
                    if (sc.eat(']') || sc.end()) {
                        break;
                    }
                    int start = sc.pos;
                    sc.value();
                    out.add(new Span(start, sc.pos));
                    sc.ws();
                    sc.eat(',');
                }
            } else {
                sc.value();
            }
            sc.ws();
            sc.eat(',');
        }
    }

    private static int arrayOpen(String json) {
        Scanner sc = new Scanner(json);
        sc.ws();
        sc.eat('{');
        while (!sc.end()) {
            sc.ws();
            String key = sc.string();
            sc.ws();
            sc.eat(':');
            sc.ws();
            if ("steps".equals(key)) {
                return sc.pos;
            }
            sc.value();
            sc.ws();
            sc.eat(',');
        }
        throw new IllegalArgumentException("the scenario has no \"steps\" array");
    }

    /** Just enough of a JSON reader to find where values start and end (strings, nesting, comments). */
    private static final class Scanner {
        final String s;
        int pos;

        Scanner(String s) {
            this.s = s;
        }

        boolean end() {
            return pos >= s.length();
        }

        char peek() {
            return end() ? '\0' : s.charAt(pos);
        }

        boolean eat(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void ws() {
            while (!end()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '/') {
                    while (!end() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '*') {
                    int e = s.indexOf("*/", pos + 2);
                    pos = e < 0 ? s.length() : e + 2;
                } else {
                    return;
                }
            }
        }

        String string() {
            if (!eat('"')) {
                value();
                return null;
            }
            StringBuilder sb = new StringBuilder();
            while (!end()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (!end()) {
                        sb.append(s.charAt(pos++));
                    }
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        void value() {
            char c = peek();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                int depth = 0;
                while (!end()) {
                    char d = s.charAt(pos);
                    if (d == '"') {
                        string();
                        continue;
                    }
                    if (d == '/' && pos + 1 < s.length() && (s.charAt(pos + 1) == '/' || s.charAt(pos + 1) == '*')) {
                        ws();
                        continue;
                    }
                    pos++;
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        if (--depth == 0) {
                            return;
                        }
                    }
                }
            } else {
                while (!end()) {
                    char d = s.charAt(pos);
                    if (d == ',' || d == '}' || d == ']' || Character.isWhitespace(d)) {
                        return;
                    }
                    pos++;
                }
            }
        }
    }
}

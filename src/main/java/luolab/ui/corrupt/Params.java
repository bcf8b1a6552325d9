package luolab.ui.corrupt;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the direct-manipulation actions spell an injector's parameters: hex addresses, in the injector's order. */
final class Params {
    private Params() {
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A map in the order of {@code keys} (Map.of has none). */
    static Map<String, String> ordered(Map<String, String> m, String... keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : keys) {
            if (m.containsKey(k)) {
                out.put(k, m.get(k));
            }
        }
        return out;
    }
}

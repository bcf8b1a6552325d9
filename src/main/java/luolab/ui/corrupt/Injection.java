package luolab.ui.corrupt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One corruption made in the workbench: a {@code corrupt} step inserted at top-level step
 * {@code index} of the scenario (0-based, counting the other injections), with {@code at} = "now"
 * or "handover". {@code summary} is what the user asked for in words ("cyclic chain: last block of
 * the session set → block 0"); {@code origin} where they asked (menu, chain view, hex, table).
 */
public record Injection(int id, String injector, Map<String, String> params, String at, int index, String summary,
        String origin) {
    public static final String NOW = "now";
    public static final String HANDOVER = "handover";

    public Injection {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (!NOW.equals(at) && !HANDOVER.equals(at)) {
            throw new IllegalArgumentException("at must be now or handover: " + at);
        }
    }

    public boolean handover() {
        return HANDOVER.equals(at);
    }

    public Injection withIndex(int i) {
        return new Injection(id, injector, params, at, i, summary, origin);
    }

    /** "cyclic-chain set=sessions from=last to=0". */
    public String command() {
        StringBuilder sb = new StringBuilder(injector);
        params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}

package luolab.scenario;

import java.util.Locale;

/**
 * The known name closest to a mistyped one, for the "did you mean" hints of scenario and lesson
 * errors: smallest edit distance, and only when it is close enough (at most 2, or a third of the
 * name's length) to be a likely typo rather than a different word.
 */
public final class ClosestName {
    private ClosestName() {
    }

    /** The closest of {@code known} to {@code name}, or null when none is close. */
    public static String of(String name, Iterable<String> known, boolean ignoreCase) {
        String typed = ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typed, ignoreCase ? k.toLowerCase(Locale.ROOT) : k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

package luolab.lesson;

import java.util.List;
import java.util.Locale;

/**
 * The " (did you mean \"x\"?)" hint lesson errors append to an unknown name: the closest known
 * name by edit distance, ignoring case, when it is close enough to be a likely typo.
 */
final class DidYouMean {
    private DidYouMean() {
    }

    /** " (did you mean \"x\"?)" when a known name is close, else "". */
    static String suggest(String s, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(s.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, s.length() / 3) ? " (did you mean \"" + best + "\"?)" : "";
    }

    /** Levenshtein distance, two rows. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

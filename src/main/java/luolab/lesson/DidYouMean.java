package luolab.lesson;

import java.util.List;
import luolab.scenario.ClosestName;

/**
 * The " (did you mean \"x\"?)" hint lesson errors append to an unknown name: the closest known
 * name by edit distance, ignoring case, when it is close enough to be a likely typo.
 */
final class DidYouMean {
    private DidYouMean() {
    }

    /** " (did you mean \"x\"?)" when a known name is close, else "". */
    static String suggest(String s, List<String> known) {
        String best = ClosestName.of(s, known, true);
        return best != null ? " (did you mean \"" + best + "\"?)" : "";
    }
}

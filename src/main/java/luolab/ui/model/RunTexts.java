package luolab.ui.model;

import luolab.scenario.RunSummary;
import luolab.scenario.Values;

/**
 * The words a finished run is summed up with in the status bar, shared by every way a run is made
 * (opened file, corruption re-run, session command) so they read alike; counts always as
 * {@link Values#count} writes them ("30,302"), whatever the machine's locale.
 */
public final class RunTexts {
    private RunTexts() {
    }

    /** "1,234 events". */
    public static String events(long n) {
        return Values.count(n) + (n == 1 ? " event" : " events");
    }

    /** "2 boots, expectations 30,302 met / 0 failed" (+ ", kernel panicked" / ", kernel hung"). */
    public static String outcome(RunSummary sum) {
        return Values.count(sum.boots()) + " boot" + (sum.boots() == 1 ? "" : "s") + ", expectations "
                + Values.count(sum.expectationsMet()) + " met / " + Values.count(sum.expectationsFailed()) + " failed"
                + (sum.panicked() ? ", kernel panicked" : sum.hung() ? ", kernel hung" : "");
    }
}

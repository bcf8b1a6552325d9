package luolab.ui.model;

/**
 * A user request that will replace the run on show once its result is ready (an opened file, a
 * re-run for a corruption or a Session command, a lesson, a saved state). Results come back in
 * any order — a re-run on the engine thread may end before or after a scenario file opened later
 * — and the latest request must win, so whoever made one checks {@link #superseded()} before
 * showing its result and drops it if a later request was made meanwhile. Made by
 * {@link WorkbenchModel#requestShow()}.
 */
public final class ShowRequest {
    /** The requests of one model, numbered in the order the user made them (on the FX thread). */
    static final class Sequence {
        private long last;

        /** A new request; every earlier one is superseded from now on. */
        ShowRequest next() {
            return new ShowRequest(this, ++last);
        }
    }

    private final Sequence of;
    private final long number;

    private ShowRequest(Sequence of, long number) {
        this.of = of;
        this.number = number;
    }

    /** True once a later request to show a run was made (on the FX thread). */
    public boolean superseded() {
        return number != of.last;
    }
}

package luolab.ui.model;

import java.util.List;
import luolab.engine.trace.TraceEvent;

/**
 * Where → and ← stop. Every trace event is a stop, except that a run of page-metadata changes
 * made by one call (a boot marking the 2,048 pages of its image, reserving a preserved range,
 * poisoning what is free) is one stop: in the default demo those runs are 96% of all events,
 * and stepping through them page by page teaches nothing the memory map does not show at once.
 * Positions count applied events: at position p, events [0, p) have happened.
 */
public final class EventSteps {
    private EventSteps() {
    }

    /** The position after the next event, or after the whole run of page changes it starts. */
    public static int next(List<TraceEvent> ev, int pos) {
        if (pos >= ev.size()) {
            return ev.size();
        }
        int j = pos + 1;
        if (ev.get(pos) instanceof TraceEvent.PageMetaChange first) {
            while (j < ev.size() && sameRun(first, ev.get(j))) {
                j++;
            }
        }
        return j;
    }

    /** The position before the last applied event, or before the whole run of page changes it ends. */
    public static int previous(List<TraceEvent> ev, int pos) {
        if (pos <= 0) {
            return 0;
        }
        int j = Math.min(pos, ev.size()) - 1;
        if (ev.get(j) instanceof TraceEvent.PageMetaChange last) {
            while (j > 0 && sameRun(last, ev.get(j - 1))) {
                j--;
            }
        }
        return j;
    }

    private static boolean sameRun(TraceEvent.PageMetaChange a, TraceEvent b) {
        return b instanceof TraceEvent.PageMetaChange m && m.stack().equals(a.stack()) && m.phase() == a.phase();
    }
}

package luolab.engine.trace;

import java.util.List;
import java.util.function.Predicate;
import luolab.engine.memory.PhysicalMemory;

/**
 * Moves physical memory to the state it had after any event of a finished FULL trace. Every
 * state-changing event carries its old and new values (an undo log), so stepping is O(1) per
 * event in either direction and "go to" costs the distance travelled, with no checkpoints to keep.
 * Position p means events [0, p) have been applied; a fresh stepper starts at the end of the run.
 */
public final class Stepper {
    private final PhysicalMemory mem;
    private final List<TraceEvent> events;
    private int position;

    public Stepper(PhysicalMemory mem, List<TraceEvent> events) {
        this.mem = mem;
        this.events = events;
        this.position = events.size();
    }

    public int position() {
        return position;
    }

    public int size() {
        return events.size();
    }

    /** The event most recently applied, or null at the very start. */
    public TraceEvent current() {
        return position == 0 ? null : events.get(position - 1);
    }

    public List<TraceEvent> events() {
        return events;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public void goTo(int target) {
        int t = Math.max(0, Math.min(events.size(), target));
        while (position < t) {
            apply(events.get(position++));
        }
        while (position > t) {
            undo(events.get(--position));
        }
    }

    public boolean forward() {
        if (position >= events.size()) {
            return false;
        }
        goTo(position + 1);
        return true;
    }

    public boolean back() {
        if (position == 0) {
            return false;
        }
        goTo(position - 1);
        return true;
    }

    /** Runs forward until just after the next event matching {@code p}; stays at the end if none. */
    public boolean forwardTo(Predicate<TraceEvent> p) {
        for (int i = position; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                goTo(i + 1);
                return true;
            }
        }
        goTo(events.size());
        return false;
    }

    /** Goes back to just after the previous event matching {@code p} (before the current one). */
    public boolean backTo(Predicate<TraceEvent> p) {
        for (int i = position - 2; i >= 0; i--) {
            if (p.test(events.get(i))) {
                goTo(i + 1);
                return true;
            }
        }
        goTo(0);
        return false;
    }

    public boolean forwardToPhase(Phase phase) {
        return forwardTo(e -> e instanceof TraceEvent.PhaseChange pc && pc.phase() == phase);
    }

    /** Back to the start of the current phase (or of the previous one if already at its start). */
    public boolean backToPhaseStart() {
        return backTo(e -> e instanceof TraceEvent.PhaseChange);
    }

    public void toEnd() {
        goTo(events.size());
    }

    private void apply(TraceEvent e) {
        if (!e.mutates()) {
            return;
        }
        if (e instanceof TraceEvent.MemWrite w) {
            mem.writeSilently(w.pa(), w.newBytes());
        } else if (e instanceof TraceEvent.PageContent c) {
            mem.restorePageSilently(c.pfn(), null);
        } else if (e instanceof TraceEvent.RangePoisoned r) {
            mem.poisonRangeSilently(r.startPfn(), r.count());
        } else if (e instanceof TraceEvent.PageMetaChange m) {
            mem.setMetaSilently(m.pfn(), m.newMeta());
        }
    }

    private void undo(TraceEvent e) {
        if (!e.mutates()) {
            return;
        }
        if (e instanceof TraceEvent.MemWrite w) {
            mem.writeSilently(w.pa(), w.oldBytes() != null ? w.oldBytes() : new byte[w.newBytes().length]);
        } else if (e instanceof TraceEvent.PageContent c) {
            mem.restorePageSilently(c.pfn(), c.oldData());
        } else if (e instanceof TraceEvent.RangePoisoned r) {
            mem.unpoisonRangeSilently(r.startPfn(), r.oldMeta(), r.oldData());
        } else if (e instanceof TraceEvent.PageMetaChange m) {
            mem.setMetaSilently(m.pfn(), m.oldMeta());
        }
    }
}

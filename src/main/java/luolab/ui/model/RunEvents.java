package luolab.ui.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;

/**
 * Questions {@link WorkbenchModel} asks of a run's events — where a run is first shown, where its
 * phases start, where the phase commands go, what came before a position — as pure functions of
 * the events and the position, so the model only moves and shows.
 */
final class RunEvents {
    private RunEvents() {
    }

    /**
     * Where a freshly loaded run is shown: just after the first scenario step mark (the machine has
     * booted, the scenario's first step is next), or the very start if the run has no step marks.
     */
    static int startPosition(List<TraceEvent> ev) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.StepMark) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Event index at which each phase starts, by {@link Phase#ordinal()} (-1 if the run never reaches it). */
    static int[] phaseStarts(List<TraceEvent> ev) {
        int[] starts = new int[Phase.values().length];
        Arrays.fill(starts, -1);
        starts[Phase.RUNNING.ordinal()] = 0;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.PhaseChange pc && starts[pc.phase().ordinal()] < 0) {
                starts[pc.phase().ordinal()] = i + 1;
            }
        }
        return starts;
    }

    /** Just after the next phase change from {@code target} (the end if there is none). */
    static int nextPhase(List<TraceEvent> ev, int target) {
        for (int i = target; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.PhaseChange) {
                return i + 1;
            }
        }
        return ev.size();
    }

    /** The start of the phase {@code target} is in, or of the previous one when already at its start. */
    static int previousPhase(List<TraceEvent> ev, int target) {
        for (int i = target - 2; i >= 0; i--) {
            if (ev.get(i) instanceof TraceEvent.PhaseChange) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The events before {@code position} that are of {@code type}. */
    static <T extends TraceEvent> List<T> before(List<TraceEvent> ev, int position, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < position; i++) {
            if (type.isInstance(ev.get(i))) {
                out.add(type.cast(ev.get(i)));
            }
        }
        return out;
    }
}

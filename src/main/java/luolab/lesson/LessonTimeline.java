package luolab.lesson;

import java.util.List;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;

/**
 * Turns each beat's {@link RunTo} into a position in a FULL trace (position p = events [0, p)
 * applied, as the workbench and {@code Stepper} count): after step k = just before the StepMark of
 * step k + 1 (or the end); start of a phase = just after its PhaseChange; an event = just after it
 * and the memory writes that directly follow it (a Corruption's bytes).
 */
public final class LessonTimeline {
    /** Position the target never reaches in this run. */
    public static final int UNREACHED = -1;

    private LessonTimeline() {
    }

    public static int position(RunTo to, List<TraceEvent> ev) {
        if (to instanceof RunTo.AfterStep s) {
            boolean started = false;
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i) instanceof TraceEvent.StepMark m) {
                    if (m.step() == s.step() + 1) {
                        return i;
                    }
                    started |= m.step() == s.step();
                }
            }
            return started ? ev.size() : UNREACHED;
        }
        if (to instanceof RunTo.PhaseStart p) {
            if (p.phase() == Phase.RUNNING) {
                return 0;
            }
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i) instanceof TraceEvent.PhaseChange pc && pc.phase() == p.phase()) {
                    return i + 1;
                }
            }
            return UNREACHED;
        }
        RunTo.AfterEvent e = (RunTo.AfterEvent) to;
        int seen = 0;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).getClass().getSimpleName().equals(e.kind()) && ++seen == e.nth()) {
                // "just after" includes the bytes the event stands for (a Corruption is followed by its writes)
                int p = i + 1;
                while (p < ev.size() && ev.get(p) instanceof TraceEvent.MemWrite) {
                    p++;
                }
                return p;
            }
        }
        return UNREACHED;
    }

    /** How many events of a kind the run has (for error messages). */
    public static int count(String kind, List<TraceEvent> ev) {
        int n = 0;
        for (TraceEvent t : ev) {
            if (t.getClass().getSimpleName().equals(kind)) {
                n++;
            }
        }
        return n;
    }

    /** Every beat's position ({@link #UNREACHED} where the run never gets there). */
    public static int[] positions(Lesson l, List<TraceEvent> ev) {
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = position(l.beat(i).runTo(), ev);
        }
        return out;
    }

    /** The top-level step (0-based) running at position p: the last StepMark before it, or -1. */
    public static int stepAt(int position, List<TraceEvent> ev) {
        for (int i = Math.min(position, ev.size()) - 1; i >= 0; i--) {
            if (ev.get(i) instanceof TraceEvent.StepMark m) {
                return m.step();
            }
        }
        return -1;
    }
}

package luolab.ui.anim;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.trace.TraceEvent;

/**
 * Turns a trace into beats. Three passes: (1) every "key" event starts a beat and takes the detail
 * events before it (the engine reports what happened after the bytes were written, so a beat lands
 * the state its key describes), plus a few followers after it; (2) long runs of the same kind are
 * aggregated — a block at a time for entries, a batch at a time for sessions, the middle of a long
 * Floyd walk; (3) if the plan is longer than its budget, repetitive beats are shortened.
 * Pass 1 is {@link TraceReader}, pass 2 {@link RunAggregation}, the shortening
 * {@link PlanCompression}; what stays here is the order of the passes and the sticky windows.
 */
final class PlanBuilder {
    private final List<TraceEvent> ev;

    PlanBuilder(List<TraceEvent> events) {
        this.ev = events;
    }

    AnimationPlan build() {
        List<Beat> beats = RunAggregation.aggregate(new TraceReader(ev).read());
        beats = PlanCompression.compressFloyd(beats);
        beats = PlanCompression.coarsen(beats);
        beats = PlanCompression.fitBudget(beats);
        beats = sticky(beats);
        return new AnimationPlan(beats, ev.size());
    }

    // ---- sticky windows ----------------------------------------------------------------------

    /**
     * Rejected chains, panics and corruption stay on screen until the next kexec; an error callout
     * until the next scenario step or phase.
     */
    private static List<Beat> sticky(List<Beat> in) {
        int[] nextKexec = new int[in.size()];
        int[] nextStep = new int[in.size()];
        int kx = Integer.MAX_VALUE;
        int st = Integer.MAX_VALUE;
        for (int i = in.size() - 1; i >= 0; i--) {
            nextKexec[i] = kx;
            nextStep[i] = st;
            Beat b = in.get(i);
            if (b.kind() == BeatKind.KEXEC) {
                kx = b.key();
                st = b.key();
            } else if (b.kind() == BeatKind.STEP || b.kind() == BeatKind.PHASE) {
                st = b.key();
            }
        }
        List<Beat> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Beat b = in.get(i);
            if (!b.kind().sticky()) {
                out.add(b);
            } else if (b.kind() == BeatKind.ERROR) {
                out.add(b.withUntil(nextStep[i]));
            } else {
                out.add(b.withUntil(nextKexec[i]));
            }
        }
        return out;
    }
}

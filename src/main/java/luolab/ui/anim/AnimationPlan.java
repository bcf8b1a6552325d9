package luolab.ui.anim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import luolab.engine.trace.TraceEvent;

/**
 * The animation of one run, made from its trace alone (pure: no JavaFX, no memory): which events
 * become which visual beats, how they are aggregated, and how long each lasts at 1×. Beats cover
 * the events without gaps, in order, so a time on the animation's clock maps to exactly one model
 * position and back.
 */
public final class AnimationPlan {
    private final List<Beat> beats;
    private final double[] start;
    private final int[] to;
    private final double total;
    private final int events;
    private final List<Beat> sticky;

    AnimationPlan(List<Beat> beats, int events) {
        this.beats = List.copyOf(beats);
        this.events = events;
        this.start = new double[beats.size() + 1];
        this.to = new int[beats.size()];
        double t = 0;
        List<Beat> st = new ArrayList<>();
        for (int i = 0; i < beats.size(); i++) {
            start[i] = t;
            t += beats.get(i).duration();
            to[i] = beats.get(i).to();
            if (beats.get(i).kind().sticky()) {
                st.add(beats.get(i));
            }
        }
        start[beats.size()] = t;
        this.total = t;
        this.sticky = List.copyOf(st);
    }

    /** Builds the plan of a run's events. */
    public static AnimationPlan build(List<TraceEvent> events) {
        return new PlanBuilder(events).build();
    }

    public List<Beat> beats() {
        return beats;
    }

    public int size() {
        return beats.size();
    }

    public Beat beat(int i) {
        return beats.get(i);
    }

    /** Number of trace events the plan covers. */
    public int events() {
        return events;
    }

    /** Seconds at 1× from the first beat to the end. */
    public double totalSeconds() {
        return total;
    }

    public double start(int i) {
        return start[i];
    }

    public double end(int i) {
        return start[i + 1];
    }

    /** The beat playing at time {@code t}: the first that has not ended (the last one at or after the end). */
    public int beatAtTime(double t) {
        if (beats.isEmpty()) {
            return -1;
        }
        int lo = 0;
        int hi = beats.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid + 1] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The beat whose events include the one that takes the model to {@code position} (position ≥ 1). */
    public int beatOfPosition(int position) {
        if (beats.isEmpty()) {
            return -1;
        }
        int lo = 0;
        int hi = beats.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Model position at time {@code t}. */
    public int positionAt(double t) {
        if (beats.isEmpty() || t >= total) {
            return events;
        }
        if (t <= 0) {
            return beats.get(0).positionAt(0);
        }
        int i = beatAtTime(t);
        Beat b = beats.get(i);
        double p = b.duration() <= 0 ? 1 : (t - start[i]) / b.duration();
        return b.positionAt(p);
    }

    /** The earliest time at which the model is at {@code position} (for seeking). */
    public double timeOf(int position) {
        if (beats.isEmpty() || position <= 0) {
            return 0;
        }
        if (position >= events) {
            return total;
        }
        int i = beatOfPosition(position);
        Beat b = beats.get(i);
        if (position <= b.from()) {
            return start[i];
        }
        return start[i] + b.progressOf(position) * b.duration();
    }

    /** Beats whose marks (red chain, panic banner, error callout) are on screen at {@code position}. */
    public List<Beat> stickyAt(int position) {
        List<Beat> out = new ArrayList<>();
        for (Beat b : sticky) {
            if (b.stickyAt(position)) {
                out.add(b);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** How many beats of each kind (for tests and the status line). */
    public Map<BeatKind, Integer> counts() {
        Map<BeatKind, Integer> m = new EnumMap<>(BeatKind.class);
        for (Beat b : beats) {
            m.merge(b.kind(), 1, Integer::sum);
        }
        return m;
    }

    /** One line per beat, for debugging and tests. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < beats.size(); i++) {
            sb.append(String.format("%5d %7.2fs  %s%n", i, start[i], beats.get(i)));
        }
        sb.append(String.format("total %.2fs, %d beats, %d events%n", total, beats.size(), events));
        return sb.toString();
    }
}

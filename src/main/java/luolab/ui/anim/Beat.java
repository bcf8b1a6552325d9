package luolab.ui.anim;

import luolab.engine.trace.Phase;

/**
 * One visual beat of the animation: it covers trace events [{@code from}, {@code to}) — the model
 * is at {@code from} when it starts and at {@code to} when it ends — and lasts {@code duration}
 * seconds at 1×. {@code key} is the event that made it (the last one, for a batch of {@code items}
 * keys). Sticky beats (chain rejected, panic, errors, corruption) stay on screen while the
 * position is in ({@code key}, {@code until}].
 */
public record Beat(BeatKind kind, Phase phase, int from, int to, int key, int until, int items, double duration,
        BeatKind.Landing landing, String caption, BeatData data) {

    /** Where the model should be at {@code progress} ∈ [0, 1] of this beat. */
    public int positionAt(double progress) {
        if (progress >= 1 || to <= from) {
            return to;
        }
        return switch (landing) {
            case START -> to;
            case END -> progress + 1e-9 >= END_LANDING ? to : from;
            case GRADUAL -> Math.min(to, from + (int) Math.floor(Math.max(0, progress) * (to - from) + 1e-9));
        };
    }

    /** Fraction of an END beat at which its state lands (the motion arrives, then it is held). */
    public static final double END_LANDING = 0.72;

    /** Progress at which the model reaches position {@code p} (from ≤ p ≤ to) in this beat. */
    public double progressOf(int p) {
        if (p <= from) {
            return 0;
        }
        if (p >= to) {
            return 1;
        }
        return switch (landing) {
            case START -> 0;
            case END -> END_LANDING;
            case GRADUAL -> (double) (p - from) / (to - from);
        };
    }

    /** Whether what this beat shows is on screen at {@code position} even when nothing moves. */
    public boolean stickyAt(int position) {
        return kind.sticky() && position > key && position <= until;
    }

    Beat withDuration(double d) {
        return new Beat(kind, phase, from, to, key, until, items, d, landing, caption, data);
    }

    Beat withUntil(int u) {
        return new Beat(kind, phase, from, to, key, u, items, duration, landing, caption, data);
    }

    @Override
    public String toString() {
        return String.format("%s[%d,%d) x%d %.2fs %s", kind, from, to, items, duration, caption);
    }
}

package luolab.ui.anim;

import luolab.engine.trace.Phase;

/**
 * A beat under construction while the trace is read: the events it spans, its key event, and a
 * family (kind plus what must match for neighbours to be batched together).
 */
final class RawBeat {
    BeatKind kind;
    Phase phase;
    int from;
    int to;
    int key;
    int items = 1;
    String caption;
    BeatData data;
    String family;

    RawBeat(BeatKind kind, Phase phase, String caption, BeatData data) {
        this.kind = kind;
        this.phase = phase;
        this.caption = caption;
        this.data = data;
        this.family = kind.name();
    }
}

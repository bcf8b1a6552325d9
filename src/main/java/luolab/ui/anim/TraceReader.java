package luolab.ui.anim;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;
import luolab.ui.anim.BeatData.Range;

/**
 * Pass 1 of {@link PlanBuilder}: every "key" event starts a beat and takes the detail events
 * before it (the engine reports what happened after the bytes were written, so a beat lands the
 * state its key describes), plus a few followers after it. Neighbours that are one gesture (an
 * error line and the panic it explains, a page preserved and the block linked on it) are folded
 * into one beat. Which events are keys, and what beat each starts, is {@link KeyEvents}.
 */
final class TraceReader {
    private final List<TraceEvent> ev;
    private final KeyEvents keys;
    private final List<RawBeat> raw = new ArrayList<>();

    TraceReader(List<TraceEvent> events) {
        this.ev = events;
        this.keys = new KeyEvents(events);
    }

    /** Reads the whole trace into raw beats, in order, covering every event. */
    List<RawBeat> read() {
        int n = ev.size();
        int cursor = 0;
        for (int i = 0; i < n; i++) {
            TraceEvent e = ev.get(i);
            RawBeat last = raw.isEmpty() ? null : raw.get(raw.size() - 1);
            if (last != null && last.to == i && follows(last, e)) {
                last.to = i + 1;
                cursor = i + 1;
                continue;
            }
            noteErrno(last, e);
            RawBeat r = keys.classify(i, e);
            if (r == null) {
                continue;
            }
            r.from = cursor;
            r.to = i + 1;
            r.key = i;
            if (r.kind == BeatKind.CORRUPTION) {
                List<Range> written = new ArrayList<>();
                int j = i + 1;
                while (j < n && ev.get(j) instanceof TraceEvent.MemWrite w) {
                    written.add(new Range(w.pa(), w.newBytes().length));
                    j++;
                }
                keys.corruptionWritten(written);
                TraceEvent.Corruption c = (TraceEvent.Corruption) e;
                r.data = new BeatData.Failure(c.description(), 0, c.injector(), List.copyOf(written));
                r.to = j;
                i = j - 1;
            }
            if (!fold(r)) {
                raw.add(r);
            }
            cursor = raw.get(raw.size() - 1).to;
        }
        if (cursor < n) {
            RawBeat q = new RawBeat(BeatKind.QUIET, ev.get(n - 1).phase(), "", new BeatData.None());
            q.from = cursor;
            q.to = n;
            q.key = n - 1;
            raw.add(q);
        }
        return raw;
    }

    /** Events that complete the beat just before them (so it lands whole). */
    private static boolean follows(RawBeat last, TraceEvent e) {
        if (last.kind == BeatKind.ENTRY && last.items == 1 && last.data instanceof BeatData.Entries en) {
            BeatData.Entry x = en.entries().get(0);
            if (e instanceof TraceEvent.SessionEvent s && s.op() == TraceEvent.SessionOp.SERIALIZE) {
                return !x.file() && s.session().equals(x.session());
            }
            if (e instanceof TraceEvent.FileEvent f && f.op() == TraceEvent.FileOp.FREEZE) {
                return x.file() && f.session().equals(x.session());
            }
        }
        if (last.kind == BeatKind.BLOCK_LINK && e instanceof TraceEvent.Restored r
                && r.kind() == TraceEvent.RestoreKind.BLOCK && last.data instanceof BeatData.Links l) {
            return l.pas().length == 1 && l.pas()[0] == r.pa();
        }
        return false;
    }

    /** An errno reported right after an error line belongs to it. */
    private void noteErrno(RawBeat last, TraceEvent e) {
        if (last == null || !(last.data instanceof BeatData.Failure f) || f.errno() != 0) {
            return;
        }
        if (last.kind != BeatKind.ERROR && last.kind != BeatKind.PANIC) {
            return;
        }
        int err = 0;
        if (e instanceof TraceEvent.FileEvent fe) {
            err = fe.err();
        } else if (e instanceof TraceEvent.SessionEvent se) {
            err = se.err();
        }
        if (err != 0) {
            last.data = new BeatData.Failure(f.logLine(), -Math.abs(err), f.function(), f.offending());
        }
    }

    /** An error line right before a rejected chain or a panic is that beat's log line. */
    private boolean fold(RawBeat r) {
        if (raw.isEmpty()) {
            return false;
        }
        RawBeat last = raw.get(raw.size() - 1);
        if (r.kind == BeatKind.BLOCK_LINK && last.kind == BeatKind.PRESERVE && last.items == 1 && last.to == r.from
                && last.data instanceof BeatData.Pages p && r.data instanceof BeatData.Links l
                && p.pfns()[0] == PhysicalMemory.pfn(l.pas()[0])) {
            // kho_block_add(): kho_alloc_preserve() then link — one gesture
            last.kind = r.kind;
            last.family = r.family;
            last.to = r.to;
            last.key = r.key;
            last.caption = r.caption;
            last.data = r.data;
            return true;
        }
        boolean adjacentError = last.kind == BeatKind.ERROR && last.to == r.from && last.data instanceof BeatData.Failure;
        if (!adjacentError) {
            return false;
        }
        BeatData.Failure lf = (BeatData.Failure) last.data;
        if (r.kind == BeatKind.CHAIN_RED && r.data instanceof BeatData.Chain c && lf.logLine() != null) {
            last.kind = BeatKind.CHAIN_RED;
            last.family = BeatKind.CHAIN_RED.name();
            last.to = r.to;
            last.key = r.key;
            last.caption = lf.logLine() + " (" + Errno.pe(c.errno()) + ")";
            last.data = new BeatData.Chain(c.set(), c.headPa(), c.blocks(), c.errno(), lf.logLine(), c.chainPas(),
                    c.offending().isEmpty() ? lf.offending() : c.offending());
            return true;
        }
        if (r.kind == BeatKind.PANIC && r.data instanceof BeatData.Failure pf) {
            last.kind = BeatKind.PANIC;
            last.family = BeatKind.PANIC.name();
            last.to = r.to;
            last.key = r.key;
            last.caption = r.caption;
            last.data = new BeatData.Failure(pf.logLine(), pf.errno(), pf.function(), pf.offending());
            return true;
        }
        if (r.kind == BeatKind.ERROR && r.data instanceof BeatData.Failure ef && ef.logLine() == null && lf.errno() == 0) {
            last.to = r.to;
            last.key = r.key;
            last.caption = (lf.logLine() == null ? "" : lf.logLine() + " ") + "(" + ef.function() + " → "
                    + Errno.pe(ef.errno()) + ")";
            last.data = new BeatData.Failure(lf.logLine(), ef.errno(), ef.function(), lf.offending());
            return true;
        }
        return false;
    }
}

package luolab.ui.model;

import luolab.engine.Errno;
import luolab.engine.memory.PageMeta;
import luolab.engine.trace.TraceEvent;

/** One line of plain text per trace event, for the call-stack header and the status bar. */
public final class EventText {
    private EventText() {
    }

    public static String describe(TraceEvent e) {
        if (e == null) {
            return "start of the run (no event applied yet)";
        }
        if (e instanceof TraceEvent.MemWrite w) {
            return String.format("write %d byte%s @ 0x%x%s", w.newBytes().length, w.newBytes().length == 1 ? "" : "s",
                    w.pa(), w.what() == null ? "" : " (" + w.what() + ")");
        } else if (e instanceof TraceEvent.PageContent c) {
            return String.format("%s page 0x%x", c.newPoisoned() ? "poison" : "zero", c.pfn());
        } else if (e instanceof TraceEvent.RangePoisoned r) {
            return String.format(java.util.Locale.ROOT, "poison %,d free pages from 0x%x (not preserved)", r.count(), r.startPfn());
        } else if (e instanceof TraceEvent.PageMetaChange m) {
            PageMeta n = PageMeta.unpack(m.newMeta());
            return String.format("page 0x%x → %s, %s%s", m.pfn(), n.state(), n.kind().label(),
                    n.preserved() ? ", preserved" : "");
        } else if (e instanceof TraceEvent.PagesAllocated a) {
            return String.format("alloc order-%d @ 0x%x for %s", a.order(), a.pa(), a.owner());
        } else if (e instanceof TraceEvent.PagesFreed f) {
            return String.format("free order-%d @ 0x%x", f.order(), f.pa());
        } else if (e instanceof TraceEvent.Preserve p) {
            return String.format("%s 0x%x order %d", p.preserved() ? "kho_preserve" : "kho_unpreserve", p.pa(), p.order());
        } else if (e instanceof TraceEvent.BlockLinked b) {
            return String.format("%s block %d @ 0x%x %s", b.set(), b.index(), b.pa(), b.linked() ? "linked" : "unlinked");
        } else if (e instanceof TraceEvent.EntrySerialized s) {
            return String.format("%s[%d.%d] @ 0x%x = %s", s.set(), s.block(), s.slot(), s.pa(), s.entry());
        } else if (e instanceof TraceEvent.FdtNode n) {
            return String.format("%s FDT node %s", n.fdt(), n.path());
        } else if (e instanceof TraceEvent.FloydStep f) {
            return String.format("Floyd %s #%d: slow 0x%x fast 0x%x", f.set(), f.iteration(), f.slowPa(), f.fastPa());
        } else if (e instanceof TraceEvent.ChainChecked c) {
            return String.format("chain %s @ 0x%x: %d block%s, %s", c.set(), c.headPa(), c.blocks(),
                    c.blocks() == 1 ? "" : "s", c.err() == 0 ? "ok" : Errno.pe(-Math.abs(c.err())));
        } else if (e instanceof TraceEvent.Restored r) {
            return String.format("restored %s %s @ 0x%x", r.kind().name().toLowerCase(), r.what(), r.pa());
        } else if (e instanceof TraceEvent.SessionEvent s) {
            return String.format("session %s \"%s\"%s", s.op().name().toLowerCase(), s.session(), err(s.err()));
        } else if (e instanceof TraceEvent.FileEvent f) {
            return String.format("file %s token %d in \"%s\"%s", f.op().name().toLowerCase(), f.token(), f.session(), err(f.err()));
        } else if (e instanceof TraceEvent.Log l) {
            return "log: " + l.line().text();
        } else if (e instanceof TraceEvent.Error r) {
            return r.function() + " returned " + Errno.pe(-Math.abs(r.errno()));
        } else if (e instanceof TraceEvent.PhaseChange p) {
            return "phase " + p.from().label() + " → " + p.phase().label();
        } else if (e instanceof TraceEvent.StepMark s) {
            // the runner already wrote the scenario's own 1-based step path ("step 3.2: …")
            return s.description();
        } else if (e instanceof TraceEvent.Kexec k) {
            return String.format("kexec into boot %d (%s), KHO FDT @ 0x%x", k.nextBoot(), k.nextAbi(), k.khoFdtPa());
        } else if (e instanceof TraceEvent.Panic p) {
            return "Kernel panic: " + p.message();
        } else if (e instanceof TraceEvent.Hang h) {
            return "Boot hangs (no panic): " + h.message();
        } else if (e instanceof TraceEvent.Corruption c) {
            return "corruption " + c.injector() + ": " + c.description();
        }
        return e.toString();
    }

    private static String err(int err) {
        return err == 0 ? "" : " → " + Errno.pe(-Math.abs(err));
    }
}

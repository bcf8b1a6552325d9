package luolab.cli;

import luolab.engine.Errno;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;

/** One-line details of a trace event, for {@code luolab trace}. */
final class TraceFormat {
    private TraceFormat() {
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String kind(TraceEvent e) {
        return e.getClass().getSimpleName();
    }

    static String details(TraceEvent e) {
        if (e instanceof TraceEvent.MemWrite w) {
            return hex(w.pa()) + " +" + w.newBytes().length + (w.what() != null ? " " + w.what() : "") + " = " + bytes(w.newBytes());
        }
        if (e instanceof TraceEvent.PageContent c) {
            return "page " + hex(PhysicalMemory.pa(c.pfn())) + (c.newPoisoned() ? " poisoned" : " zeroed");
        }
        if (e instanceof TraceEvent.RangePoisoned r) {
            return r.count() + " pages from " + hex(PhysicalMemory.pa(r.startPfn())) + " poisoned";
        }
        if (e instanceof TraceEvent.PageMetaChange m) {
            return "page " + hex(PhysicalMemory.pa(m.pfn())) + " meta " + hex(m.oldMeta()) + " → " + hex(m.newMeta());
        }
        if (e instanceof TraceEvent.PagesAllocated a) {
            return hex(a.pa()) + " order " + a.order() + " " + a.kind().label() + " \"" + a.owner() + "\"";
        }
        if (e instanceof TraceEvent.PagesFreed f) {
            return hex(f.pa()) + " order " + f.order();
        }
        if (e instanceof TraceEvent.Preserve p) {
            return (p.preserved() ? "preserve " : "unpreserve ") + hex(p.pa()) + " order " + p.order();
        }
        if (e instanceof TraceEvent.BlockLinked b) {
            return b.set() + ": block " + b.index() + " @ " + hex(b.pa()) + (b.linked() ? " linked" : " unlinked")
                    + (b.prevPa() != 0 ? " after " + hex(b.prevPa()) : " as head");
        }
        if (e instanceof TraceEvent.EntrySerialized s) {
            return s.set() + ": block " + s.block() + " slot " + s.slot() + " @ " + hex(s.pa()) + " " + s.entry();
        }
        if (e instanceof TraceEvent.FdtNode f) {
            return f.fdt() + " FDT " + f.path() + " @ " + hex(f.fdtPa());
        }
        if (e instanceof TraceEvent.FloydStep f) {
            return f.set() + ": iteration " + f.iteration() + " slow " + hex(f.slowPa()) + " fast " + hex(f.fastPa());
        }
        if (e instanceof TraceEvent.ChainChecked c) {
            return c.set() + ": head " + hex(c.headPa()) + ", " + c.blocks() + " blocks, " + (c.err() == 0 ? "ok" : Errno.pe(c.err()));
        }
        if (e instanceof TraceEvent.Restored r) {
            return r.kind() + " " + r.what() + " @ " + hex(r.pa());
        }
        if (e instanceof TraceEvent.SessionEvent s) {
            return s.op() + " \"" + s.session() + "\"" + (s.incoming() ? " (incoming)" : "") + (s.err() != 0 ? " " + Errno.pe(s.err()) : "");
        }
        if (e instanceof TraceEvent.FileEvent f) {
            return f.op() + " token " + hex(f.token()) + (f.session().isEmpty() ? "" : " of \"" + f.session() + "\"") + " " + f.compatible()
                    + (f.err() != 0 ? " " + Errno.pe(f.err()) : "");
        }
        if (e instanceof TraceEvent.Log l) {
            return l.line().toString();
        }
        if (e instanceof TraceEvent.Error x) {
            return x.function() + " → " + Errno.pe(-Math.abs(x.errno()));
        }
        if (e instanceof TraceEvent.PhaseChange p) {
            return p.from().label() + " → " + p.phase().label();
        }
        if (e instanceof TraceEvent.StepMark m) {
            return m.description();
        }
        if (e instanceof TraceEvent.Kexec k) {
            return "jump to boot " + k.nextBoot() + " (" + k.nextAbi() + "), KHO FDT @ " + hex(k.khoFdtPa());
        }
        if (e instanceof TraceEvent.Panic p) {
            return p.message();
        }
        if (e instanceof TraceEvent.Hang h) {
            return "hangs: " + h.message();
        }
        if (e instanceof TraceEvent.Corruption c) {
            return c.injector() + ": " + c.description();
        }
        return e.toString();
    }

    private static String bytes(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length, 16);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        if (b.length > n) {
            sb.append("…");
        }
        return sb.toString();
    }
}

package luolab.ui.anim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.ui.anim.BeatData.Range;

/**
 * Which trace events are "key" events and what beat each one starts. It keeps what it has seen
 * of the current boot (reserved pages, corrupted bytes, chain heads, Floyd walks), because a beat
 * often needs more than its own event: a sweep lights the pages reserved before it, a rejected
 * chain blames the bytes a corruption wrote.
 */
final class KeyEvents {
    /** Lit pages kept for a sweep (the sweep draws them; more would only cost memory). */
    static final int MAX_LIT = 20_000;

    private final List<TraceEvent> ev;

    // state while reading the trace
    private final List<Long> reservedThisBoot = new ArrayList<>();
    private final List<Range> corruptionBeforeKexec = new ArrayList<>();
    private final List<Range> corruptionThisBoot = new ArrayList<>();
    private final Map<String, Long> lastBlock = new HashMap<>();
    private final Map<String, long[]> floydPrev = new HashMap<>();
    private final Map<String, Set<Long>> floydVisited = new HashMap<>();
    private final Map<String, Long> floydHead = new HashMap<>();

    KeyEvents(List<TraceEvent> events) {
        this.ev = events;
    }

    /** The beat event {@code i} starts, or null when it only adds detail to the next key event. */
    RawBeat classify(int i, TraceEvent e) {
        Phase ph = e.phase();
        if (e instanceof TraceEvent.PhaseChange pc) {
            return new RawBeat(BeatKind.PHASE, ph, BeatText.phaseCaption(pc.phase()), new BeatData.Text(pc.phase().label()));
        }
        if (e instanceof TraceEvent.StepMark s) {
            return new RawBeat(BeatKind.STEP, ph, s.description(), new BeatData.Text(s.description()));
        }
        if (e instanceof TraceEvent.Log l) {
            KernelLog.Line line = l.line();
            if (!line.level().problem()) {
                // info/notice lines and the lab's notes (shown as such by the log view)
                return new RawBeat(BeatKind.LOG, ph, line.text(), new BeatData.Text(line.text()));
            }
            return new RawBeat(BeatKind.ERROR, ph, line.text(),
                    new BeatData.Failure(line.text(), BeatText.errnoIn(line.text()), null, blame()));
        }
        if (e instanceof TraceEvent.Error er) {
            int errno = -Math.abs(er.errno());
            return new RawBeat(BeatKind.ERROR, ph, er.function() + " → " + Errno.pe(errno),
                    new BeatData.Failure(null, errno, er.function(), blame()));
        }
        if (e instanceof TraceEvent.Panic p) {
            return new RawBeat(BeatKind.PANIC, ph, "Kernel panic - not syncing: " + p.message(),
                    new BeatData.Failure("Kernel panic - not syncing: " + p.message(), BeatText.errnoIn(p.message()), "panic",
                            blame()));
        }
        if (e instanceof TraceEvent.Hang h) {
            // no kernel line to quote: the banner says what the lab saw, and that it is not a panic
            String text = BeatText.hang(h.message());
            return new RawBeat(BeatKind.HANG, ph, text, new BeatData.Failure(text, 0, "hang", blame()));
        }
        if (e instanceof TraceEvent.Corruption c) {
            return new RawBeat(BeatKind.CORRUPTION, ph, "corruption " + c.injector() + ": " + c.description(), null);
        }
        if (e instanceof TraceEvent.SessionEvent s) {
            if (s.op() == TraceEvent.SessionOp.SERIALIZE || s.op() == TraceEvent.SessionOp.DESERIALIZE) {
                return null;
            }
            String op = s.op().name().toLowerCase();
            RawBeat r = new RawBeat(BeatKind.SESSION, ph, op + " session '" + s.session() + "'" + BeatText.errText(s.err()),
                    new BeatData.Rows(op, s.incoming(), List.of(s.session()), new long[] {0}, s.err()));
            return r;
        }
        if (e instanceof TraceEvent.FileEvent f) {
            TraceEvent.FileOp op = f.op();
            if (op == TraceEvent.FileOp.FREEZE || op == TraceEvent.FileOp.UNFREEZE
                    || op == TraceEvent.FileOp.DESERIALIZE) {
                return null;
            }
            String o = op.name().toLowerCase();
            RawBeat r = new RawBeat(BeatKind.FILE, ph, String.format("%s file token 0x%x of '%s' (%s)%s", o, f.token(),
                    f.session(), f.compatible(), BeatText.errText(f.err())),
                    new BeatData.Rows(o, false, List.of(f.session()), new long[] {0}, f.err()));
            return r;
        }
        if (e instanceof TraceEvent.Preserve p) {
            String what = p.preserved() ? "kho_preserve" : "kho_unpreserve";
            RawBeat r = new RawBeat(BeatKind.PRESERVE, ph, String.format("%s 0x%x order %d", what, p.pa(), p.order()),
                    new BeatData.Pages(new long[] {PhysicalMemory.pfn(p.pa())}, new String[] {what}));
            r.family = "PRESERVE:" + p.preserved();
            return r;
        }
        if (e instanceof TraceEvent.PagesAllocated a && a.kind() == OwnerKind.KHO_RADIX) {
            return new RawBeat(BeatKind.RADIX_NODE, ph, "KHO radix tree grows: " + a.owner(),
                    new BeatData.Pages(new long[] {PhysicalMemory.pfn(a.pa())}, new String[] {a.owner()}));
        }
        if (e instanceof TraceEvent.PageMetaChange m && PageMeta.state(m.newMeta()) == PageState.INCOMING
                && PageMeta.state(m.oldMeta()) != PageState.INCOMING) {
            reservedThisBoot.add(m.pfn());
            return new RawBeat(BeatKind.RESERVE, ph, "KHO reserves a preserved page",
                    new BeatData.Pages(new long[] {m.pfn()}, new String[] {PageMeta.kind(m.newMeta()).label()}));
        }
        if (e instanceof TraceEvent.RangePoisoned rp) {
            long[] lit = reservedThisBoot.stream().limit(MAX_LIT).mapToLong(Long::longValue).toArray();
            return new RawBeat(BeatKind.SWEEP, ph, String.format(java.util.Locale.ROOT, "%,d pages neither preserved nor scratch are poisoned",
                    rp.count()), new BeatData.Sweep(new long[] {rp.startPfn()}, new int[] {rp.count()}, lit));
        }
        if (e instanceof TraceEvent.MemWrite w && w.what() != null && "luo_ser".equals(w.what().struct())) {
            String field = w.what().field() == null ? "luo_ser" : "luo_ser." + w.what().field();
            return new RawBeat(BeatKind.LUO_SER, ph, field + " = " + BeatText.value(w.newBytes()),
                    new BeatData.Field(field, w.pa(), w.newBytes().length));
        }
        if (e instanceof TraceEvent.BlockLinked b) {
            boolean incoming = b.set().startsWith("incoming");
            if (b.linked()) {
                lastBlock.put(b.set(), b.pa());
            }
            String cap = !b.linked() ? String.format("%s: block %d @ 0x%x removed", b.set(), b.index(), b.pa())
                    : incoming ? String.format("walk %s: block %d @ 0x%x", b.set(), b.index(), b.pa())
                    : b.prevPa() == 0 ? String.format("%s: block %d @ 0x%x allocated as head", b.set(), b.index(), b.pa())
                    : String.format("%s: block %d @ 0x%x allocated; next of 0x%x written", b.set(), b.index(), b.pa(),
                            b.prevPa());
            RawBeat r = new RawBeat(b.linked() ? BeatKind.BLOCK_LINK : BeatKind.BLOCK_UNLINK, ph, cap,
                    new BeatData.Links(b.set(), new int[] {b.index()}, new long[] {b.pa()}, new long[] {b.prevPa()},
                            b.linked()));
            r.family = r.kind.name() + ":" + incoming;
            return r;
        }
        if (e instanceof TraceEvent.EntrySerialized s) {
            boolean file = s.set().startsWith("files of ");
            String session = file ? BeatText.unquote(s.set().substring("files of ".length())) : BeatText.entryName(s.entry());
            BeatData.Entry x = new BeatData.Entry(s.set(), s.block(), s.slot(), s.pa(), s.entry(), session, file);
            return new RawBeat(BeatKind.ENTRY, ph, String.format("%s[%d.%d] ← %s", s.set(), s.block(), s.slot(), s.entry()),
                    new BeatData.Entries(List.of(x)));
        }
        if (e instanceof TraceEvent.FdtNode f) {
            return new RawBeat(BeatKind.FDT, ph, f.fdt() + " FDT: node " + f.path(),
                    new BeatData.Fdt(f.fdt(), List.of(f.path()), f.fdtPa()));
        }
        if (e instanceof TraceEvent.Kexec k) {
            reservedThisBoot.clear();
            corruptionThisBoot.clear();
            corruptionThisBoot.addAll(corruptionBeforeKexec);
            corruptionBeforeKexec.clear();
            lastBlock.clear();
            floydPrev.clear();
            floydVisited.clear();
            floydHead.clear();
            return new RawBeat(BeatKind.KEXEC, ph, String.format("kexec → boot %d (%s): the new kernel is told only "
                    + "\"KHO FDT @ 0x%x\"", k.nextBoot(), k.nextAbi(), k.khoFdtPa()),
                    new BeatData.Kexec(k.khoFdtPa(), k.nextBoot(), k.nextAbi()));
        }
        if (e instanceof TraceEvent.Restored r) {
            if (r.kind() == TraceEvent.RestoreKind.SESSION || r.kind() == TraceEvent.RestoreKind.FILE) {
                boolean file = r.kind() == TraceEvent.RestoreKind.FILE;
                String session = file ? r.what().split(" token ")[0] : r.what();
                BeatData.Entry x = new BeatData.Entry(file ? "incoming files of '" + session + "'" : "incoming sessions",
                        -1, -1, r.pa(), r.what(), session, file);
                return new RawBeat(BeatKind.ENTRY_BACK, ph, String.format("deserialize %s %s ← 0x%x",
                        file ? "file" : "session", r.what(), r.pa()), new BeatData.Entries(List.of(x)));
            }
            return new RawBeat(BeatKind.RESTORE, ph, String.format("kho_restore: %s %s @ 0x%x",
                    r.kind().name().toLowerCase().replace('_', ' '), r.what(), r.pa()),
                    new BeatData.Pages(new long[] {PhysicalMemory.pfn(r.pa())}, new String[] {r.what()}));
        }
        if (e instanceof TraceEvent.FloydStep f) {
            long[] prev = floydPrev.get(f.set());
            long head = floydHead.computeIfAbsent(f.set(), k -> headOf(k, i));
            if (prev == null) {
                prev = new long[] {head, head};
                floydVisited.computeIfAbsent(f.set(), k -> new LinkedHashSet<>()).add(head);
            }
            floydPrev.put(f.set(), new long[] {f.slowPa(), f.fastPa()});
            Set<Long> seen = floydVisited.computeIfAbsent(f.set(), k -> new LinkedHashSet<>());
            seen.add(f.slowPa());
            seen.add(f.fastPa());
            boolean meet = f.slowPa() == f.fastPa() && f.slowPa() != 0;
            BeatData.Floyd d = new BeatData.Floyd(f.set(), head, f.iteration(), new long[] {f.slowPa()}, new long[] {f.fastPa()}, prev[0], prev[1]);
            String cap = meet ? String.format("Floyd #%d: tortoise and hare meet at 0x%x — the chain has a cycle",
                    f.iteration(), f.slowPa())
                    : String.format("Floyd #%d: tortoise → 0x%x, hare → 0x%x", f.iteration(), f.slowPa(), f.fastPa());
            RawBeat r = new RawBeat(meet ? BeatKind.FLOYD_MEET : BeatKind.FLOYD_STEP, ph, cap, d);
            r.family = r.kind.name() + ":" + f.set();
            return r;
        }
        if (e instanceof TraceEvent.ChainChecked c) {
            Set<Long> seen = floydVisited.getOrDefault(c.set(), new LinkedHashSet<>());
            seen.add(c.headPa());
            floydVisited.remove(c.set());
            floydPrev.remove(c.set());
            floydHead.remove(c.set());
            long[] pas = seen.stream().filter(p -> p != 0).mapToLong(Long::longValue).toArray();
            if (c.err() == 0) {
                return new RawBeat(BeatKind.CHAIN_OK, ph, String.format("%s: %d block%s, no cycle — accepted", c.set(),
                        c.blocks(), c.blocks() == 1 ? "" : "s"), new BeatData.Chain(c.set(), c.headPa(), c.blocks(), 0,
                        null, pas, List.of()));
            }
            int errno = -Math.abs(c.err());
            List<Range> blame = blame();
            if (blame.isEmpty() && lastBlock.containsKey(c.set())) {
                blame = List.of(new Range(lastBlock.get(c.set()) + Layouts.BLOCK_HEADER.offset("count"), 8));
            }
            return new RawBeat(BeatKind.CHAIN_RED, ph, String.format("%s rejected: %s", c.set(), Errno.pe(errno)),
                    new BeatData.Chain(c.set(), c.headPa(), c.blocks(), errno, null, pas, blame));
        }
        return null;
    }

    /** Bytes a corruption wrote behind the kernel's back; failures in this boot and the next blame them. */
    void corruptionWritten(List<Range> written) {
        corruptionBeforeKexec.addAll(written);
    }

    /** The bytes to blame for a failure: what a corruption wrote behind the kernel's back, if any. */
    private List<Range> blame() {
        List<Range> out = new ArrayList<>(corruptionThisBoot);
        out.addAll(corruptionBeforeKexec);
        return List.copyOf(out);
    }

    /** The head of the chain a Floyd walk starts on: the ChainChecked that ends it says. */
    private long headOf(String set, int from) {
        for (int j = from; j < ev.size(); j++) {
            TraceEvent e = ev.get(j);
            if (e instanceof TraceEvent.ChainChecked c && c.set().equals(set)) {
                return c.headPa();
            }
            if (e instanceof TraceEvent.Kexec) {
                break;
            }
        }
        return 0;
    }
}

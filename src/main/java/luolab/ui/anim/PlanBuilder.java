package luolab.ui.anim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Turns a trace into beats. Three passes: (1) every "key" event starts a beat and takes the detail
 * events before it (the engine reports what happened after the bytes were written, so a beat lands
 * the state its key describes), plus a few followers after it; (2) long runs of the same kind are
 * aggregated — a block at a time for entries, a batch at a time for sessions, the middle of a long
 * Floyd walk; (3) if the plan is longer than its budget, repetitive beats are shortened.
 */
final class PlanBuilder {
    /** Runs of at most this many beats of one kind are played one by one. */
    static final int SMALL_RUN = 6;
    /** A run of entries is split into at most this many batches (one per block when it can). */
    static final int MAX_BATCHES = 48;
    /** Batches of sessions/pages have at least this many items (one session block's worth). */
    static final int MIN_BATCH = 51;
    /** Floyd walks longer than this keep their first and last {@link #FLOYD_KEEP} steps. */
    static final int FLOYD_DETAILED = 16;
    static final int FLOYD_KEEP = 4;
    /** Seconds at 1× the whole plan aims at. */
    static final double BUDGET = 52;
    /** No compressed beat gets shorter than this. */
    static final double MIN_BEAT = 0.08;
    /** Lit pages kept for a sweep (the sweep draws them; more would only cost memory). */
    static final int MAX_LIT = 20_000;

    private static final Pattern ERRNO_IN_TEXT = Pattern.compile("\\[(-E[A-Z0-9]+)\\]|\\s(-E[A-Z0-9]+)\\b");

    private final List<TraceEvent> ev;

    /** A beat under construction. */
    private static final class Raw {
        BeatKind kind;
        Phase phase;
        int from;
        int to;
        int key;
        int items = 1;
        String caption;
        BeatData data;
        String family;

        Raw(BeatKind kind, Phase phase, String caption, BeatData data) {
            this.kind = kind;
            this.phase = phase;
            this.caption = caption;
            this.data = data;
            this.family = kind.name();
        }
    }

    private final List<Raw> raw = new ArrayList<>();

    // state while reading the trace
    private final List<Long> reservedThisBoot = new ArrayList<>();
    private final List<Range> corruptionBeforeKexec = new ArrayList<>();
    private final List<Range> corruptionThisBoot = new ArrayList<>();
    private final Map<String, Long> lastBlock = new HashMap<>();
    private final Map<String, long[]> floydPrev = new HashMap<>();
    private final Map<String, Set<Long>> floydVisited = new HashMap<>();
    private final Map<String, Long> floydHead = new HashMap<>();

    PlanBuilder(List<TraceEvent> events) {
        this.ev = events;
    }

    AnimationPlan build() {
        read();
        List<Beat> beats = aggregate();
        beats = compressFloyd(beats);
        beats = coarsen(beats);
        beats = fitBudget(beats);
        beats = sticky(beats);
        return new AnimationPlan(beats, ev.size());
    }

    // ---- pass 1: key events ------------------------------------------------------------------

    private void read() {
        int n = ev.size();
        int cursor = 0;
        for (int i = 0; i < n; i++) {
            TraceEvent e = ev.get(i);
            Raw last = raw.isEmpty() ? null : raw.get(raw.size() - 1);
            if (last != null && last.to == i && follows(last, e)) {
                last.to = i + 1;
                cursor = i + 1;
                continue;
            }
            noteErrno(last, e);
            Raw r = classify(i, e);
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
                corruptionBeforeKexec.addAll(written);
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
            Raw q = new Raw(BeatKind.QUIET, ev.get(n - 1).phase(), "", new BeatData.None());
            q.from = cursor;
            q.to = n;
            q.key = n - 1;
            raw.add(q);
        }
    }

    /** Events that complete the beat just before them (so it lands whole). */
    private static boolean follows(Raw last, TraceEvent e) {
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
    private void noteErrno(Raw last, TraceEvent e) {
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

    private Raw classify(int i, TraceEvent e) {
        Phase ph = e.phase();
        if (e instanceof TraceEvent.PhaseChange pc) {
            return new Raw(BeatKind.PHASE, ph, phaseCaption(pc.phase()), new BeatData.Text(pc.phase().label()));
        }
        if (e instanceof TraceEvent.StepMark s) {
            return new Raw(BeatKind.STEP, ph, s.description(), new BeatData.Text(s.description()));
        }
        if (e instanceof TraceEvent.Log l) {
            KernelLog.Line line = l.line();
            if (line.level() == KernelLog.Level.INFO) {
                return new Raw(BeatKind.LOG, ph, line.text(), new BeatData.Text(line.text()));
            }
            return new Raw(BeatKind.ERROR, ph, line.text(),
                    new BeatData.Failure(line.text(), errnoIn(line.text()), null, blame()));
        }
        if (e instanceof TraceEvent.Error er) {
            int errno = -Math.abs(er.errno());
            return new Raw(BeatKind.ERROR, ph, er.function() + " → " + Errno.pe(errno),
                    new BeatData.Failure(null, errno, er.function(), blame()));
        }
        if (e instanceof TraceEvent.Panic p) {
            return new Raw(BeatKind.PANIC, ph, "Kernel panic - not syncing: " + p.message(),
                    new BeatData.Failure("Kernel panic - not syncing: " + p.message(), errnoIn(p.message()), "panic",
                            blame()));
        }
        if (e instanceof TraceEvent.Corruption c) {
            return new Raw(BeatKind.CORRUPTION, ph, "corruption " + c.injector() + ": " + c.description(), null);
        }
        if (e instanceof TraceEvent.SessionEvent s) {
            if (s.op() == TraceEvent.SessionOp.SERIALIZE || s.op() == TraceEvent.SessionOp.DESERIALIZE) {
                return null;
            }
            String op = s.op().name().toLowerCase();
            Raw r = new Raw(BeatKind.SESSION, ph, op + " session '" + s.session() + "'" + errText(s.err()),
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
            Raw r = new Raw(BeatKind.FILE, ph, String.format("%s file token 0x%x of '%s' (%s)%s", o, f.token(),
                    f.session(), f.compatible(), errText(f.err())),
                    new BeatData.Rows(o, false, List.of(f.session()), new long[] {0}, f.err()));
            return r;
        }
        if (e instanceof TraceEvent.Preserve p) {
            String what = p.preserved() ? "kho_preserve" : "kho_unpreserve";
            Raw r = new Raw(BeatKind.PRESERVE, ph, String.format("%s 0x%x order %d", what, p.pa(), p.order()),
                    new BeatData.Pages(new long[] {PhysicalMemory.pfn(p.pa())}, new String[] {what}));
            r.family = "PRESERVE:" + p.preserved();
            return r;
        }
        if (e instanceof TraceEvent.PagesAllocated a && a.kind() == OwnerKind.KHO_RADIX) {
            return new Raw(BeatKind.RADIX_NODE, ph, "KHO radix tree grows: " + a.owner(),
                    new BeatData.Pages(new long[] {PhysicalMemory.pfn(a.pa())}, new String[] {a.owner()}));
        }
        if (e instanceof TraceEvent.PageMetaChange m && PageMeta.state(m.newMeta()) == PageState.INCOMING
                && PageMeta.state(m.oldMeta()) != PageState.INCOMING) {
            reservedThisBoot.add(m.pfn());
            return new Raw(BeatKind.RESERVE, ph, "KHO reserves a preserved page",
                    new BeatData.Pages(new long[] {m.pfn()}, new String[] {PageMeta.kind(m.newMeta()).label()}));
        }
        if (e instanceof TraceEvent.RangePoisoned rp) {
            long[] lit = reservedThisBoot.stream().limit(MAX_LIT).mapToLong(Long::longValue).toArray();
            return new Raw(BeatKind.SWEEP, ph, String.format(java.util.Locale.ROOT, "%,d pages neither preserved nor scratch are poisoned",
                    rp.count()), new BeatData.Sweep(new long[] {rp.startPfn()}, new int[] {rp.count()}, lit));
        }
        if (e instanceof TraceEvent.MemWrite w && w.what() != null && "luo_ser".equals(w.what().struct())) {
            String field = w.what().field() == null ? "luo_ser" : "luo_ser." + w.what().field();
            return new Raw(BeatKind.LUO_SER, ph, field + " = " + value(w.newBytes()),
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
            Raw r = new Raw(b.linked() ? BeatKind.BLOCK_LINK : BeatKind.BLOCK_UNLINK, ph, cap,
                    new BeatData.Links(b.set(), new int[] {b.index()}, new long[] {b.pa()}, new long[] {b.prevPa()},
                            b.linked()));
            r.family = r.kind.name() + ":" + incoming;
            return r;
        }
        if (e instanceof TraceEvent.EntrySerialized s) {
            boolean file = s.set().startsWith("files of ");
            String session = file ? unquote(s.set().substring("files of ".length())) : entryName(s.entry());
            BeatData.Entry x = new BeatData.Entry(s.set(), s.block(), s.slot(), s.pa(), s.entry(), session, file);
            return new Raw(BeatKind.ENTRY, ph, String.format("%s[%d.%d] ← %s", s.set(), s.block(), s.slot(), s.entry()),
                    new BeatData.Entries(List.of(x)));
        }
        if (e instanceof TraceEvent.FdtNode f) {
            return new Raw(BeatKind.FDT, ph, f.fdt() + " FDT: node " + f.path(),
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
            return new Raw(BeatKind.KEXEC, ph, String.format("kexec → boot %d (%s): the new kernel is told only "
                    + "\"KHO FDT @ 0x%x\"", k.nextBoot(), k.nextAbi(), k.khoFdtPa()),
                    new BeatData.Kexec(k.khoFdtPa(), k.nextBoot(), k.nextAbi()));
        }
        if (e instanceof TraceEvent.Restored r) {
            if (r.kind() == TraceEvent.RestoreKind.SESSION || r.kind() == TraceEvent.RestoreKind.FILE) {
                boolean file = r.kind() == TraceEvent.RestoreKind.FILE;
                String session = file ? r.what().split(" token ")[0] : r.what();
                BeatData.Entry x = new BeatData.Entry(file ? "incoming files of '" + session + "'" : "incoming sessions",
                        -1, -1, r.pa(), r.what(), session, file);
                return new Raw(BeatKind.ENTRY_BACK, ph, String.format("deserialize %s %s ← 0x%x",
                        file ? "file" : "session", r.what(), r.pa()), new BeatData.Entries(List.of(x)));
            }
            return new Raw(BeatKind.RESTORE, ph, String.format("kho_restore: %s %s @ 0x%x",
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
            Raw r = new Raw(meet ? BeatKind.FLOYD_MEET : BeatKind.FLOYD_STEP, ph, cap, d);
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
                return new Raw(BeatKind.CHAIN_OK, ph, String.format("%s: %d block%s, no cycle — accepted", c.set(),
                        c.blocks(), c.blocks() == 1 ? "" : "s"), new BeatData.Chain(c.set(), c.headPa(), c.blocks(), 0,
                        null, pas, List.of()));
            }
            int errno = -Math.abs(c.err());
            List<Range> blame = blame();
            if (blame.isEmpty() && lastBlock.containsKey(c.set())) {
                blame = List.of(new Range(lastBlock.get(c.set()) + Layouts.BLOCK_HEADER.offset("count"), 8));
            }
            return new Raw(BeatKind.CHAIN_RED, ph, String.format("%s rejected: %s", c.set(), Errno.pe(errno)),
                    new BeatData.Chain(c.set(), c.headPa(), c.blocks(), errno, null, pas, blame));
        }
        return null;
    }

    /** An error line right before a rejected chain or a panic is that beat's log line. */
    private boolean fold(Raw r) {
        if (raw.isEmpty()) {
            return false;
        }
        Raw last = raw.get(raw.size() - 1);
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

    static int errnoIn(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = ERRNO_IN_TEXT.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            int v = Errno.parse(name.substring(1));
            if (v > 0) {
                return -Math.abs(v);
            }
        }
        return 0;
    }

    private static String errText(int err) {
        return err == 0 ? "" : " → " + Errno.pe(-Math.abs(err));
    }

    private static String value(byte[] b) {
        if (b.length == 8) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            if (b[0] >= 'a' && b[0] <= 'z') {
                StringBuilder s = new StringBuilder("\"");
                for (byte x : b) {
                    if (x == 0) {
                        break;
                    }
                    s.append((char) x);
                }
                return s.append('"').toString();
            }
            return String.format("0x%x", v);
        }
        return b.length + " bytes";
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }

    private static String entryName(String entry) {
        int a = entry.indexOf('\'');
        int b = entry.lastIndexOf('\'');
        return a >= 0 && b > a ? entry.substring(a + 1, b) : entry;
    }

    private static String phaseCaption(Phase p) {
        return switch (p) {
            case RUNNING -> "old kernel — sessions and files are created, KHO preserves their pages";
            case SERIALIZE -> "serialize — liveupdate_reboot() writes every session and file into its block";
            case FINALIZE -> "finalize — the KHO FDT is completed and handed to kexec";
            case KEXEC -> "kexec — only preserved memory and the KHO FDT address survive the jump";
            case EARLY_BOOT -> "boot — the new kernel reads the KHO FDT, reserves preserved memory, checks the chains";
            case DESERIALIZE -> "deserialize — first open of /dev/liveupdate: sessions and files come back";
            case RETRIEVE -> "retrieve — userspace takes its sessions and files back";
            case FINISH -> "finish — everything is handed back and the blocks are freed";
        };
    }

    // ---- pass 2: aggregation -----------------------------------------------------------------

    private static boolean aggregatable(BeatKind k) {
        return switch (k) {
            case SESSION, FILE, PRESERVE, RADIX_NODE, ENTRY, ENTRY_BACK, RESTORE, RESERVE, SWEEP, BLOCK_LINK,
                    BLOCK_UNLINK, FDT, LOG -> true;
            default -> false;
        };
    }

    /** Runs up to this long are played beat by beat. */
    private static int smallRun(BeatKind k) {
        return switch (k) {
            case RADIX_NODE -> 1;
            case LOG, FDT -> 3;
            default -> SMALL_RUN;
        };
    }

    /** Kinds whose whole run is always one beat (they are one gesture, however many events). */
    private static boolean wholeRun(BeatKind k) {
        return k == BeatKind.RESERVE || k == BeatKind.SWEEP;
    }

    private List<Beat> aggregate() {
        List<Beat> out = new ArrayList<>();
        int i = 0;
        while (i < raw.size()) {
            Raw r = raw.get(i);
            int j = i + 1;
            if (aggregatable(r.kind)) {
                while (j < raw.size() && raw.get(j).family.equals(r.family)) {
                    j++;
                }
            }
            int n = j - i;
            if (n == 1 || (!wholeRun(r.kind) && n <= smallRun(r.kind))) {
                for (int k = i; k < j; k++) {
                    out.add(single(raw.get(k)));
                }
            } else if (wholeRun(r.kind)) {
                out.add(merge(raw.subList(i, j)));
            } else {
                for (List<Raw> chunk : chunks(raw.subList(i, j))) {
                    out.add(chunk.size() == 1 ? single(chunk.get(0)) : merge(chunk));
                }
            }
            i = j;
        }
        return out;
    }

    /** Splits a run into batches: entries by session block, the rest by size. */
    private static List<List<Raw>> chunks(List<Raw> run) {
        List<List<Raw>> out = new ArrayList<>();
        BeatKind k = run.get(0).kind;
        if (k == BeatKind.ENTRY || k == BeatKind.ENTRY_BACK) {
            long[] group = new long[run.size()];
            long next = -1;
            for (int i = run.size() - 1; i >= 0; i--) {
                BeatData.Entry x = ((BeatData.Entries) run.get(i).data).entries().get(0);
                if (!x.file()) {
                    next = k == BeatKind.ENTRY ? ((long) x.block() << 1) ^ x.set().hashCode() : PhysicalMemory.pfn(x.pa());
                }
                group[i] = next;
            }
            List<Raw> cur = new ArrayList<>();
            for (int i = 0; i < run.size(); i++) {
                if (!cur.isEmpty() && group[i] != group[i - 1]) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                cur.add(run.get(i));
            }
            if (!cur.isEmpty()) {
                out.add(cur);
            }
            if (out.size() <= MAX_BATCHES) {
                return out;
            }
            out.clear();
        }
        int most = k == BeatKind.SESSION || k == BeatKind.FILE ? 16 : 12;
        int size = Math.max(MIN_BATCH, (run.size() + most - 1) / most);
        for (int i = 0; i < run.size(); i += size) {
            out.add(run.subList(i, Math.min(run.size(), i + size)));
        }
        return out;
    }

    private static Beat single(Raw r) {
        return new Beat(r.kind, r.phase, r.from, r.to, r.key, Integer.MAX_VALUE, 1, r.kind.single(), r.kind.landing(),
                r.caption, r.data == null ? new BeatData.None() : r.data);
    }

    private static Beat merge(List<Raw> rs) {
        Raw a = rs.get(0);
        Raw z = rs.get(rs.size() - 1);
        int n = rs.size();
        BeatData data = mergeData(rs);
        String caption = batchCaption(a, z, n, data);
        BeatKind.Landing landing = a.kind == BeatKind.SWEEP ? BeatKind.Landing.END : BeatKind.Landing.GRADUAL;
        return new Beat(a.kind, a.phase, a.from, z.to, z.key, Integer.MAX_VALUE, n, a.kind.batch(n), landing, caption,
                data);
    }

    private static BeatData mergeData(List<Raw> rs) {
        BeatData first = rs.get(0).data;
        if (first instanceof BeatData.Pages) {
            int total = 0;
            for (Raw r : rs) {
                total += ((BeatData.Pages) r.data).pfns().length;
            }
            long[] pfns = new long[total];
            String[] labels = new String[total];
            int k = 0;
            for (Raw r : rs) {
                BeatData.Pages p = (BeatData.Pages) r.data;
                System.arraycopy(p.pfns(), 0, pfns, k, p.pfns().length);
                System.arraycopy(p.labels(), 0, labels, k, p.labels().length);
                k += p.pfns().length;
            }
            return new BeatData.Pages(pfns, labels);
        }
        if (first instanceof BeatData.Rows r0) {
            List<String> s = new ArrayList<>();
            Set<String> ops = new LinkedHashSet<>();
            long[] pas = new long[rs.size()];
            int err = 0;
            for (int i = 0; i < rs.size(); i++) {
                BeatData.Rows r = (BeatData.Rows) rs.get(i).data;
                s.addAll(r.sessions());
                ops.add(r.op());
                err = err != 0 ? err : r.errno();
            }
            return new BeatData.Rows(String.join("/", ops), r0.incoming(), List.copyOf(s), pas, err);
        }
        if (first instanceof BeatData.Links l0) {
            int n = rs.size();
            int[] idx = new int[n];
            long[] pas = new long[n];
            long[] prev = new long[n];
            for (int i = 0; i < n; i++) {
                BeatData.Links l = (BeatData.Links) rs.get(i).data;
                idx[i] = l.indexes()[0];
                pas[i] = l.pas()[0];
                prev[i] = l.prevPas()[0];
            }
            return new BeatData.Links(l0.set(), idx, pas, prev, l0.linked());
        }
        if (first instanceof BeatData.Entries) {
            List<BeatData.Entry> all = new ArrayList<>();
            for (Raw r : rs) {
                all.addAll(((BeatData.Entries) r.data).entries());
            }
            return new BeatData.Entries(List.copyOf(all));
        }
        if (first instanceof BeatData.Fdt f0) {
            List<String> paths = new ArrayList<>();
            for (Raw r : rs) {
                paths.addAll(((BeatData.Fdt) r.data).paths());
            }
            return new BeatData.Fdt(f0.fdt(), List.copyOf(paths), f0.fdtPa());
        }
        if (first instanceof BeatData.Sweep s0) {
            int n = rs.size();
            long[] starts = new long[n];
            int[] counts = new int[n];
            for (int i = 0; i < n; i++) {
                BeatData.Sweep s = (BeatData.Sweep) rs.get(i).data;
                starts[i] = s.startPfns()[0];
                counts[i] = s.counts()[0];
            }
            return new BeatData.Sweep(starts, counts, s0.litPfns());
        }
        if (first instanceof BeatData.Text) {
            return rs.get(rs.size() - 1).data;
        }
        return first;
    }

    private static String batchCaption(Raw a, Raw z, int n, BeatData d) {
        return switch (a.kind) {
            case SESSION -> {
                BeatData.Rows r = (BeatData.Rows) d;
                yield r.op().contains("/")
                        ? String.format("%d session events: %s (%s … %s)", n, r.op().replace("/", ", "),
                                r.sessions().get(0), r.sessions().get(r.sessions().size() - 1))
                        : String.format("%d sessions %s (%s … %s)", n, pastTense(r.op()), r.sessions().get(0),
                                r.sessions().get(r.sessions().size() - 1));
            }
            case FILE -> {
                BeatData.Rows r = (BeatData.Rows) d;
                yield r.op().contains("/") ? String.format("%d file events: %s", n, r.op().replace("/", ", "))
                        : String.format("%d files %s", n, pastTense(r.op()));
            }
            case PRESERVE -> String.format("KHO %s %d page ranges", a.family.endsWith("true") ? "preserves"
                    : "unpreserves", n);
            case RADIX_NODE -> String.format("KHO radix tree grows by %d nodes", n);
            case RESERVE -> String.format(java.util.Locale.ROOT, "KHO walks its radix tree: %,d preserved pages reserved", n);
            case SWEEP -> String.format(java.util.Locale.ROOT, "%,d pages neither preserved nor scratch are poisoned",
                    ((BeatData.Sweep) d).pages());
            case RESTORE -> String.format("kho_restore: %d pages taken back", n);
            case BLOCK_LINK -> {
                BeatData.Links l = (BeatData.Links) d;
                yield a.family.endsWith("true")
                        ? String.format("walk %s: %d blocks (%d … %d)", l.set(), n, l.indexes()[0], l.indexes()[n - 1])
                        : String.format("%s: blocks %d … %d allocated and linked", l.set(), l.indexes()[0],
                                l.indexes()[n - 1]);
            }
            case BLOCK_UNLINK -> String.format("%d blocks removed", n);
            case ENTRY -> {
                List<BeatData.Entry> es = ((BeatData.Entries) d).entries();
                BeatData.Entry last = es.get(es.size() - 1);
                long sessions = es.stream().filter(x -> !x.file()).count();
                yield sessions > 0 && !last.file()
                        ? String.format("serialize: %d entries → %s block %d (%d sessions, %d files)", n, last.set(),
                                last.block(), sessions, n - sessions)
                        : String.format("serialize: %d entries into their blocks", n);
            }
            case ENTRY_BACK -> {
                List<BeatData.Entry> es = ((BeatData.Entries) d).entries();
                long sessions = es.stream().filter(x -> !x.file()).count();
                yield String.format("deserialize: %d sessions, %d files back into the incoming tables", sessions,
                        n - sessions);
            }
            case FDT -> String.format("%d FDT nodes written", n);
            case LOG -> z.caption;
            default -> z.caption;
        };
    }

    private static String pastTense(String op) {
        return switch (op) {
            case "create" -> "created";
            case "remove" -> "removed";
            case "retrieve" -> "retrieved";
            case "finish" -> "finished";
            case "preserve" -> "preserved";
            case "unpreserve" -> "unpreserved";
            default -> op;
        };
    }

    // ---- Floyd: long walks keep their beginning and end --------------------------------------

    private static List<Beat> compressFloyd(List<Beat> in) {
        List<Beat> out = new ArrayList<>();
        int i = 0;
        while (i < in.size()) {
            Beat b = in.get(i);
            int j = i + 1;
            if (b.kind() == BeatKind.FLOYD_STEP) {
                String set = ((BeatData.Floyd) b.data()).set();
                while (j < in.size() && in.get(j).kind() == BeatKind.FLOYD_STEP
                        && ((BeatData.Floyd) in.get(j).data()).set().equals(set)) {
                    j++;
                }
            }
            int n = j - i;
            if (n <= FLOYD_DETAILED) {
                out.addAll(in.subList(i, j));
            } else {
                out.addAll(in.subList(i, i + FLOYD_KEEP));
                out.add(mergeFloyd(in.subList(i + FLOYD_KEEP, j - FLOYD_KEEP)));
                out.addAll(in.subList(j - FLOYD_KEEP, j));
            }
            i = j;
        }
        return out;
    }

    private static Beat mergeFloyd(List<Beat> bs) {
        int n = bs.size();
        long[] slow = new long[n];
        long[] fast = new long[n];
        for (int k = 0; k < n; k++) {
            BeatData.Floyd f = (BeatData.Floyd) bs.get(k).data();
            slow[k] = f.slow()[0];
            fast[k] = f.fast()[0];
        }
        BeatData.Floyd f0 = (BeatData.Floyd) bs.get(0).data();
        Beat a = bs.get(0);
        Beat z = bs.get(n - 1);
        double d = Math.max(BeatKind.FLOYD_STEP.single(), Math.min(2.0, 0.12 * n));
        return new Beat(BeatKind.FLOYD_STEP, a.phase(), a.from(), z.to(), z.key(), Integer.MAX_VALUE, n, d,
                BeatKind.Landing.GRADUAL, String.format("Floyd #%d … #%d: the hare runs ahead, two blocks per step",
                        f0.firstIteration(), f0.firstIteration() + n - 1),
                new BeatData.Floyd(f0.set(), f0.headPa(), f0.firstIteration(), slow, fast, f0.prevSlow(), f0.prevFast()));
    }

    // ---- pass 2c: too many small beats of mixed kinds become batches -------------------------

    /** At most this many repetitive beats are played one by one; beyond, neighbours are batched. */
    static final int MAX_SMALL_BEATS = 300;
    static final int MAX_BATCH_PAGES = 256;

    static List<Beat> coarsen(List<Beat> in) {
        int small = 0;
        for (Beat b : in) {
            if (compressible(b)) {
                small++;
            }
        }
        if (small <= MAX_SMALL_BEATS) {
            return in;
        }
        int per = (small + MAX_SMALL_BEATS - 1) / MAX_SMALL_BEATS;
        List<Beat> out = new ArrayList<>();
        List<Beat> group = new ArrayList<>();
        for (Beat b : in) {
            if (compressible(b) && b.kind() != BeatKind.QUIET) {
                group.add(b);
                if (group.size() == per) {
                    flush(group, out);
                }
            } else {
                flush(group, out);
                out.add(b);
            }
        }
        flush(group, out);
        return out;
    }

    private static void flush(List<Beat> group, List<Beat> out) {
        if (group.size() == 1) {
            out.add(group.get(0));
        } else if (group.size() > 1) {
            out.add(batch(group));
        }
        group.clear();
    }

    private static Beat batch(List<Beat> g) {
        Map<BeatKind, Integer> kinds = new java.util.EnumMap<>(BeatKind.class);
        Set<Long> pfns = new LinkedHashSet<>();
        int items = 0;
        for (Beat b : g) {
            kinds.merge(b.kind(), b.items(), Integer::sum);
            items += b.items();
            for (long pfn : pagesOf(b.data())) {
                if (pfns.size() < MAX_BATCH_PAGES) {
                    pfns.add(pfn);
                }
            }
        }
        StringBuilder cap = new StringBuilder();
        for (Map.Entry<BeatKind, Integer> e : kinds.entrySet()) {
            if (cap.length() > 0) {
                cap.append(", ");
            }
            cap.append(e.getValue()).append(' ').append(e.getKey().name().toLowerCase().replace('_', ' '));
        }
        Beat a = g.get(0);
        Beat z = g.get(g.size() - 1);
        return new Beat(BeatKind.BATCH, a.phase(), a.from(), z.to(), z.key(), Integer.MAX_VALUE, items,
                BeatKind.BATCH.batch(g.size()), BeatKind.Landing.GRADUAL, "batch: " + cap,
                new BeatData.Mixed(pfns.stream().mapToLong(Long::longValue).toArray(), Map.copyOf(kinds)));
    }

    /** Pages a beat's data points at (for batches and highlights). */
    static long[] pagesOf(BeatData d) {
        if (d instanceof BeatData.Pages p) {
            return p.pfns();
        }
        if (d instanceof BeatData.Links l) {
            return Arrays.stream(l.pas()).map(PhysicalMemory::pfn).toArray();
        }
        if (d instanceof BeatData.Entries en) {
            return en.entries().stream().mapToLong(x -> PhysicalMemory.pfn(x.pa())).distinct().toArray();
        }
        if (d instanceof BeatData.Fdt f) {
            return new long[] {PhysicalMemory.pfn(f.fdtPa())};
        }
        if (d instanceof BeatData.Field f) {
            return new long[] {PhysicalMemory.pfn(f.pa())};
        }
        if (d instanceof BeatData.Mixed m) {
            return m.pfns();
        }
        return new long[0];
    }

    // ---- pass 3: time budget -----------------------------------------------------------------

    private static boolean compressible(Beat b) {
        return b.kind().compressible();
    }

    static List<Beat> fitBudget(List<Beat> in) {
        double fixed = 0;
        double comp = 0;
        for (Beat b : in) {
            if (compressible(b)) {
                comp += b.duration();
            } else {
                fixed += b.duration();
            }
        }
        if (fixed + comp <= BUDGET || comp == 0) {
            return in;
        }
        double avail = Math.max(0, BUDGET - fixed);
        double f = avail / comp;
        for (int round = 0; round < 6; round++) {
            double sum = 0;
            for (Beat b : in) {
                if (compressible(b) && b.duration() > 0) {
                    sum += Math.max(MIN_BEAT, b.duration() * f);
                }
            }
            if (sum <= avail * 1.001 || sum == 0) {
                break;
            }
            f *= avail / sum;
        }
        double factor = f;
        List<Beat> out = new ArrayList<>(in.size());
        for (Beat b : in) {
            out.add(compressible(b) && b.duration() > 0 ? b.withDuration(Math.max(MIN_BEAT, b.duration() * factor)) : b);
        }
        return out;
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

    static long[] sorted(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}

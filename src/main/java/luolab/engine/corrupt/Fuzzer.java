package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.LuoFlbs;
import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;

/**
 * Seeded, deterministic corruption fuzzing: each case builds a random small scenario, serializes
 * it, damages the preserved metadata (bit flips, random u64s, random PAs, or a catalog injector
 * with random parameters), boots the next kernel, opens /dev/liveupdate, retrieves every session
 * and fd, and classifies the outcome. Case {@code i} of seed {@code s} is reproducible on its own
 * with {@link #runCase(long)} and {@link #caseSeed(long, int)}.
 */
public final class Fuzzer {
    /**
     * Kinds of damage. {@link #RADIX_CYCLE} is not drawn like the others: see {@link #RADIX_CYCLE_ONE_IN}.
     */
    public enum Mutation { BIT_FLIP, U64, PA, INJECTOR, RADIX_CYCLE }

    /**
     * One case in this many (when other kinds are allowed too) loops KHO's radix tree instead of its
     * other mutations: the empty slots of one table on the walk's first path point back at the root
     * (radix-cycle with a random level). The word-sized writes of the other kinds never make the
     * walk hang: it is bounded by the level, so one slot pointing at an ancestor adds a few node
     * reads; only hundreds of looping slots multiply it past any budget. Kept rare because such a
     * case walks up to the lab's budget (0.5–3 s on the shared 2-core VM, thousands of ordinary
     * cases' time), and decided by a stream of its own
     * so that every other case keeps the mutations it had before this kind existed (recorded case
     * seeds rerun the same case).
     */
    public static final int RADIX_CYCLE_ONE_IN = 1000;
    private static final long RADIX_CYCLE_SALT = 0x5A3C_96E1_7D2B_4F08L;

    /** Regions of preserved metadata a mutation may hit. */
    public enum Region { FDT, LUO_SER, SESSION_BLOCK, FILE_BLOCK, MEMFD_SER, VMALLOC_CHUNK, FOLIO_ARRAY, RADIX_NODE, FLB, KEXEC_METADATA }

    /** How a case's outcome compares with the expectation its mutation stated. */
    public enum Verdict {
        /** The outcome matches the definite expectation. */
        AGREE,
        /** The expectation is definite and the outcome does not match it. */
        DISAGREE,
        /** Nothing definite to compare: no mutation applied, "depends", several mutations, or a Java exception. */
        NONE
    }

    /**
     * The expectation check of one case. {@code injector} is the catalog name of the mutation
     * checked (raw writes without their "@region" tag), null when no mutation applied;
     * {@code label} and {@code params} are as the case lists them; {@code expected} and
     * {@code actual} are summaries; {@code why} is {@link ExpectedOutcome#mismatch}'s reason or,
     * for {@link Verdict#NONE}, why nothing was compared.
     */
    public record Check(Verdict verdict, String injector, String label, String params, Stage stage, String expected, String actual,
            String why) {
        static Check none(String injector, String why) {
            return new Check(Verdict.NONE, injector, injector, "", null, null, null, why);
        }
    }

    public record CaseResult(long seed, String scenario, List<String> mutations, Outcome outcome, long nanos, String exception,
            Check check) {
        /** The counting label: the outcome's key, or the Java exception. */
        public String key() {
            return exception != null ? "Java exception: " + exception.lines().findFirst().orElse("") : outcome.key();
        }
    }

    /** Agreements, disagreements and cases without a definite expectation, of one injector. */
    public record Tally(int agree, int disagree, int none) {
        Tally plus(Verdict v) {
            return new Tally(agree + (v == Verdict.AGREE ? 1 : 0), disagree + (v == Verdict.DISAGREE ? 1 : 0), none + (v == Verdict.NONE ? 1 : 0));
        }
    }

    /** A disagreement with what reproduces it: {@code luolab fuzz --case caseSeed} (case {@code index} of the run). */
    public record Disagreement(int index, long caseSeed, String scenario, Check check) {
    }

    /**
     * {@code checks}: per injector (catalog name), the verdicts of the cases where it was the one
     * mutation applied; cases with several mutations are counted under {@link #COMBINED}, cases
     * where none applied under {@link #NOTHING_APPLIED}. {@code totals} sums them per verdict;
     * {@code disagreements} keeps the first {@link #MAX_DISAGREEMENTS}.
     */
    public record Result(long seed, int iterations, Map<String, Integer> counts, Map<OutcomeKind, Integer> byKind, CaseResult slowest,
            long totalNanos, List<CaseResult> exceptions, Map<String, Long> exampleSeeds, Map<String, Tally> checks, Tally totals,
            List<Disagreement> disagreements) {
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("fuzz: %d iterations, seed %d, %.1f s (%.3f ms/case)%n", iterations, seed, totalNanos / 1e9,
                    totalNanos / 1e6 / Math.max(1, iterations)));
            sb.append("by kind:\n");
            byKind.forEach((k, n) -> sb.append(String.format("  %7d  %s%n", n, k.label())));
            // a hang (the boot never finishes, no message) is its own outcome: never among the panics
            sb.append(String.format("hangs: %d (boots that never finish, not counted as panics)%n", hangs()));
            sb.append("by outcome:\n");
            counts.forEach((k, n) -> sb.append(String.format("  %7d  %s   (e.g. case seed %d)%n", n, k, exampleSeeds.get(k))));
            if (slowest != null) {
                sb.append(String.format("slowest case: seed %d, %.1f ms, %s, %s: %s%n", slowest.seed(), slowest.nanos() / 1e6,
                        slowest.scenario(), slowest.mutations(), slowest.key()));
            }
            for (CaseResult c : exceptions) {
                sb.append("JAVA EXCEPTION in case seed ").append(c.seed()).append(" ").append(c.mutations()).append(":\n")
                        .append(c.exception()).append('\n');
            }
            sb.append(String.format("expectations: %d agree, %d disagree, %d without a definite expectation%n", totals.agree(),
                    totals.disagree(), totals.none()));
            sb.append(String.format("  %7s %8s %5s  %s%n", "agree", "disagree", "none", "injector"));
            checks.forEach((name, t) -> sb.append(String.format("  %7d %8d %5d  %s%n", t.agree(), t.disagree(), t.none(), name)));
            if (!disagreements.isEmpty()) {
                sb.append(String.format("first %d of %d disagreements (rerun one with --case <case seed>):%n", disagreements.size(),
                        totals.disagree()));
                for (Disagreement d : disagreements) {
                    Check c = d.check();
                    sb.append(String.format("  case %d, case seed %d (%s): %s %s at %s%n", d.index(), d.caseSeed(), d.scenario(), c.label(),
                            c.params(), c.stage() == null ? "?" : c.stage().label()));
                    sb.append("    expected: ").append(c.expected()).append('\n');
                    sb.append("    actual:   ").append(c.actual()).append('\n');
                    sb.append("    ").append(c.why()).append('\n');
                }
            }
            return sb.toString();
        }

        /** Cases whose next boot hung silently (a radix walk that never ends). */
        public int hangs() {
            return byKind.getOrDefault(OutcomeKind.HANG, 0);
        }

        /** True when some case contradicted its mutation's definite expectation. */
        public boolean hasDisagreements() {
            return totals.disagree() > 0;
        }
    }

    /** Rows of {@link Result#checks()} that are not one injector. */
    public static final String COMBINED = "(several mutations)";
    public static final String NOTHING_APPLIED = "(no mutation applied)";
    public static final int MAX_DISAGREEMENTS = 10;

    private final long seed;
    private long ramSize = 16L << 20;
    private Set<Mutation> mutations = EnumSet.allOf(Mutation.class);
    private int maxMutations = 3;
    private Abi abi = Abi.V7;

    public Fuzzer(long seed) {
        this.seed = seed;
    }

    public Fuzzer ramSize(long bytes) {
        this.ramSize = bytes;
        return this;
    }

    /** Restricts the kinds of damage (the property tests use one kind each). */
    public Fuzzer mutations(Set<Mutation> m) {
        this.mutations = EnumSet.copyOf(m);
        return this;
    }

    /** The generation every case's kernels run (old and new kernel alike); v7 by default. */
    public Fuzzer abi(Abi a) {
        this.abi = a;
        return this;
    }

    public Fuzzer maxMutations(int n) {
        this.maxMutations = Math.max(1, n);
        return this;
    }

    public static long caseSeed(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Result run(int iterations) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<OutcomeKind, Integer> byKind = new TreeMap<>();
        Map<String, Long> examples = new LinkedHashMap<>();
        List<CaseResult> exceptions = new ArrayList<>();
        Map<String, Tally> checks = new TreeMap<>();
        Tally totals = new Tally(0, 0, 0);
        List<Disagreement> disagreements = new ArrayList<>();
        CaseResult slowest = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long cs = caseSeed(seed, i);
            CaseResult c = runCase(cs);
            String key = c.key();
            counts.merge(key, 1, Integer::sum);
            examples.putIfAbsent(key, cs);
            byKind.merge(c.exception() != null ? OutcomeKind.JAVA_EXCEPTION : c.outcome().kind(), 1, Integer::sum);
            if (c.exception() != null && exceptions.size() < 10) {
                exceptions.add(c);
            }
            if (slowest == null || c.nanos() > slowest.nanos()) {
                slowest = c;
            }
            Check ck = c.check();
            checks.merge(ck.injector(), new Tally(0, 0, 0).plus(ck.verdict()), (a, b) -> a.plus(ck.verdict()));
            totals = totals.plus(ck.verdict());
            if (ck.verdict() == Verdict.DISAGREE && disagreements.size() < MAX_DISAGREEMENTS) {
                disagreements.add(new Disagreement(i, cs, c.scenario(), ck));
            }
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Result(seed, iterations, sorted, byKind, slowest, System.nanoTime() - t0, exceptions, examples, checks, totals,
                List.copyOf(disagreements));
    }

    /** One case, deterministic in {@code caseSeed}; never throws (a Java exception is reported in the result). */
    public CaseResult runCase(long caseSeed) {
        SplittableRandom r = new SplittableRandom(caseSeed);
        long t0 = System.nanoTime();
        String scen = "";
        List<String> done = new ArrayList<>();
        List<CorruptionReport> applied = new ArrayList<>();
        try {
            Machine m = Machine.coldBoot(ramSize, abi, Trace.off());
            Scenario sc = randomScenario(r);
            scen = describe(sc);
            sc.build(m);
            CorruptionRun run = CorruptionRun.begin(m);
            if (!run.serialize()) {
                return new CaseResult(caseSeed, scen, done, run.finishCycle(), System.nanoTime() - t0, null,
                        Check.none(NOTHING_APPLIED, "liveupdate_reboot() aborted the kexec"));
            }
            HandoverView v = HandoverReader.read(m, Stage.HANDOVER);
            List<long[]> regions = regions(m.memory(), v);
            if (radixCycleCase(caseSeed)) {
                SplittableRandom own = new SplittableRandom(caseSeed ^ RADIX_CYCLE_SALT);
                own.nextInt(RADIX_CYCLE_ONE_IN);
                CorruptionReport rep = radixCycle(run, own);
                done.add(rep.ok() ? rep.injector() + " " + rep.params() : rep.injector() + " refused: " + rep.error());
                if (rep.ok()) {
                    applied.add(rep);
                }
                Outcome o = run.finishCycle();
                return new CaseResult(caseSeed, scen, done, o, System.nanoTime() - t0, null, check(applied, o));
            }
            int n = 1 + (maxMutations > 1 && r.nextInt(4) == 0 ? r.nextInt(maxMutations) : 0);
            List<Mutation> kinds = mutations.stream().filter(x -> x != Mutation.RADIX_CYCLE).toList();
            for (int k = 0; k < n; k++) {
                Mutation mu = kinds.get(r.nextInt(kinds.size()));
                CorruptionReport rep = mutate(run, m, v, regions, mu, r);
                if (rep != null) {
                    done.add(rep.ok() ? rep.injector() + " " + rep.params() : rep.injector() + " refused: " + rep.error());
                    if (rep.ok()) {
                        applied.add(rep);
                    }
                }
            }
            Outcome o = run.finishCycle();
            return new CaseResult(caseSeed, scen, done, o, System.nanoTime() - t0, null, check(applied, o));
        } catch (Throwable t) {
            java.io.StringWriter sw = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(sw));
            String trace = sw.toString().lines().limit(14).reduce((a, b) -> a + "\n" + b).orElse("");
            return new CaseResult(caseSeed, scen, done, null, System.nanoTime() - t0, trace,
                    Check.none(applied.size() == 1 ? baseName(applied.get(0)) : applied.isEmpty() ? NOTHING_APPLIED : COMBINED,
                            "a Java exception escaped the engine"));
        }
    }

    /**
     * Compares {@code o} with the expectation of the one mutation applied, with the same
     * {@link ExpectedOutcome#mismatch} the per-injector tests use. Refused mutations wrote nothing,
     * so they do not count; expectations of several writes do not compose, so a case with more
     * than one applied mutation has none.
     */
    static Check check(List<CorruptionReport> applied, Outcome o) {
        if (applied.isEmpty()) {
            return Check.none(NOTHING_APPLIED, "every mutation was refused");
        }
        if (applied.size() > 1) {
            return Check.none(COMBINED, applied.size() + " mutations applied");
        }
        CorruptionReport rep = applied.get(0);
        ExpectedOutcome e = rep.expected();
        String name = baseName(rep);
        if (e == null || e.kind() == OutcomeKind.DEPENDS) {
            return new Check(Verdict.NONE, name, rep.injector(), rep.params(), rep.stage(), e == null ? null : e.summary(), o.summary(),
                    "no definite expectation");
        }
        String why = e.mismatch(o);
        return new Check(why == null ? Verdict.AGREE : Verdict.DISAGREE, name, rep.injector(), rep.params(), rep.stage(), e.summary(),
                o.summary(), why);
    }

    /** The catalog name: raw writes are tagged "write-u64@session_block" in the case's list. */
    private static String baseName(CorruptionReport rep) {
        int at = rep.injector().indexOf('@');
        return at < 0 ? rep.injector() : rep.injector().substring(0, at);
    }

    // ---- scenarios ---------------------------------------------------------------------------

    static Scenario randomScenario(SplittableRandom r) {
        int roll = r.nextInt(100);
        int sessions = roll < 5 ? 0 : roll < 90 ? 1 + r.nextInt(4) : 50 + r.nextInt(12);
        List<Scenario.SessionSpec> out = new ArrayList<>();
        int manyAt = r.nextInt(100) < 5 && sessions > 0 ? r.nextInt(sessions) : -1;
        for (int s = 0; s < sessions; s++) {
            List<Scenario.FileSpec> files = new ArrayList<>();
            int nf = s == manyAt ? 60 + r.nextInt(12) : sessions > 8 ? (r.nextInt(10) == 0 ? 1 : 0) : r.nextInt(4);
            for (int f = 0; f < nf; f++) {
                long token = r.nextInt(3) == 0 ? r.nextLong() : 0x100L * (s + 1) + f;
                if (s != manyAt && r.nextInt(10) < 7) {
                    int len = switch (r.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> 1 + r.nextInt(64);
                        case 2 -> 1 + r.nextInt(PhysicalMemory.PAGE_SIZE * 3);
                        default -> PhysicalMemory.PAGE_SIZE;
                    };
                    byte[] data = new byte[len];
                    for (int i = 0; i < len; i++) {
                        data[i] = (byte) r.nextInt(256);
                    }
                    files.add(Scenario.FileSpec.memfd(token, data));
                } else {
                    files.add(Scenario.FileSpec.test(token, 1 + (r.nextLong() & Long.MAX_VALUE - 1)));
                }
            }
            out.add(new Scenario.SessionSpec("fz-" + s, files));
        }
        return new Scenario(out);
    }

    static String describe(Scenario sc) {
        int files = sc.sessions().stream().mapToInt(s -> s.files().size()).sum();
        return sc.sessions().size() + " sessions, " + files + " files";
    }

    // ---- regions and mutations -----------------------------------------------------------------

    /** {region ordinal, start PA, length} of every piece of preserved metadata in the handover. */
    static List<long[]> regions(PhysicalMemory mem, HandoverView v) {
        List<long[]> out = new ArrayList<>();
        if (v.fdtBlob() != null) {
            long total = Math.min(PhysicalMemory.PAGE_SIZE, Math.max(64, FdtBytes.be32(v.fdtBlob(), 4)));
            out.add(new long[] {Region.FDT.ordinal(), v.fdtPa(), total});
        }
        if (v.luoFdtPa() != 0 && mem.contains(v.luoFdtPa(), PhysicalMemory.PAGE_SIZE)) {
            // the FDT era's LUO FDT (series v2, pre-series): counted as FDT damage
            out.add(new long[] {Region.FDT.ordinal(), v.luoFdtPa(), Math.min(PhysicalMemory.PAGE_SIZE,
                    Math.max(64, Long.reverseBytes(mem.u64(v.luoFdtPa())) & 0xFFFFFFFFL))});
        }
        if (v.luoSerPa() != 0) {
            out.add(new long[] {Region.LUO_SER.ordinal(), v.luoSerPa(), v.abi().luoIsFdt() ? Layouts.LUO_SER_V2.size() : Layouts.LUO_SER.size()});
        }
        StoreGeometry geo = v.geometry();
        for (HandoverView.Block b : v.sessionBlocks()) {
            out.add(new long[] {Region.SESSION_BLOCK.ordinal(), b.pa(), geo.sessionHdr() + Math.min(geo.sessionCap(),
                    Math.max(1, b.count())) * Layouts.SESSION_SER.size()});
        }
        for (HandoverView.Session s : v.sessions()) {
            for (HandoverView.Block b : s.fileBlocks()) {
                out.add(new long[] {Region.FILE_BLOCK.ordinal(), b.pa(), geo.fileHdr() + Math.min(geo.fileCap(),
                        Math.max(1, b.count())) * Layouts.FILE_SER.size()});
            }
            for (HandoverView.File f : s.files()) {
                if (f.memfd() == null) {
                    continue;
                }
                HandoverView.Memfd md = f.memfd();
                out.add(new long[] {Region.MEMFD_SER.ordinal(), md.serPa(), Layouts.MEMFD_SER.size()});
                // struct kho_vmalloc_chunk is one page, hdr.next then u64 phys[511]: a chunk's region
                // is its next word, its own phys words and the zero that ends them (none when all
                // 511 are used), never sized from the memfd's other chunks, which would run past
                // its page into whatever follows (md.chunks() are the first of md.ser().chunks())
                List<MemfdLuoSer.VmallocChunk> read = md.ser().chunks();
                for (int i = 0; i < md.chunks().size(); i++) {
                    int own = read.get(i).phys().size();
                    out.add(new long[] {Region.VMALLOC_CHUNK.ordinal(), md.chunks().get(i),
                            8 + 8L * Math.min(MemfdLuoSer.CHUNK_PHYS, own + 1)});
                }
                for (long p : md.arrayPages()) {
                    out.add(new long[] {Region.FOLIO_ARRAY.ordinal(), p, Math.max(16, Math.min(PhysicalMemory.PAGE_SIZE, 16 * md.nrFolios()))});
                }
            }
        }
        for (HandoverView.RadixNode n : v.radixNodes()) {
            out.add(new long[] {Region.RADIX_NODE.ordinal(), n.pa(), PhysicalMemory.PAGE_SIZE, n.level()});
        }
        LuoFlbs flbs = LuoFlbs.read(mem, v.flbsPa());
        if (flbs.headerRead()) {
            // the header and the entries the shared reader takes (count clamped to a page), at least one
            out.add(new long[] {Region.FLB.ordinal(), v.flbsPa(), Layouts.FLB_HEADER.size()
                    + (long) Layouts.FLB_SER.size() * Math.max(1, flbs.entries().size())});
        }
        if (v.kexecMetadataPa() != 0) {
            out.add(new long[] {Region.KEXEC_METADATA.ordinal(), v.kexecMetadataPa(), Layouts.KEXEC_METADATA.size()});
        }
        return out;
    }

    private static long[] pickRegion(List<long[]> regions, SplittableRandom r) {
        List<Integer> kinds = regions.stream().map(x -> (int) x[0]).distinct().toList();
        int kind = kinds.get(r.nextInt(kinds.size()));
        List<long[]> of = regions.stream().filter(x -> x[0] == kind).toList();
        return of.get(r.nextInt(of.size()));
    }

    /** An 8-aligned offset in the region; in radix tables half the time a non-zero slot. */
    private static long pickWord(PhysicalMemory mem, long[] reg, SplittableRandom r) {
        long words = Math.max(1, reg[2] / 8);
        if (reg[0] == Region.RADIX_NODE.ordinal() && r.nextBoolean()) {
            List<Long> nz = new ArrayList<>();
            for (int i = 0; i < 512; i++) {
                if (mem.u64(reg[1] + 8L * i) != 0) {
                    nz.add(reg[1] + 8L * i);
                }
            }
            if (!nz.isEmpty()) {
                return nz.get(r.nextInt(nz.size()));
            }
        }
        return reg[1] + 8 * r.nextLong(words);
    }

    /** Whether case {@code caseSeed} is a radix loop (see {@link #RADIX_CYCLE_ONE_IN}); always when it is the only kind allowed. */
    private boolean radixCycleCase(long caseSeed) {
        if (!mutations.contains(Mutation.RADIX_CYCLE)) {
            return false;
        }
        return mutations.size() == 1 || new SplittableRandom(caseSeed ^ RADIX_CYCLE_SALT).nextInt(RADIX_CYCLE_ONE_IN) == 0;
    }

    /**
     * The empty slots of a table on the walk's first path := the root's PA. Half the time the root
     * itself (level 5: a definite hang, checked against radix-cycle's expectation), else a level
     * 1–4 table ("depends": the lower the loop, the sooner the walk ends, reserving garbage).
     */
    private static CorruptionReport radixCycle(CorruptionRun run, SplittableRandom r) {
        int top = PointerInjectors.RadixCycle.ROOT_LEVEL;
        int level = r.nextBoolean() ? top : 1 + r.nextInt(top - 1);
        return run.inject(new PointerInjectors.RadixCycle(), Params.of("level", "" + level));
    }

    private CorruptionReport mutate(CorruptionRun run, Machine m, HandoverView v, List<long[]> regions, Mutation mu, SplittableRandom r) {
        PhysicalMemory mem = m.memory();
        if (mu == Mutation.INJECTOR || regions.isEmpty()) {
            return injector(run, m, r);
        }
        long[] reg = pickRegion(regions, r);
        String where = Region.values()[(int) reg[0]].name().toLowerCase();
        switch (mu) {
            case BIT_FLIP -> {
                long pa = reg[1] + r.nextLong(Math.max(1, reg[2]));
                return tag(run.inject(new RawInjectors.BitFlip(), Params.of("pa", hex(pa), "bit", "" + r.nextInt(8))), where);
            }
            case U64 -> {
                long pa = pickWord(mem, reg, r);
                long old = mem.u64(pa);
                long val = switch (r.nextInt(10)) {
                    case 0, 1, 2, 3 -> r.nextLong();
                    case 4, 5, 6 -> r.nextInt(101);
                    case 7, 8 -> old + (r.nextBoolean() ? 1 : -1);
                    default -> -1L;
                };
                return tag(run.inject(new RawInjectors.WriteU64(), Params.of("pa", hex(pa), "value", hex(val))), where);
            }
            default -> {
                long pa = pickWord(mem, reg, r);
                long val = randomPa(mem, regions, reg, m, r);
                return tag(run.inject(new RawInjectors.WriteU64(), Params.of("pa", hex(pa), "value", hex(val))), where + " ← PA");
            }
        }
    }

    private static CorruptionReport tag(CorruptionReport rep, String where) {
        return new CorruptionReport(rep.injector() + "@" + where, rep.stage(), rep.params(), rep.ok(), rep.error(), rep.description(),
                rep.writes(), rep.expected(), rep.notes());
    }

    private static long randomPa(PhysicalMemory mem, List<long[]> regions, long[] self, Machine m, SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 30) {
            return regions.get(r.nextInt(regions.size()))[1];
        }
        if (roll < 50) {
            return mem.base() + PhysicalMemory.PAGE_SIZE * r.nextLong(mem.nrPages());
        }
        if (roll < 60) {
            return mem.base() + PhysicalMemory.PAGE_SIZE * r.nextLong(mem.nrPages()) + 8 * r.nextInt(512);
        }
        if (roll < 75) {
            return switch (r.nextInt(3)) {
                case 0 -> mem.end() + PhysicalMemory.PAGE_SIZE * r.nextLong(1 << 20);
                case 1 -> r.nextLong(mem.base());
                default -> r.nextLong() | (1L << 62);
            };
        }
        if (roll < 85) {
            return 0;
        }
        if (roll < 95) {
            return self[1];
        }
        var scratch = m.kernel().scratch();
        return scratch.isEmpty() ? 0 : scratch.get(r.nextInt(scratch.size())).addr();
    }

    /**
     * A catalog injector that runs after serialization, with random but mostly valid parameters.
     * Not radix-cycle: each such boot walks the radix tree up to the lab's hang budget, so it has a
     * rarer kind of its own ({@link Mutation#RADIX_CYCLE}), and leaving the pick list as it was keeps
     * recorded case seeds ({@code --case C}) reproducing the same cases.
     */
    private static CorruptionReport injector(CorruptionRun run, Machine m, SplittableRandom r) {
        List<Injector> usable = Catalog.all().stream()
                .filter(i -> i.stages().contains(Stage.HANDOVER) && i.group() != Group.RAW && !(i instanceof ChainInjectors.LongChain)
                        && !(i instanceof PointerInjectors.RadixCycle))
                .toList();
        Injector inj = usable.get(r.nextInt(usable.size()));
        Params p = Params.none();
        HandoverView v = HandoverReader.read(m, Stage.HANDOVER);
        for (ParamSpec s : inj.params()) {
            String val = null;
            switch (s.kind()) {
                case SET -> {
                    List<String> withFiles = v.sessions().stream().filter(x -> !x.fileBlocks().isEmpty()).map(x -> "files:" + x.name()).toList();
                    val = withFiles.isEmpty() || r.nextBoolean() ? "sessions" : withFiles.get(r.nextInt(withFiles.size()));
                }
                case INT -> {
                    if (r.nextInt(3) == 0) {
                        val = s.keywords().isEmpty() ? "" + (s.min() + r.nextLong(Math.min(4, s.max() - s.min() + 1)))
                                : s.keywords().get(r.nextInt(s.keywords().size()));
                    }
                }
                case CHOICE -> val = s.keywords().get(r.nextInt(s.keywords().size()));
                default -> {
                }
            }
            if (val != null) {
                p = p.with(s.name(), val);
            }
        }
        return run.inject(inj, p);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

package luolab.ui.chains;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent.SessionOp;
import luolab.engine.trace.TraceEvent;
import luolab.engine.handover.ChainLayout;
import luolab.ui.model.Frame;
import luolab.engine.handover.Handover;

/**
 * The outgoing block chains before the first serialize. Until luo_ser points at them, a kernel
 * reading memory finds no chain head, but the block sets already exist: their blocks are linked
 * (the {@code next} pointers are written) as entries are added. This follows the sets'
 * {@link TraceEvent.BlockLinked} events since the last kexec up to the current event to find the
 * heads, then reads every block header from the frame's bytes as they are: the counts stay 0
 * until serialize writes them. The same holds for series v2 (its 2-page blocks are linked the same
 * way; luo_ser's sessions_pa is also written at serialize). Before the series the session array is
 * reachable from boot on, but the file arrays only through session entries written at serialize,
 * so they come from the arrays' BlockLinked events (one per array, at allocation).
 */
public final class LiveChains {
    public static final String SESSIONS = "sessions";
    private static final String FILES_OF = "files of '";

    private LiveChains() {
    }

    /** The outgoing sets' block PAs in chain order at {@code position}, plus the sessions alive then. */
    public record Sets(Map<String, List<Long>> blocks, List<String> sessions) {
        public List<Long> of(String set) {
            return blocks.getOrDefault(set, List.of());
        }

        /** Every block page (to watch). */
        public Set<Long> pfns() {
            Set<Long> out = new LinkedHashSet<>();
            blocks.values().forEach(l -> l.forEach(pa -> out.add(pa >>> PhysicalMemory.PAGE_SHIFT)));
            return out;
        }
    }

    public static Sets at(List<TraceEvent> events, int position) {
        Map<String, List<Long>> sets = new LinkedHashMap<>();
        Set<String> sessions = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(position, events.size()); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.Kexec) {
                sets.clear();
                sessions.clear();
            } else if (e instanceof TraceEvent.BlockLinked b && !b.set().startsWith("incoming")) {
                List<Long> l = sets.computeIfAbsent(b.set(), k -> new ArrayList<>());
                if (b.linked()) {
                    l.add(b.pa());
                } else {
                    l.remove(b.pa());
                }
            } else if (e instanceof TraceEvent.SessionEvent s && !s.incoming() && s.err() == 0) {
                if (s.op() == SessionOp.CREATE) {
                    sessions.add(s.session());
                } else if (s.op() == SessionOp.REMOVE) {
                    sessions.remove(s.session());
                }
            }
        }
        return new Sets(sets, List.copyOf(sessions));
    }

    /**
     * Whether {@code h} is an outgoing handover whose chains cannot be read from memory yet: for the
     * linked generations (v7, series v2) while luo_ser has no session chain head (sessions_pa is
     * written at serialize); before the series while the session array (its PA is in the LUO FDT
     * from boot on) holds no entry yet, so no file array can be reached from it.
     */
    public static boolean needed(Handover h, Abi abi) {
        if (h == null || h.incoming()) {
            return false;
        }
        Abi gen = generation(h, abi);
        if (gen.rootFormat() == Abi.RootFormat.FDT_SESSION_ARRAY) {
            return h.sessions() != null && h.entries().isEmpty();
        }
        return h.sessions() == null || h.sessions().headPa() == 0;
    }

    /** The generation {@code h} was read as, or the run's when it has no LUO subtree yet. */
    private static Abi generation(Handover h, Abi abi) {
        return h.generation() != null ? h.generation() : abi;
    }

    /** {@code h} with its chains drawn from the live sets (block headers read from {@code f}'s bytes). */
    public static Handover build(Handover h, Sets sets, Frame f, Abi abi) {
        Abi gen = generation(h, abi);
        Handover.Chain sessions = chain(SESSIONS, sets.of(SESSIONS), f, ChainLayout.sessions(gen));
        if (sessions.blocks().isEmpty() && h.sessions() != null && h.sessions().layout().array()) {
            // the pre-series array is allocated at boot; its link may predate the events looked at
            sessions = h.sessions();
        }
        List<Handover.SessionEntry> entries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(sets.sessions());
        sets.blocks().keySet().stream().filter(k -> k.startsWith(FILES_OF) && k.endsWith("'"))
                .forEach(k -> names.add(k.substring(FILES_OF.length(), k.length() - 1)));
        for (String n : names) {
            Handover.Chain files = chain(FILES_OF + n + "'", sets.of(FILES_OF + n + "'"), f, ChainLayout.files(gen));
            entries.add(new Handover.SessionEntry(n, 0, files.headPa(), 0, files));
        }
        return h.withChains(sessions, entries);
    }

    /**
     * The chain of the given block PAs as they are linked. A pre-series array has no next; only the
     * session array has a count header (a file array's count lives in its session entry, written at
     * serialize).
     */
    private static Handover.Chain chain(String name, List<Long> pas, Frame f, ChainLayout layout) {
        List<Handover.Block> blocks = new ArrayList<>();
        for (int i = 0; i < pas.size(); i++) {
            long pa = pas.get(i);
            if (layout.array()) {
                long count = name.equals(SESSIONS) ? u64(f, pa, 0) : 0;
                blocks.add(new Handover.Block(pa, 0, count, layout.slots(), null));
                continue;
            }
            long expectNext = i + 1 < pas.size() ? pas.get(i + 1) : 0;
            long next = u64(f, pa, expectNext);
            long count = u64(f, pa + 8, 0);
            blocks.add(new Handover.Block(pa, next, count, layout.slots(), null));
        }
        return new Handover.Chain(name, pas.isEmpty() ? 0 : pas.get(0), List.copyOf(blocks), -1, null, layout);
    }

    /** u64 at {@code pa} from the frame's bytes, or {@code dflt} while its page is not in the frame yet. */
    static long u64(Frame f, long pa, long dflt) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            int b = f.u8(pa + k);
            if (b < 0) {
                return dflt;
            }
            v = (v << 8) | b;
        }
        return v;
    }

    /** {@code h} without the sessions whose file chain is empty (the "show empty" toggle off). */
    public static Handover withoutEmpty(Handover h) {
        if (h == null || h.entries() == null) {
            return h;
        }
        List<Handover.SessionEntry> kept = h.entries().stream()
                .filter(e -> e.files() == null || !e.files().blocks().isEmpty() || e.filesPa() != 0).toList();
        if (kept.size() == h.entries().size()) {
            return h;
        }
        return h.withChains(h.sessions(), kept);
    }
}

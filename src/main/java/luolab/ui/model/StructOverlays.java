package luolab.ui.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.handover.BlockChainReader;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.engine.handover.LuoFlbs;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;

/**
 * Finds the ABI structs inside a page, two ways: from what the page is (a session block is a
 * kho_block_header_ser followed by {@code count} luo_session_ser entries, read from its bytes, as
 * the next kernel would), and from the trace (every write the engine named "struct.field" up to the
 * current event places that struct exactly).
 */
public final class StructOverlays {
    private static final Map<String, StructLayout> BY_NAME = new HashMap<>();

    static {
        for (StructLayout l : Layouts.ALL) {
            BY_NAME.putIfAbsent(l.name(), l);
        }
    }

    private final LoadedRun run;
    private final Abi abi;
    /** pfn → indices of named MemWrite events in that page, ascending. */
    private Map<Long, List<Integer>> namedWrites;

    public StructOverlays(LoadedRun run, Abi abi) {
        this.run = run;
        this.abi = abi;
    }

    public static StructLayout layout(String name) {
        return BY_NAME.get(name);
    }

    /**
     * The page whose bytes the overlay of page {@code pfn} also needs: the first page of its
     * session or file block (or pre-series array), which holds the count; {@code pfn} itself for
     * any other page. A view watching {@code pfn} watches this one too.
     */
    public long headerPage(Frame f, long pfn) {
        if (!f.containsPfn(pfn)) {
            return pfn;
        }
        return switch (PageMeta.kind(f.meta(pfn))) {
            case SESSION_BLOCK -> blockStart(f, pfn, ChainLayout.sessions(abi));
            case FILE_BLOCK -> blockStart(f, pfn, ChainLayout.files(abi));
            default -> pfn;
        };
    }

    /** Structs overlapping page {@code pfn} in frame {@code f}, sorted by address. */
    public List<StructInstance> forPage(Frame f, long pfn) {
        Map<String, StructInstance> out = new LinkedHashMap<>();
        byte[] bytes = f.page(pfn);
        long m = f.meta(pfn);
        long base = PhysicalMemory.pa(pfn);
        OwnerKind kind = PageMeta.kind(m);
        if (bytes != null) {
            switch (kind) {
                case SESSION_BLOCK -> block(out, f, pfn, ChainLayout.sessions(abi), Layouts.SESSION_SER, "session");
                case FILE_BLOCK -> block(out, f, pfn, ChainLayout.files(abi), Layouts.FILE_SER, "file");
                case FLB -> {
                    put(out, new StructInstance(Layouts.FLB_HEADER, base, "FLB header"));
                    List<LuoFlbs.Entry> flbs = LuoFlbs.read(page(base, bytes), base).entries();
                    for (int i = 0; i < flbs.size(); i++) {
                        put(out, new StructInstance(Layouts.FLB_SER, flbs.get(i).pa(), "FLB " + i));
                    }
                }
                case KEXEC_METADATA -> put(out, new StructInstance(Layouts.KEXEC_METADATA, base, "kexec metadata"));
                default -> {
                }
            }
        }
        for (int idx : writesIn(pfn)) {
            if (idx >= f.position()) {
                break;
            }
            TraceEvent.MemWrite w = (TraceEvent.MemWrite) run.events().get(idx);
            FieldRef ref = w.what();
            StructLayout l = BY_NAME.get(ref.struct());
            if (l == null) {
                continue;
            }
            long sb = w.pa();
            if (ref.field() != null) {
                try {
                    sb -= l.offset(ref.field());
                } catch (IllegalArgumentException e) {
                    continue;
                }
            }
            boolean covered = false;
            for (StructInstance s : out.values()) {
                if (s.layout() == l && s.base() == sb) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                put(out, new StructInstance(l, sb, l.name()));
            }
        }
        List<StructInstance> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparingLong(StructInstance::base));
        return list;
    }

    private static void put(Map<String, StructInstance> out, StructInstance s) {
        out.putIfAbsent(s.layout().name() + "@" + s.base(), s);
    }

    /**
     * The part of one block (or pre-series array) that lies in page {@code pfn}. The block starts at
     * the head page of its allocation ({@link #blockStart}), so a page further in (a series-v2 block's
     * second page, page k of a pre-series array) holds the entries that continue from the pages
     * before it, not a header of its own. The header is the shared reader's
     * ({@link BlockChainReader#header}): a kho_block_header_ser {next, count}; a pre-series session
     * array's luo_session_header_ser {count}; nothing before a pre-series file array, whose count is
     * the session entry's file_set_ser.count ({@link #arrayCount}). The count is clamped to the
     * block's capacity as the reader takes it ({@link Handover.Block#entries()}); when it cannot be
     * read (the block's first page not in the frame, a file array whose session entry was not read)
     * every slot of the page is placed, titled as a slot.
     */
    private static void block(Map<String, StructInstance> out, Frame f, long pfn, ChainLayout layout, StructLayout entry, String what) {
        long startPfn = blockStart(f, pfn, layout);
        long start = PhysicalMemory.pa(startPfn);
        long pageStart = PhysicalMemory.pa(pfn);
        long pageEnd = pageStart + PhysicalMemory.PAGE_SIZE;
        long count = count(f, startPfn, layout);
        if (pfn == startPfn && layout.header() > 0) {
            StructLayout header = layout.array() ? Layouts.SESSION_HEADER_V1 : Layouts.BLOCK_HEADER;
            put(out, new StructInstance(header, start, layout.array() ? "session array header" : "block header"));
        }
        long n = count < 0 ? layout.slots() : count;
        long first = Math.max(0, (pageStart - start - layout.header()) / layout.entrySize());
        for (long i = first; i < n; i++) {
            long e = layout.entryPa(start, i);
            if (e >= pageEnd) {
                break;
            }
            if (e + layout.entrySize() > pageStart) {
                put(out, new StructInstance(entry, e, count < 0 ? what + " slot " + i : what + " " + i));
            }
        }
    }

    /**
     * The first page of the block (or array) page {@code pfn} belongs to: the head of its
     * allocation, found from the page metadata (the allocator marks an allocation's first page as
     * its head), at most {@code layout.pages() - 1} pages back. A page whose head is not found so
     * (metadata that does not say) is taken as the start, as a one-page block would be.
     */
    public static long blockStart(Frame f, long pfn, ChainLayout layout) {
        OwnerKind kind = PageMeta.kind(f.meta(pfn));
        for (long p = pfn; p > pfn - layout.pages() && f.containsPfn(p); p--) {
            long m = f.meta(p);
            if (PageMeta.kind(m) != kind) {
                break;
            }
            if (PageMeta.head(m)) {
                return p;
            }
        }
        return pfn;
    }

    /**
     * Entries the reader takes from the block at {@code startPfn} (its count clamped unsigned to
     * the capacity), or -1 when the count is not at hand: read from the block's own header page
     * when the frame holds it, else from the frame's handover analysis (a pre-series file array's
     * count is only there, in its session entry).
     */
    private static long count(Frame f, long startPfn, ChainLayout layout) {
        long start = PhysicalMemory.pa(startPfn);
        byte[] head = f.page(startPfn);
        if (head != null && layout.header() > 0) {
            return BlockChainReader.header(page(start, head), start, layout, -1).entries();
        }
        List<Handover> hs = f.handovers();
        if (hs == null) {
            return -1;
        }
        for (Handover h : hs) {
            Handover.Block b = find(h.sessions(), start);
            for (int i = 0; b == null && i < h.entries().size(); i++) {
                b = find(h.entries().get(i).files(), start);
            }
            if (b != null && b.capacity() == layout.slots()) {
                return b.entries();
            }
        }
        return -1;
    }

    private static Handover.Block find(Handover.Chain c, long pa) {
        if (c != null) {
            for (Handover.Block b : c.blocks()) {
                if (b.pa() == pa) {
                    return b;
                }
            }
        }
        return null;
    }

    /** The frame's copy of the page at {@code base} as memory the shared reader can read (the rest of the window reads 0). */
    private static PhysicalMemory page(long base, byte[] bytes) {
        PhysicalMemory mem = new PhysicalMemory(base, PAGE_WINDOW);
        mem.writeSilently(base, bytes);
        return mem;
    }

    /** The smallest RAM a PhysicalMemory models; only its first page is written. */
    private static final long PAGE_WINDOW = 16L * PhysicalMemory.PAGE_SIZE;

    private List<Integer> writesIn(long pfn) {
        if (namedWrites == null) {
            namedWrites = new HashMap<>();
            List<TraceEvent> ev = run.events();
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i) instanceof TraceEvent.MemWrite w && w.what() != null) {
                    namedWrites.computeIfAbsent(PhysicalMemory.pfn(w.pa()), k -> new ArrayList<>()).add(i);
                }
            }
        }
        return namedWrites.getOrDefault(pfn, List.of());
    }

    /** A field's value as the inspector prints it ("0x0000000040003000", "\"luo-v5\"", "51"). */
    public static String format(StructLayout.Field field, Frame f, long pa) {
        int n = Math.min(field.size(), 64);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = f.u8(pa + i);
            if (v < 0) {
                return "?";
            }
            b[i] = (byte) v;
        }
        return format(field, b);
    }

    public static String format(StructLayout.Field field, byte[] b) {
        switch (field.type()) {
            case PA:
                return String.format("0x%x", LittleEndian.u64(b, 0));
            case U64: {
                long v = LittleEndian.u64(b, 0);
                return Long.toUnsignedString(v) + String.format(" (0x%x)", v);
            }
            case U32:
                return Long.toString(LittleEndian.u32(b, 0));
            case U16:
                return Integer.toString((b[0] & 0xFF) | (b[1] & 0xFF) << 8);
            case U8:
                return Integer.toString(b[0] & 0xFF);
            case CHARS: {
                int len = 0;
                while (len < b.length && b[len] != 0) {
                    len++;
                }
                StringBuilder sb = new StringBuilder("\"");
                for (int i = 0; i < len; i++) {
                    int c = b[i] & 0xFF;
                    sb.append(c >= 32 && c < 127 ? (char) c : '.');
                }
                return sb.append('"').toString();
            }
            default: {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Math.min(8, b.length); i++) {
                    sb.append(String.format("%02x ", b[i] & 0xFF));
                }
                return sb.append("…").toString();
            }
        }
    }
}

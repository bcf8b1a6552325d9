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

    /** Structs overlapping page {@code pfn} in frame {@code f}, sorted by address. */
    public List<StructInstance> forPage(Frame f, long pfn) {
        Map<String, StructInstance> out = new LinkedHashMap<>();
        byte[] bytes = f.page(pfn);
        long m = f.meta(pfn);
        long base = PhysicalMemory.pa(pfn);
        OwnerKind kind = PageMeta.kind(m);
        if (bytes != null) {
            switch (kind) {
                case SESSION_BLOCK -> block(out, page(base, bytes), base, ChainLayout.sessions(abi), Layouts.SESSION_SER, "session");
                case FILE_BLOCK -> block(out, page(base, bytes), base, ChainLayout.files(abi), Layouts.FILE_SER, "file");
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
     * A kho_block header and the entries its count covers, as the shared reader takes them
     * ({@link BlockChainReader#header}, {@link Handover.Block#entries()}: the count clamped to the
     * block's capacity). A pre-series array has no kho_block header and its file count is not in
     * the page: only the header struct is placed, as before.
     */
    private static void block(Map<String, StructInstance> out, PhysicalMemory page, long base, ChainLayout layout, StructLayout entry,
            String what) {
        put(out, new StructInstance(Layouts.BLOCK_HEADER, base, "block header"));
        if (layout.array()) {
            return;
        }
        Handover.Block b = BlockChainReader.header(page, base, layout, -1);
        for (int i = 0; i < b.entries(); i++) {
            put(out, new StructInstance(entry, layout.entryPa(base, i), what + " " + i));
        }
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

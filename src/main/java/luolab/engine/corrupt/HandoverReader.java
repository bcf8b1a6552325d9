package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.ByteSource;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.luo.EntryStore;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;

/** Builds a {@link HandoverView} by reading memory; never throws on corrupted bytes. */
public final class HandoverReader {
    /** Walk limits: enough for the longest chain the kernel's own check reads (2 × KHO_MAX_BLOCKS + 1). */
    static final int MAX_CHAIN = 2 * 10000 + 64;
    static final int MAX_RADIX_NODES = 4096;
    static final int MAX_FOLIOS = 1 << 16;

    private HandoverReader() {
    }

    /** Reads what the given stage exposes. */
    public static HandoverView read(Machine m, Stage stage) {
        PhysicalMemory mem = m.memory();
        Kernel k = m.kernel();
        Abi abi = k.abi();
        long fdtPa = switch (stage) {
            case LIVE -> k.kho() == null ? 0 : k.kho().fdtPa();
            case HANDOVER, INCOMING -> m.lastBoot() == null ? 0 : m.lastBoot().khoFdtPa();
        };
        byte[] blob = null;
        FdtNode root = null;
        String problem = null;
        if (mem.contains(fdtPa, PhysicalMemory.PAGE_SIZE)) {
            blob = mem.read(fdtPa, PhysicalMemory.PAGE_SIZE);
            FdtParseResult r = FdtReader.parse(ByteSource.of(blob), 0, blob.length);
            if (r.isOk()) {
                root = r.tree().get().root();
            } else {
                problem = "KHO FDT at " + hex(fdtPa) + " does not parse: " + r.detail() + " (" + r.code() + ")";
            }
        } else {
            problem = "no KHO FDT in RAM at " + hex(fdtPa);
        }
        long radixRoot = 0;
        long kexecMeta = 0;
        LuoRoot luoRoot = LuoRoot.NONE;
        if (root != null) {
            radixRoot = root.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
            luoRoot = LuoRoot.read(mem, abi, root.child(Luo.KHO_ENTRY_NAME).orElse(null));
            var meta = root.child(Kho.KEXEC_METADATA);
            if (meta.isPresent()) {
                kexecMeta = meta.get().getU64LE(Kho.PROP_SUB_FDT).orElse(0);
            }
        }
        long luoSer = luoRoot.luoSerPa();
        long luoFdt = luoRoot.luoFdtPa();
        long blobSize = luoRoot.blobSize();
        long sessionsPa = stage == Stage.INCOMING ? 0 : luoRoot.sessionsPa();
        long flbsPa = stage == Stage.INCOMING ? 0 : luoRoot.flbsPa();
        if (stage == Stage.INCOMING) {
            luoSer = 0; // luo_ser was kho_restore_free'd in early boot
            flbsPa = k.luo() == null ? 0 : k.luo().flbs().incomingPa();
        }

        StoreGeometry geo = StoreGeometry.of(abi);
        List<HandoverView.Block> sblocks = new ArrayList<>();
        StringBuilder chainProblem = new StringBuilder();
        List<HandoverView.Session> sessions = new ArrayList<>();
        String memfdCompat = abi.memfdCompatible();
        switch (stage) {
            case LIVE -> {
                Luo luo = k.luo();
                if (luo != null) {
                    EntryStore bs = luo.sessions().outgoingBlocks();
                    if (bs != null) {
                        sblocks.addAll(blocksOf(mem, bs.blocks(), geo, -1));
                    }
                    for (LuoSession s : luo.sessions().outgoing()) {
                        List<HandoverView.File> files = new ArrayList<>();
                        for (LuoFile f : s.fileSet().files()) {
                            long data = f.serializedData();
                            String c = f.handler().compatible();
                            files.add(new HandoverView.File(0, c, data, f.token(), c.equals(memfdCompat) ? memfd(mem, data) : null));
                        }
                        sessions.add(new HandoverView.Session(0, s.name(), 0, s.fileSet().count(),
                                blocksOf(mem, s.fileSet().blocks().blocks(), geo, s.fileSet().count()), null, files));
                    }
                }
            }
            case HANDOVER -> {
                sblocks.addAll(geo.linked() ? chain(mem, sessionsPa, chainProblem) : array(mem, sessionsPa, geo, chainProblem));
                sessions.addAll(entries(mem, sblocks, geo, memfdCompat));
            }
            case INCOMING -> {
                Luo luo = k.luo();
                EntryStore bs = luo == null ? null : luo.sessions().incomingBlocks();
                if (bs != null) {
                    sblocks.addAll(blocksOf(mem, bs.blocks(), geo, -1));
                    sessionsPa = bs.headPa();
                }
                sessions.addAll(entries(mem, sblocks, geo, memfdCompat));
            }
        }
        List<HandoverView.RadixNode> nodes = new ArrayList<>();
        if (stage != Stage.INCOMING) {
            radixNodes(mem, radixRoot, KhoRadixTree.TREE_MAX_DEPTH - 1, nodes, new HashSet<>());
        }
        return new HandoverView(stage, fdtPa, blob, root, problem, radixRoot, luoSer, blobSize, sessionsPa, flbsPa, kexecMeta,
                List.copyOf(sblocks), chainProblem.length() == 0 ? null : chainProblem.toString(), List.copyOf(sessions),
                List.copyOf(nodes), abi, luoFdt);
    }

    /**
     * Blocks (or the one array) of a live or incoming store. A linked block's header is {next,
     * count}; a pre-series session array's first u64 is its count ({@code count} &lt; 0), a file
     * array has no header and {@code count} is the session's file count.
     */
    private static List<HandoverView.Block> blocksOf(PhysicalMemory mem, List<Long> pas, StoreGeometry geo, long count) {
        List<HandoverView.Block> out = new ArrayList<>();
        for (long pa : pas) {
            if (!mem.contains(pa, 16)) {
                out.add(new HandoverView.Block(pa, 0, 0));
            } else if (geo.linked()) {
                out.add(new HandoverView.Block(pa, mem.u64(pa), mem.u64(pa + 8)));
            } else {
                out.add(new HandoverView.Block(pa, 0, count < 0 ? mem.u64(pa) : count));
            }
        }
        return out;
    }

    /** The pre-series session array as one block: no next, its count from its 8-byte header. */
    static List<HandoverView.Block> array(PhysicalMemory mem, long pa, StoreGeometry geo, StringBuilder problem) {
        if (pa == 0) {
            return List.of();
        }
        if (!mem.contains(pa, geo.sessionBytes())) {
            problem.append("session array ").append(hex(pa)).append(" is outside RAM");
            return List.of();
        }
        return List.of(new HandoverView.Block(pa, 0, mem.u64(pa)));
    }

    /** Follows {@code next} from {@code head}; stops (and says why) at a wild pointer, a loop or the limit. */
    static List<HandoverView.Block> chain(PhysicalMemory mem, long head, StringBuilder problem) {
        List<HandoverView.Block> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long pa = head;
        while (pa != 0) {
            if (!mem.contains(pa, 16)) {
                problem.append("next points outside RAM (").append(hex(pa)).append(")");
                break;
            }
            if (!seen.add(pa)) {
                problem.append("cycle back to ").append(hex(pa));
                break;
            }
            if (out.size() >= MAX_CHAIN) {
                problem.append("longer than ").append(MAX_CHAIN).append(" blocks");
                break;
            }
            long next = mem.u64(pa);
            out.add(new HandoverView.Block(pa, next, mem.u64(pa + 8)));
            pa = next;
        }
        return out;
    }

    /**
     * Session entries of the blocks (or array) as restore would read them, at most capacity per
     * block, each with its file chain (or, pre-series, its file array of file_set_ser.count entries).
     */
    private static List<HandoverView.Session> entries(PhysicalMemory mem, List<HandoverView.Block> blocks, StoreGeometry geo,
            String memfdCompat) {
        List<HandoverView.Session> out = new ArrayList<>();
        int size = Layouts.SESSION_SER.size();
        for (HandoverView.Block b : blocks) {
            long n = Long.compareUnsigned(b.count(), geo.sessionCap()) > 0 ? geo.sessionCap() : b.count();
            for (int i = 0; i < n; i++) {
                long e = geo.sessionEntry(b.pa(), i);
                if (!mem.contains(e, size)) {
                    break;
                }
                String name = mem.cstring(e, 64);
                long files = mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.files"));
                long count = mem.u64(e + Layouts.SESSION_SER.offset("file_set_ser.count"));
                StringBuilder p = new StringBuilder();
                List<HandoverView.Block> fb;
                if (geo.linked()) {
                    fb = chain(mem, files, p);
                } else if (files == 0) {
                    fb = List.of();
                } else if (!mem.contains(files, geo.fileBytes())) {
                    p.append("file array ").append(hex(files)).append(" is outside RAM");
                    fb = List.of();
                } else {
                    fb = List.of(new HandoverView.Block(files, 0, count));
                }
                List<HandoverView.File> fl = new ArrayList<>();
                for (HandoverView.Block f : fb) {
                    long fn = Long.compareUnsigned(f.count(), geo.fileCap()) > 0 ? geo.fileCap() : f.count();
                    for (int j = 0; j < fn; j++) {
                        long fe = geo.fileEntry(f.pa(), j);
                        if (!mem.contains(fe, Layouts.FILE_SER.size())) {
                            break;
                        }
                        String compat = mem.cstring(fe, 48);
                        long data = mem.u64(fe + 48);
                        fl.add(new HandoverView.File(fe, compat, data, mem.u64(fe + 56), compat.equals(memfdCompat) ? memfd(mem, data) : null));
                    }
                }
                out.add(new HandoverView.Session(e, name, files, count, fb, p.length() == 0 ? null : p.toString(), fl));
            }
        }
        return out;
    }

    /** memfd_luo_ser at {@code ser}, its vmalloc chunks, array pages and folio entries; null if not in RAM. */
    static HandoverView.Memfd memfd(PhysicalMemory mem, long ser) {
        if (!mem.contains(ser, Layouts.MEMFD_SER.size())) {
            return null;
        }
        byte[] b = mem.read(ser, Layouts.MEMFD_SER.size());
        long pos = luolab.engine.memory.LittleEndian.u64(b, 0);
        long size = luolab.engine.memory.LittleEndian.u64(b, 8);
        long seals = luolab.engine.memory.LittleEndian.u32(b, 16);
        long flags = luolab.engine.memory.LittleEndian.u32(b, 20);
        long nr = luolab.engine.memory.LittleEndian.u64(b, 24);
        long first = luolab.engine.memory.LittleEndian.u64(b, 32);
        long total = luolab.engine.memory.LittleEndian.u32(b, 40);
        int vflags = luolab.engine.memory.LittleEndian.u16(b, 44);
        int order = luolab.engine.memory.LittleEndian.u16(b, 46);
        List<Long> chunks = new ArrayList<>();
        List<Long> pages = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long c = nr == 0 ? 0 : first;
        while (c != 0 && mem.contains(c, PhysicalMemory.PAGE_SIZE) && seen.add(c) && chunks.size() < 64) {
            chunks.add(c);
            for (int i = 0; i < 511; i++) {
                long p = mem.u64(c + 8 + 8L * i);
                if (p == 0) {
                    break;
                }
                pages.add(p);
            }
            c = mem.u64(c);
        }
        List<HandoverView.Folio> folios = new ArrayList<>();
        long max = Math.min(Long.compareUnsigned(nr, MAX_FOLIOS) > 0 ? MAX_FOLIOS : nr, (long) pages.size() * 256);
        for (long i = 0; i < max; i++) {
            long at = pages.get((int) (i / 256)) + (i % 256) * 16;
            if (!mem.contains(at, 16)) {
                break;
            }
            long word = mem.u64(at);
            folios.add(new HandoverView.Folio(at, PhysicalMemory.pa(word & ((1L << 52) - 1)), word >>> 52, mem.u64(at + 8)));
        }
        return new HandoverView.Memfd(ser, pos, size, seals, flags, nr, first, total, vflags, order, chunks, pages, folios);
    }

    private static void radixNodes(PhysicalMemory mem, long pa, int level, List<HandoverView.RadixNode> out, Set<Long> seen) {
        if (pa == 0 || out.size() >= MAX_RADIX_NODES || !mem.contains(pa, PhysicalMemory.PAGE_SIZE) || !seen.add(pa * 8 + level)) {
            return;
        }
        out.add(new HandoverView.RadixNode(pa, level));
        if (level == 0) {
            return;
        }
        for (int i = 0; i < 512; i++) {
            long child = mem.u64(pa + 8L * i);
            if (child != 0) {
                radixNodes(mem, child, level - 1, out, seen);
            }
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

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
import luolab.engine.handover.BlockChainReader;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.engine.handover.ReadPurpose;
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
        long blobSize = -1;
        Handover h = null;
        if (root != null) {
            radixRoot = root.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
            var luoNode = root.child(Luo.KHO_ENTRY_NAME);
            blobSize = luoNode.map(n -> n.getU64LE(Kho.PROP_BLOB_SIZE).orElse(-1L)).orElse(-1L);
            // the LUO root and the session chain as the writing generation laid them out
            h = Handover.read(mem, fdtPa, false, abi, ReadPurpose.TARGETS);
            var meta = root.child(Kho.KEXEC_METADATA);
            if (meta.isPresent()) {
                kexecMeta = meta.get().getU64LE(Kho.PROP_SUB_FDT).orElse(0);
            }
        }
        long luoSer = h == null ? 0 : h.luoSerPa();
        long luoFdt = h == null ? 0 : h.luoFdtPa();
        long sessionsPa = h == null || h.sessions() == null ? 0 : h.sessions().headPa();
        long flbsPa = h == null ? 0 : h.flbsPa();

        StoreGeometry geo = StoreGeometry.of(abi);
        List<HandoverView.Block> sblocks = new ArrayList<>();
        String chainProblem = null;
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
                if (h != null && h.sessions() != null) {
                    sblocks.addAll(blocks(h.sessions()));
                    chainProblem = h.sessions().problem();
                    sessions.addAll(sessions(mem, h.entries(), memfdCompat));
                }
            }
            case INCOMING -> {
                luoSer = 0; // luo_ser was kho_restore_free'd in early boot
                flbsPa = k.luo() == null ? 0 : k.luo().flbs().incomingPa();
                sessionsPa = 0;
                Luo luo = k.luo();
                EntryStore bs = luo == null ? null : luo.sessions().incomingBlocks();
                if (bs != null) {
                    sblocks.addAll(blocksOf(mem, bs.blocks(), geo, -1));
                    sessionsPa = bs.headPa();
                }
                // the adopted blocks, their entries read from bytes as deserialize reads them
                ChainLayout layout = ChainLayout.sessions(abi);
                List<Handover.Block> adopted = sblocks.stream()
                        .map(b -> new Handover.Block(b.pa(), b.next(), b.count(), layout.slots(), null)).toList();
                Handover.Chain chain = new Handover.Chain("sessions", sessionsPa, adopted, -1, null, layout);
                sessions.addAll(sessions(mem, BlockChainReader.entries(mem, chain, abi, ReadPurpose.TARGETS), memfdCompat));
            }
        }
        List<HandoverView.RadixNode> nodes = new ArrayList<>();
        if (stage != Stage.INCOMING) {
            radixNodes(mem, radixRoot, KhoRadixTree.TREE_MAX_DEPTH - 1, nodes, new HashSet<>());
        }
        return new HandoverView(stage, fdtPa, blob, root, problem, radixRoot, luoSer, blobSize, sessionsPa, flbsPa, kexecMeta,
                List.copyOf(sblocks), chainProblem, List.copyOf(sessions),
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

    /** A chain's block headers as the injectors see them. */
    private static List<HandoverView.Block> blocks(Handover.Chain c) {
        return c.blocks().stream().map(b -> new HandoverView.Block(b.pa(), b.next(), b.count())).toList();
    }

    /**
     * The sessions the shared reader found, each with the luo_file_ser entries of its file chain
     * (or array): at most capacity per block, as luo_file_deserialize reads them.
     */
    private static List<HandoverView.Session> sessions(PhysicalMemory mem, List<Handover.SessionEntry> entries, String memfdCompat) {
        List<HandoverView.Session> out = new ArrayList<>();
        for (Handover.SessionEntry e : entries) {
            Handover.Chain fc = e.files();
            List<HandoverView.File> fl = new ArrayList<>();
            for (Handover.Block f : fc.blocks()) {
                long fn = Long.compareUnsigned(f.count(), f.capacity()) > 0 ? f.capacity() : f.count();
                for (int j = 0; j < fn; j++) {
                    long fe = fc.layout().entryPa(f.pa(), j);
                    if (!mem.contains(fe, Layouts.FILE_SER.size())) {
                        break;
                    }
                    String compat = mem.cstring(fe, 48);
                    long data = mem.u64(fe + 48);
                    fl.add(new HandoverView.File(fe, compat, data, mem.u64(fe + 56), compat.equals(memfdCompat) ? memfd(mem, data) : null));
                }
            }
            out.add(new HandoverView.Session(e.pa(), e.name(), e.filesPa(), e.fileCount(), blocks(fc), fc.problem(), fl));
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

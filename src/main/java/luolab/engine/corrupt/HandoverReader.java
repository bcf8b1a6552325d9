package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.handover.BlockChainReader;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.engine.handover.LuoFileSer;
import luolab.engine.handover.MemfdLuoSer;
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
        Handover h = null;
        if (mem.contains(fdtPa, PhysicalMemory.PAGE_SIZE)) {
            blob = mem.read(fdtPa, PhysicalMemory.PAGE_SIZE);
            // the LUO root, the session chain, the kexec metadata and the FLBs as the writing
            // generation laid them out (TARGETS: every entry a block's count covers)
            h = Handover.read(mem, fdtPa, false, abi, ReadPurpose.TARGETS);
            root = h.fdt();
            if (root == null) {
                FdtParseResult r = h.fdtParsed();
                problem = "KHO FDT at " + hex(fdtPa) + " does not parse: " + r.detail() + " (" + r.code() + ")";
                h = null;
            }
        } else {
            problem = "no KHO FDT in RAM at " + hex(fdtPa);
        }
        long radixRoot = 0;
        long kexecMeta = 0;
        long blobSize = -1;
        if (root != null) {
            radixRoot = root.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
            var luoNode = root.child(Luo.KHO_ENTRY_NAME);
            blobSize = luoNode.map(n -> n.getU64LE(Kho.PROP_BLOB_SIZE).orElse(-1L)).orElse(-1L);
            kexecMeta = h.kexecMetadata() == null ? 0 : h.kexecMetadata().pa();
        }
        long luoSer = h == null ? 0 : h.luoSerPa();
        long luoFdt = h == null ? 0 : h.luoFdtPa();
        long sessionsPa = h == null || h.sessions() == null ? 0 : h.sessions().headPa();
        long flbsPa = h == null ? 0 : h.flbsPa();

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
                        sblocks.addAll(blocksOf(mem, bs.blocks(), ChainLayout.sessions(abi), -1));
                    }
                    for (LuoSession s : luo.sessions().outgoing()) {
                        List<HandoverView.File> files = new ArrayList<>();
                        for (LuoFile f : s.fileSet().files()) {
                            long data = f.serializedData();
                            String c = f.handler().compatible();
                            files.add(new HandoverView.File(0, c, data, f.token(), c.equals(memfdCompat) ? memfd(mem, data) : null));
                        }
                        sessions.add(new HandoverView.Session(0, s.name(), 0, s.fileSet().count(),
                                blocksOf(mem, s.fileSet().blocks().blocks(), ChainLayout.files(abi), s.fileSet().count()), null, files));
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
                    sblocks.addAll(blocksOf(mem, bs.blocks(), ChainLayout.sessions(abi), -1));
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
        List<HandoverView.RadixNode> nodes = stage == Stage.INCOMING ? List.of() : radixNodes(mem, radixRoot);
        return new HandoverView(stage, fdtPa, blob, root, problem, radixRoot, luoSer, blobSize, sessionsPa, flbsPa, kexecMeta,
                List.copyOf(sblocks), chainProblem, List.copyOf(sessions),
                List.copyOf(nodes), abi, luoFdt);
    }

    /** Blocks (or the one array) of a live or incoming store, their headers as the shared reader reads them. */
    private static List<HandoverView.Block> blocksOf(PhysicalMemory mem, List<Long> pas, ChainLayout layout, long count) {
        List<HandoverView.Block> out = new ArrayList<>();
        for (long pa : pas) {
            Handover.Block b = BlockChainReader.header(mem, pa, layout, count);
            out.add(new HandoverView.Block(b.pa(), b.next(), b.count()));
        }
        return out;
    }

    /** A chain's block headers as the injectors see them. */
    private static List<HandoverView.Block> blocks(Handover.Chain c) {
        return c.blocks().stream().map(b -> new HandoverView.Block(b.pa(), b.next(), b.count())).toList();
    }

    /**
     * The sessions the shared reader found, each with the luo_file_ser entries the reader read
     * from its file chain (or array): at most capacity per block, as luo_file_deserialize reads
     * them; a memfd's state for files whose compatible is this generation's memfd handler's.
     */
    private static List<HandoverView.Session> sessions(PhysicalMemory mem, List<Handover.SessionEntry> entries, String memfdCompat) {
        List<HandoverView.Session> out = new ArrayList<>();
        for (Handover.SessionEntry e : entries) {
            Handover.Chain fc = e.files();
            List<HandoverView.File> fl = new ArrayList<>();
            for (LuoFileSer f : LuoFileSer.read(mem, fc).entries()) {
                fl.add(new HandoverView.File(f.pa(), f.compatible(), f.data(), f.token(),
                        f.compatible().equals(memfdCompat) ? memfd(mem, f.data()) : null));
            }
            out.add(new HandoverView.Session(e.pa(), e.name(), e.filesPa(), e.fileCount(), blocks(fc), fc.problem(), fl));
        }
        return out;
    }

    /** The memfd at {@code ser} as the shared reader reads it, as injector targets; null if memfd_luo_ser is not in RAM. */
    static HandoverView.Memfd memfd(PhysicalMemory mem, long ser) {
        MemfdLuoSer m = MemfdLuoSer.read(mem, ser);
        return m.serRead() ? HandoverView.Memfd.of(m) : null;
    }

    /**
     * The radix tree's node pages from {@code root}, in the order {@link KhoRadixTree#walk} reads
     * them (leaf bitmaps are not scanned): at most {@link #MAX_RADIX_NODES}, each (PA, level)
     * once, and none outside RAM, so a corrupted tree neither faults nor loops here.
     */
    private static List<HandoverView.RadixNode> radixNodes(PhysicalMemory mem, long root) {
        List<HandoverView.RadixNode> out = new ArrayList<>();
        if (root == 0) {
            return out;
        }
        Set<Long> seen = new HashSet<>();
        KhoRadixTree.walk(mem, root, Integer.MAX_VALUE, null, (pa, level) -> {
            if (out.size() >= MAX_RADIX_NODES || !mem.contains(pa, PhysicalMemory.PAGE_SIZE) || !seen.add(pa * 8 + level)) {
                return false;
            }
            out.add(new HandoverView.RadixNode(pa, level));
            return true;
        });
        return out;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

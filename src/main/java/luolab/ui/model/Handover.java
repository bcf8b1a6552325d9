package luolab.ui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;

/**
 * What a kernel reading physical memory would find, parsed from bytes only (no engine objects):
 * each KHO root FDT page, its "LUO" subtree's luo_ser, the session block chain it points to and
 * each session's file block chain. A chain whose {@code next} comes back to an earlier block is
 * reported with {@link Chain#cycleTo()} so the view can draw the arrow back.
 */
public record Handover(long fdtPa, boolean incoming, FdtNode fdt, String fdtError, long luoSerPa, String compatible,
        long liveupdateNum, long flbsPa, Chain sessions, List<SessionEntry> entries) {

    /** Blocks walked at most (KHO_MAX_BLOCKS). */
    public static final int MAX_BLOCKS = 10000;

    /** One kho_block: header fields as read, and whether the restore path would accept it. */
    public record Block(long pa, long next, long count, int capacity, String problem) {
    }

    /** A block chain from {@code headPa}; {@code cycleTo} is the index the last block's next returns to, or -1. */
    public record Chain(String name, long headPa, List<Block> blocks, int cycleTo, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A luo_session_ser entry and its file chain. */
    public record SessionEntry(String name, long pa, long filesPa, long fileCount, Chain files) {
    }

    /** Every KHO FDT page in memory (outgoing: preserved by this kernel; incoming: from the previous one). */
    public static List<Handover> analyze(PhysicalMemory mem, long[] meta, Abi abi) {
        List<Handover> out = new ArrayList<>();
        for (int i = 0; i < meta.length; i++) {
            long m = meta[i];
            if (PageMeta.kind(m) != OwnerKind.KHO_FDT || !PageMeta.head(m)) {
                continue;
            }
            PageState st = PageMeta.state(m);
            if (st == PageState.FREE || st == PageState.POISONED) {
                continue;
            }
            out.add(read(mem, PhysicalMemory.pa(mem.basePfn() + i), st == PageState.INCOMING, abi));
        }
        return List.copyOf(out);
    }

    public static Handover read(PhysicalMemory mem, long fdtPa, boolean incoming, Abi abi) {
        FdtParseResult r = FdtReader.parse(addr -> addr >= 0 && addr < PhysicalMemory.PAGE_SIZE
                && mem.contains(fdtPa + addr, 1) ? mem.u8(fdtPa + addr) : -1, 0, PhysicalMemory.PAGE_SIZE);
        if (!r.isOk() || r.tree().isEmpty()) {
            return new Handover(fdtPa, incoming, null, r.toString(), 0, null, 0, 0, null, List.of());
        }
        FdtNode root = r.tree().get().root();
        Optional<FdtNode> luo = root.child("LUO");
        long serPa = luo.flatMap(n -> {
            var v = n.getU64LE("preserved-data");
            return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
        }).orElse(0L);
        if (abi.rootFormat() != Abi.RootFormat.RAW_BLOB) {
            // FDT-era generations keep a LUO FDT here, not a raw luo_ser: shown in the FDT tree only
            return new Handover(fdtPa, incoming, root, null, 0, null, 0, 0, null, List.of());
        }
        if (serPa == 0 || !mem.contains(serPa, Layouts.LUO_SER.size())) {
            return new Handover(fdtPa, incoming, root, null, serPa, null, 0, 0, null, List.of());
        }
        String compat = mem.cstring(serPa, 8);
        long num = mem.u64(serPa + Layouts.LUO_SER.offset("liveupdate_num"));
        long sessionsPa = mem.u64(serPa + Layouts.LUO_SER.offset("sessions_pa"));
        long flbs = mem.u64(serPa + Layouts.LUO_SER.offset("flbs_pa"));
        int perSession = abi.sessionsPerBlock();
        Chain sessions = chain(mem, "sessions", sessionsPa, perSession);
        List<SessionEntry> entries = new ArrayList<>();
        int seen = 0;
        for (Block b : sessions.blocks()) {
            if (b.problem() != null) {
                break;
            }
            for (int k = 0; k < b.count() && seen < 4096; k++, seen++) {
                long e = b.pa() + Abi.BLOCK_HEADER_SIZE + (long) k * Layouts.SESSION_SER.size();
                String name = mem.cstring(e, 64);
                long filesPa = mem.u64(e + 64);
                long count = mem.u64(e + 72);
                entries.add(new SessionEntry(name, e, filesPa, count,
                        chain(mem, "files of " + name, filesPa, abi.filesPerBlock())));
            }
        }
        return new Handover(fdtPa, incoming, root, null, serPa, compat, num, flbs, sessions, List.copyOf(entries));
    }

    /** Walks a block chain as kho_block_set_restore would, recording every block and where it stops. */
    public static Chain chain(PhysicalMemory mem, String name, long head, int capacity) {
        List<Block> blocks = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        long pa = head;
        while (pa != 0) {
            Integer back = seen.get(pa);
            if (back != null) {
                return new Chain(name, head, List.copyOf(blocks), back, "cyclic: block " + blocks.size()
                        + " points back to block " + back);
            }
            if (blocks.size() >= MAX_BLOCKS) {
                return new Chain(name, head, List.copyOf(blocks), -1, "longer than " + MAX_BLOCKS + " blocks");
            }
            if (!mem.contains(pa, Abi.BLOCK_HEADER_SIZE)) {
                return new Chain(name, head, List.copyOf(blocks), -1, String.format("next 0x%x is outside RAM", pa));
            }
            long next = mem.u64(pa);
            long count = mem.u64(pa + 8);
            String problem = count == 0 || Long.compareUnsigned(count, capacity) > 0
                    ? "invalid entry count " + Long.toUnsignedString(count) : null;
            seen.put(pa, blocks.size());
            blocks.add(new Block(pa, next, count, capacity, problem));
            pa = next;
        }
        String problem = null;
        for (Block b : blocks) {
            if (b.problem() != null) {
                problem = b.problem();
                break;
            }
        }
        return new Chain(name, head, List.copyOf(blocks), -1, problem);
    }
}

package luolab.engine.handover;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtTree;
import luolab.engine.kho.Kho;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;

/**
 * What a kernel reading physical memory would find, parsed from bytes only (no engine objects):
 * each KHO root FDT page, its "LUO" subtree, the session chain it leads to and each session's
 * file chain, the FLB page ({@link LuoFlbs}) and the kexec metadata ({@link KexecMetadata}); a
 * file chain's luo_file_ser entries are read on demand ({@link LuoFileSer#read}), and so is a
 * memfd's state ({@link MemfdLuoSer#read}), so the chain view does not pay for them. The one
 * reader of a handover image: the chain view and FDT tab draw it, the corruption injectors aim
 * with it, the CLI's inspect prints it and the ImHex export places it ({@link ReadPurpose});
 * none of them parses these structs again. The "LUO" subtree is read in the format
 * of the generation that wrote it, recognised from the bytes (the abi passed in is only the
 * fallback; {@link ReadPurpose#TARGETS} trusts it): v7's raw luo_ser blob ("luo-v5"), series
 * v2's LUO FDT whose luo-abi-header points to a 24-byte luo_ser ({@link HandoverV2Reader}), or
 * the pre-series LUO FDT whose luo-session node points to the fixed session array
 * ({@link HandoverPreReader}). A chain whose {@code next} comes back to an earlier block is
 * reported with {@link Chain#cycleTo()} so the view can draw the arrow back; what restore does
 * with a chain is {@link KhoBlockSetRestore#verdict}.
 *
 * @param fdtParsed  the KHO root FDT page parsed from bytes (its tree, or why it does not parse)
 * @param generation the generation whose layout the LUO subtree was read with (null: no LUO subtree)
 * @param luoFdtPa   the LUO FDT page (series v2 and pre-series), 0 for v7's raw blob
 * @param luoSerPa   luo_ser (v7 blob or v2's 24-byte struct), 0 for the pre-series
 * @param compatible luo_ser's compatible (v7) or the LUO FDT's (v2, pre-series)
 * @param luoProblem why the LUO subtree could not be followed to its chains, or null
 * @param luoFdtParsed the LUO subtree parsed as a LUO FDT, whether it parses or not, when it is read as
 *                   one (series v2, pre-series); null for v7's raw blob or no LUO subtree in RAM
 * @param flbs       the FLB header and entries at {@code flbsPa} (null when flbs_pa is 0 or was not read)
 * @param kexecMetadata the KHO FDT's kexec-metadata subtree and its struct (null: no such subtree)
 */
public record Handover(long fdtPa, boolean incoming, FdtParseResult fdtParsed, Abi generation, long luoFdtPa,
        long luoSerPa, String compatible, long liveupdateNum, long flbsPa, String luoProblem, Chain sessions,
        List<SessionEntry> entries, FdtParseResult luoFdtParsed, LuoFlbs flbs, KexecMetadata kexecMetadata) {

    /** The KHO root FDT's root node, or null if it does not parse ({@link #fdtError()}). */
    public FdtNode fdt() {
        return root(fdtParsed);
    }

    /** Why the KHO root FDT does not parse, or null. */
    public String fdtError() {
        return fdtParsed.isOk() ? null : fdtParsed.toString();
    }

    /** The LUO FDT's root node (series v2, pre-series), or null (v7's raw blob, or it does not parse). */
    public FdtNode luoFdt() {
        return root(luoFdtParsed);
    }

    private static FdtNode root(FdtParseResult r) {
        return r == null ? null : r.tree().map(FdtTree::root).orElse(null);
    }

    /** One kho_block (or a pre-series array): header fields as read, and whether restore would accept it. */
    public record Block(long pa, long next, long count, int capacity, String problem) {
        /**
         * The entries a reader takes from this block: {@code count} (unsigned) clamped to the
         * capacity, so a corrupted count never sends a reader past the block.
         */
        public long entries() {
            return Long.compareUnsigned(count, capacity) > 0 ? capacity : count;
        }
    }

    /**
     * A block chain from {@code headPa}; {@code cycleTo} is the index the last block's next returns
     * to, or -1. {@code layout} says what one block is in this generation (or that it is a fixed array).
     */
    public record Chain(String name, long headPa, List<Block> blocks, int cycleTo, String problem, ChainLayout layout) {
        public boolean ok() {
            return problem == null;
        }

        /**
         * Where the walk stopped ({@link ChainEnd}): the last block's {@code next} (0 at a clean
         * end; the earlier block's PA for a cycle; the bad pointer when it left RAM), or the head
         * when no block was read.
         */
        public long endPa() {
            return blocks.isEmpty() ? headPa : blocks.get(blocks.size() - 1).next();
        }
    }

    /** A luo_session_ser entry and its file chain. */
    public record SessionEntry(String name, long pa, long filesPa, long fileCount, Chain files) {
        SessionEntry withFiles(Chain chain) {
            return new SessionEntry(name, pa, filesPa, fileCount, chain);
        }
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

    /** What the next kernel would restore from the KHO FDT at {@code fdtPa} (the chain view's reading). */
    public static Handover read(PhysicalMemory mem, long fdtPa, boolean incoming, Abi abi) {
        return read(mem, fdtPa, incoming, abi, ReadPurpose.RESTORE);
    }

    /**
     * The handover at {@code fdtPa} read for {@code purpose}; never throws on corrupted bytes.
     * Besides the LUO subtree and its chains: the kexec-metadata struct the KHO FDT points at and
     * the FLB state luo_ser's flbs_pa points at, so no reader parses those bytes again.
     */
    public static Handover read(PhysicalMemory mem, long fdtPa, boolean incoming, Abi abi, ReadPurpose purpose) {
        Handover h = readLuo(mem, fdtPa, incoming, abi, purpose);
        FdtNode root = h.fdt();
        KexecMetadata meta = root == null ? null : root.child(Kho.KEXEC_METADATA)
                .map(n -> KexecMetadata.read(mem, n.getU64LE(Kho.PROP_SUB_FDT).orElse(0L), n.getU64LE(Kho.PROP_BLOB_SIZE).orElse(-1L)))
                .orElse(null);
        LuoFlbs flbs = h.flbsPa() == 0 ? null : LuoFlbs.read(mem, h.flbsPa());
        return new Handover(h.fdtPa, h.incoming, h.fdtParsed, h.generation, h.luoFdtPa, h.luoSerPa, h.compatible, h.liveupdateNum,
                h.flbsPa, h.luoProblem, h.sessions, h.entries, h.luoFdtParsed, flbs, meta);
    }

    private static Handover readLuo(PhysicalMemory mem, long fdtPa, boolean incoming, Abi abi, ReadPurpose purpose) {
        FdtParseResult r = parseFdt(mem, fdtPa);
        Handover none = new Handover(fdtPa, incoming, r, null, 0, 0, null, 0, 0, null, null, List.of(), null, null, null);
        if (!r.isOk()) {
            return none;
        }
        FdtNode root = r.tree().get().root();
        long luoPa = root.child("LUO").map(n -> n.getU64LE("preserved-data").orElse(0L)).orElse(0L);
        if (luoPa == 0 || !mem.contains(luoPa, Layouts.LUO_SER.size())) {
            // no LUO subtree yet (or it points outside RAM): nothing to follow
            return new Handover(fdtPa, incoming, r, null, 0, luoPa, null, 0, 0, null, null, List.of(), null, null, null);
        }
        boolean guess = purpose.recognisesGeneration();
        if (mem.u32(luoPa) != FDT_MAGIC_LE || !(guess || abi.luoIsFdt())) {
            Abi gen = guess ? generation(null, mem.cstring(luoPa, 8), abi) : abi;
            // an FDT-era kernel still reads it as an FDT (and fails on its magic): inspect says how
            return gen.luoIsFdt() ? withLuo(none, gen, luoPa, 0, null, 0, 0,
                    String.format("LUO subtree at 0x%x is not a LUO FDT", luoPa), null, List.of())
                    .withLuoFdt(parseFdt(mem, luoPa))
                    : readRaw(mem, none, luoPa, gen, purpose);
        }
        FdtParseResult lr = parseFdt(mem, luoPa);
        if (!lr.isOk()) {
            return withLuo(none, abi, luoPa, 0, null, 0, 0,
                    String.format("LUO FDT at 0x%x does not parse: %s", luoPa, lr), null, List.of()).withLuoFdt(lr);
        }
        FdtNode luo = lr.tree().get().root();
        Abi gen = guess ? generation(luo, null, abi) : abi;
        Handover h = switch (gen.rootFormat()) {
            case FDT_SESSION_ARRAY -> HandoverPreReader.read(mem, none, luoPa, luo, gen, purpose);
            case FDT_ABI_HEADER -> HandoverV2Reader.read(mem, none, luoPa, luo, gen, purpose);
            case RAW_BLOB -> withLuo(none, gen, luoPa, 0, null, 0, 0,
                    String.format("LUO subtree at 0x%x is an FDT, not a raw luo_ser", luoPa), null, List.of());
        };
        return h.withLuoFdt(lr);
    }

    /** The first four bytes of an FDT (0xd00dfeed, big-endian) read as a little-endian u32. */
    private static final long FDT_MAGIC_LE = 0xedfe0dd0L;

    /**
     * The generation that wrote the LUO subtree: the one whose compatible it carries; failing
     * that (a damaged compatible) the shape of the LUO FDT (luo-abi-header: series v2;
     * luo-session: pre-series), else {@code expected} if its format fits.
     */
    static Abi generation(FdtNode luoFdt, String rawCompat, Abi expected) {
        boolean fdt = luoFdt != null;
        String compat = fdt ? luoFdt.getString("compatible").orElse("") : rawCompat;
        for (Abi a : Abi.ALL) {
            if (a.luoIsFdt() == fdt && a.luoCompatible().equals(compat)) {
                return a;
            }
        }
        if (expected.luoIsFdt() == fdt) {
            return expected;
        }
        if (!fdt) {
            return Abi.V7;
        }
        return luoFdt.child(HandoverPreReader.SESSION_NODE).isPresent() ? Abi.PRE_SERIES : Abi.SEEDS_V2;
    }

    /** v7 "luo-v5": luo_ser is the raw blob; sessions_pa heads the session chain. */
    private static Handover readRaw(PhysicalMemory mem, Handover kho, long serPa, Abi gen, ReadPurpose purpose) {
        String compat = mem.cstring(serPa, 8);
        long num = mem.u64(serPa + Layouts.LUO_SER.offset("liveupdate_num"));
        long sessionsPa = mem.u64(serPa + Layouts.LUO_SER.offset("sessions_pa"));
        long flbs = mem.u64(serPa + Layouts.LUO_SER.offset("flbs_pa"));
        Chain sessions = BlockChainReader.walk(mem, "sessions", sessionsPa, ChainLayout.sessions(gen), gen);
        return withLuo(kho, gen, 0, serPa, compat, num, flbs, null, sessions, BlockChainReader.entries(mem, sessions, gen, purpose));
    }

    /** {@code kho}'s KHO FDT fields with what its LUO subtree led to. */
    static Handover withLuo(Handover kho, Abi gen, long luoFdtPa, long luoSerPa, String compat, long num, long flbs,
            String problem, Chain sessions, List<SessionEntry> entries) {
        return new Handover(kho.fdtPa(), kho.incoming(), kho.fdtParsed(), gen, luoFdtPa, luoSerPa, compat, num,
                flbs, problem, sessions, List.copyOf(entries), kho.luoFdtParsed(), kho.flbs(), kho.kexecMetadata());
    }

    /** This handover with other chains (live chains before serialize, or a filtered list). */
    public Handover withChains(Chain sessions, List<SessionEntry> entries) {
        return new Handover(fdtPa, incoming, fdtParsed, generation, luoFdtPa, luoSerPa, compatible, liveupdateNum,
                flbsPa, luoProblem, sessions, List.copyOf(entries), luoFdtParsed, flbs, kexecMetadata);
    }

    /** This handover with the LUO subtree parsed as a LUO FDT (series v2, pre-series) for the FDT view and inspect. */
    Handover withLuoFdt(FdtParseResult luo) {
        return new Handover(fdtPa, incoming, fdtParsed, generation, luoFdtPa, luoSerPa, compatible, liveupdateNum,
                flbsPa, luoProblem, sessions, entries, luo, flbs, kexecMetadata);
    }

    /**
     * A one-page FDT at {@code pa}, parsed in place: libfdt's buffer is the page, or what is left of
     * RAM after {@code pa} when that is less (so a header claiming more is TRUNCATED, as for a blob
     * copied out of the image).
     */
    static FdtParseResult parseFdt(PhysicalMemory mem, long pa) {
        int room = mem.contains(pa, 1) ? (int) Math.min(PhysicalMemory.PAGE_SIZE, mem.end() - pa) : PhysicalMemory.PAGE_SIZE;
        return FdtReader.parse(addr -> addr >= 0 && addr < room
                && mem.contains(pa + addr, 1) ? mem.u8(pa + addr) : -1, 0, room);
    }

    /** Walks a v7 block chain (1-page blocks of {@code capacity} entries) as kho_block_set_restore would. */
    public static Chain chain(PhysicalMemory mem, String name, long head, int capacity) {
        ChainLayout layout = new ChainLayout(false, Abi.V7.blockSize(), capacity, name.startsWith("files") ? "files" : "sessions");
        return BlockChainReader.walk(mem, name, head, layout, Abi.V7);
    }
}

package luolab.export;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.handover.BlockChainReader;
import luolab.engine.handover.ChainEnd;
import luolab.engine.handover.Handover;
import luolab.engine.handover.KexecMetadata;
import luolab.engine.handover.LuoFileSer;
import luolab.engine.handover.LuoFlbs;
import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.handover.ReadPurpose;
import luolab.engine.kho.Kho;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;

/**
 * Places the handover structures in physical memory for the ImHex pattern, as the engine's one
 * handover reader ({@link Handover#read} with {@link ReadPurpose#EXPORT}) found them from bytes:
 * KHO root FDT → "LUO" subtree (luo_ser, or the FDT era's LUO FDT) → session chain or array →
 * each session's file chain or array → its luo_file_ser entries ({@link LuoFileSer}) → each
 * memfd's memfd_luo_ser, vmalloc chunks and folio array ({@link MemfdLuoSer}); the FLB header
 * and entries ({@link LuoFlbs}), the radix root and the kexec metadata ({@link KexecMetadata}).
 * Reads no LUO or KHO struct itself (only an FDT header's totalsize, to size its placement).
 * Never throws on corrupted bytes: chains stop at a cycle, at a PA outside RAM or at Floyd's
 * step limit, as the engine's {@link BlockChainReader} walks them; entry counts are clamped to
 * the block capacity ({@link Handover.Block#entries()}).
 */
public final class HandoverStructs {
    /** At most this many placements (a 1,000,000-file run would otherwise make a huge pattern). */
    public static final int MAX_PLACEMENTS = 4000;

    private final PhysicalMemory mem;
    /** The next kernel's generation: the reader's fallback when the LUO subtree's own is not recognised. */
    private final Abi abi;
    private final List<Placement> out = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int dropped;

    /** What was found, and notes about what could not be placed. */
    public record Result(long fdtPa, List<Placement> placements, List<String> notes, int dropped) {
        public Placement find(String name) {
            return placements.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }

        public List<Placement> ofType(String type) {
            return placements.stream().filter(p -> p.type().equals(type)).toList();
        }
    }

    private HandoverStructs(PhysicalMemory mem, Abi abi) {
        this.mem = mem;
        this.abi = abi;
    }

    /** Walks the handover that starts at the KHO root FDT at {@code fdtPa}. */
    public static Result walk(PhysicalMemory mem, long fdtPa, Abi abi) {
        HandoverStructs w = new HandoverStructs(mem, abi == null ? Abi.V7 : abi);
        w.fromFdt(fdtPa);
        return new Result(fdtPa, List.copyOf(w.out), List.copyOf(w.notes), w.dropped);
    }

    /** Walks from the KHO root FDT found through page metadata (the outgoing one if there are two), or reports none. */
    public static Result walk(PhysicalMemory mem, Abi abi) {
        long fdt = findKhoFdt(mem);
        if (fdt < 0) {
            return new Result(-1, List.of(), List.of("no KHO root FDT page in memory at this point"), 0);
        }
        return walk(mem, fdt, abi);
    }

    /** PA of the KHO root FDT page: an outgoing one if present, else the incoming one; -1 if none. */
    public static long findKhoFdt(PhysicalMemory mem) {
        long incoming = -1;
        for (long i = 0; i < mem.nrPages(); i++) {
            long pfn = mem.basePfn() + i;
            long m = mem.meta(pfn);
            if (PageMeta.kind(m) != OwnerKind.KHO_FDT || !PageMeta.head(m)) {
                continue;
            }
            PageState st = PageMeta.state(m);
            if (st == PageState.FREE || st == PageState.POISONED) {
                continue;
            }
            if (st == PageState.INCOMING) {
                incoming = incoming < 0 ? PhysicalMemory.pa(pfn) : incoming;
            } else {
                return PhysicalMemory.pa(pfn);
            }
        }
        return incoming;
    }

    private boolean in(long pa, long len) {
        return pa != 0 && len > 0 && mem.contains(pa, len);
    }

    private void place(Placement p) {
        if (out.size() >= MAX_PLACEMENTS) {
            dropped++;
            return;
        }
        String n = p.name();
        int k = 2;
        while (!names.add(n)) {
            n = p.name() + "_" + k++;
        }
        out.add(n.equals(p.name()) ? p : new Placement(p.type(), p.count(), p.array(), p.pa(), n, p.comment()));
    }

    /** The identifier a session name becomes in placement names ("files_<identifier>_block_0"). */
    public static String identifier(String s) {
        return ident(s);
    }

    static String ident(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.length() > 48 ? b.substring(0, 48) : b.toString();
    }

    private static String hex(long v) {
        return String.format("0x%x", v);
    }

    private void fromFdt(long fdtPa) {
        if (!in(fdtPa, 40)) {
            notes.add("KHO root FDT at " + hex(fdtPa) + " is outside RAM");
            return;
        }
        // the one read of the image's handover: FDTs, luo_ser, chains and every entry (EXPORT: in the
        // layout of the generation that wrote it, restorable or not)
        Handover h = Handover.read(mem, fdtPa, false, abi, ReadPurpose.EXPORT);
        FdtParseResult r = h.fdtParsed();
        int total = fdtSize(fdtPa);
        place(Placement.array("u8", total, fdtPa, "kho_root_fdt", "KHO root FDT (a big-endian DTB, " + total
                + " bytes; the tree is in kho.dtb / kho.dts)"));
        if (!r.isOk()) {
            notes.add("the KHO root FDT does not parse: " + r.detail());
            return;
        }
        FdtNode root = r.tree().get().root();
        long radix = root.getU64LE("preserved-memory-map").orElse(0);
        if (in(radix, PhysicalMemory.PAGE_SIZE)) {
            place(Placement.one("kho_radix_node", radix, "kho_radix_root",
                    "root of KHO's preserved-memory radix tree (FDT preserved-memory-map)"));
        }
        for (FdtNode sub : root.children()) {
            long pa = sub.getU64LE("preserved-data").orElse(0);
            long size = sub.getU64LE("blob-size").orElse(-1);
            if (sub.name().equals(Kho.KEXEC_METADATA)) {
                // the reader's kho_kexec_metadata: placed when the whole struct is in RAM
                KexecMetadata meta = h.kexecMetadata();
                if (meta != null && meta.inRam()) {
                    place(Placement.one("kho_kexec_metadata", meta.pa(), "kexec_metadata", "KHO subtree \"kexec-metadata\", blob-size "
                            + meta.blobSize()));
                }
            } else if (sub.name().equals("LUO")) {
                luo(h, pa, size);
            } else if (in(pa, 1)) {
                notes.add("KHO subtree \"" + sub.name() + "\" at " + hex(pa) + " (" + size + " bytes) is not an LUO structure; not placed");
            }
        }
    }

    /**
     * The "LUO" subtree in the layout of the generation that wrote it, as the engine's reader
     * ({@link Handover#read}) recognised it from its bytes: v7's raw luo_ser, series v2's LUO FDT
     * and 24-byte luo_ser, or the pre-series LUO FDT and fixed session array.
     */
    private void luo(Handover h, long pa, long size) {
        if (!in(pa, Layouts.LUO_SER.size())) {
            notes.add("the LUO subtree's preserved-data " + hex(pa) + " is outside RAM");
            return;
        }
        Abi gen = h.generation() == null ? abi : h.generation();
        if (!gen.luoIsFdt()) {
            String compat = h.compatible() == null ? "" : h.compatible();
            if (!compat.startsWith("luo-v5")) {
                // luo_early_startup panics on a foreign compatible: nothing past it is read
                place(Placement.array("u8", (int) Math.max(1, Math.min(size, PhysicalMemory.PAGE_SIZE)), pa, "luo_blob",
                        "KHO subtree \"LUO\" (" + (compat.isEmpty() ? "no compatible" : "\"" + compat + "\"")
                                + "): not a luo_ser layout this pattern describes"));
                notes.add("the LUO blob is \"" + compat + "\", not \"luo-v5\": its chains are not placed");
                return;
            }
            place(Placement.one("luo_ser", pa, "luo", "luo_ser, KHO subtree \"LUO\" (blob-size " + size + ")"));
        } else {
            place(Placement.array("u8", fdtSize(pa), pa, "luo_fdt", "LUO FDT of " + gen.title()
                    + " (a big-endian DTB; the tree is in kho.dts)"));
            if (in(h.luoSerPa(), Layouts.LUO_SER_V2.size())) {
                place(Placement.array("u64", 3, h.luoSerPa(), "luo_ser_v2",
                        "series v2 luo_ser {liveupdate_num, sessions_pa, flbs_pa} (LUO FDT luo-abi-header)"));
            }
        }
        if (h.luoProblem() != null) {
            notes.add(h.luoProblem());
        }
        if (h.sessions() != null) {
            sessions(h.sessions(), h.entries(), gen);
        }
        flbs(h.flbs());
    }

    /** An FDT's totalsize (big-endian at offset 4), at least its 40-byte header, at most what is left of its page. */
    private int fdtSize(long pa) {
        long room = Math.min(PhysicalMemory.PAGE_SIZE, mem.end() - pa);
        long total = ((long) mem.u8(pa + 4) << 24) | (mem.u8(pa + 5) << 16) | (mem.u8(pa + 6) << 8) | mem.u8(pa + 7);
        return (int) Math.min(room, Math.max(40, total));
    }

    /** The session chain (or pre-series array) and, session by session, its files ({@code sessions}: every entry the reader listed). */
    private void sessions(Handover.Chain chain, List<Handover.SessionEntry> sessions, Abi gen) {
        noteEnd(chain, "session", gen);
        int next = 0;
        for (int b = 0; b < chain.blocks().size(); b++) {
            Handover.Block block = chain.blocks().get(b);
            String count = Long.toUnsignedString(block.count());
            place(chain.layout().array() ? Placement.one("luo_session_header_ser", block.pa(), "session_array_header",
                    "pre-series session array (" + chain.layout().size() + ", at most " + block.capacity() + "): count=" + count)
                    : Placement.one("kho_block_header_ser", block.pa(), "session_block_" + b,
                            String.format("session block %d: next=%s count=%s", b, hex(block.next()), count)));
            int n = (int) block.entries();
            if (n == 0) {
                continue;
            }
            long e0 = chain.layout().entryPa(block.pa(), 0);
            long end = chain.layout().entryPa(block.pa(), n);
            place(Placement.array("luo_session_ser", n, e0, "sessions_" + b, "the " + n + " luo_session_ser entries of " + (chain.layout().array() ? "the session array" : "session block " + b)
                    + (Long.compareUnsigned(block.count(), n) > 0 ? " (count " + count + " is over the capacity " + n + ")" : "")));
            // entries() lists this block's sessions next, in order (fewer if the block runs out of RAM)
            while (next < sessions.size() && sessions.get(next).pa() >= e0 && sessions.get(next).pa() < end) {
                files(sessions.get(next++), gen);
            }
        }
    }

    /**
     * The FLB header and its entries as the reader read them. The entry array is placed for the
     * header's count, a u64 read unsigned and capped at the one page's {@link LuoFlbs#PER_PAGE}
     * entries as the reader (and so inspect) caps it, whether or not the entries are in RAM: the
     * pattern shows where luo_flb_setup_incoming() would look. Taken as signed, a count of 2^63 or
     * more placed no entry while inspect listed a page of them.
     */
    private void flbs(LuoFlbs flbs) {
        if (flbs == null || !flbs.headerRead()) {
            return;
        }
        long count = flbs.count();
        place(Placement.one("luo_flb_header_ser", flbs.pa(), "flb_header", "FLB header: pgcnt=" + Long.toUnsignedString(flbs.pgcnt())
                + " count=" + Long.toUnsignedString(count)));
        int n = Long.compareUnsigned(count, LuoFlbs.PER_PAGE) > 0 ? LuoFlbs.PER_PAGE : (int) count;
        if (n > 0) {
            place(Placement.array("luo_flb_ser", n, flbs.pa() + Layouts.FLB_HEADER.size(), "flbs", n + " luo_flb_ser entries"));
        }
    }

    /** A session's file chain (or pre-series file array, which has no header) and the memfds its entries point at. */
    private void files(Handover.SessionEntry entry, Abi gen) {
        String session = entry.name();
        Handover.Chain chain = entry.files();
        noteEnd(chain, "file of " + session, gen);
        String s = ident(session);
        for (int b = 0; b < chain.blocks().size(); b++) {
            Handover.Block block = chain.blocks().get(b);
            if (!chain.layout().array()) {
                place(Placement.one("kho_block_header_ser", block.pa(), "files_" + s + "_block_" + b, String.format(
                        "file block %d of session \"%s\": next=%s count=%s", b, session, hex(block.next()),
                        Long.toUnsignedString(block.count()))));
            }
            int n = (int) block.entries();
            if (n == 0) {
                continue;
            }
            long e0 = chain.layout().entryPa(block.pa(), 0);
            place(Placement.array("luo_file_ser", n, e0, "files_" + s + "_" + b, n + " luo_file_ser entries of session \"" + session + "\""));
            LuoFileSer.Entries read = LuoFileSer.read(mem, chain.layout(), block);
            for (LuoFileSer f : read.entries()) {
                if (f.compatible().startsWith("memfd")) {
                    MemfdLuoSer m = MemfdLuoSer.read(mem, f.data());
                    if (m.serRead()) {
                        memfd(session, f.token(), m);
                    }
                }
            }
            if (read.problem() != null) {
                notes.add("file of " + session + ": " + read.problem());
            }
        }
    }

    /**
     * A memfd_luo_ser the reader read, its kho_vmalloc_chunk pages and the runs of
     * memfd_luo_folio_ser its chunks' phys words point at: one run per phys word, a page of
     * 2^order (at most 2^10) pages holding nr_folios entries between them.
     */
    private void memfd(String session, long token, MemfdLuoSer m) {
        String base = "memfd_" + ident(session) + "_" + Long.toHexString(token);
        long nr = m.nrFolios();
        place(Placement.one("memfd_luo_ser", m.serPa(), base, String.format("memfd_luo_ser of session \"%s\" token 0x%x: size=%s nr_folios=%s",
                session, token, Long.toUnsignedString(m.size()), Long.toUnsignedString(nr))));
        // nr_folios is a u64: 2^63 or more is a huge count (runs for every phys word), not none;
        // capped where inspect's reader stops, so the export places the entries inspect lists
        long left = Long.compareUnsigned(nr, MemfdLuoSer.MAX_FOLIOS) > 0 ? MemfdLuoSer.MAX_FOLIOS : nr;
        int c = 0;
        int run = 0;
        for (MemfdLuoSer.VmallocChunk chunk : m.chunks()) {
            place(Placement.one("kho_vmalloc_chunk", chunk.pa(), base + "_chunk_" + c, "KHO vmalloc chunk " + c + " of the folio array"));
            for (int i = 0; i < chunk.phys().size() && left > 0; i++) {
                long data = chunk.phys().get(i);
                long bytes = (long) PhysicalMemory.PAGE_SIZE << Math.min(m.vmOrder(), 10);
                int n = (int) Math.min(left, bytes / Layouts.MEMFD_FOLIO_SER.size());
                if (in(data, (long) n * Layouts.MEMFD_FOLIO_SER.size())) {
                    place(Placement.array("memfd_luo_folio_ser", n, data, base + "_folios_" + run, n + " memfd_luo_folio_ser ("
                            + "vmalloc page run " + run + " of the folio array)"));
                }
                left -= n;
                run++;
            }
            c++;
        }
    }

    /** A note when the engine's walk of {@code chain} stopped short of a null {@code next}. */
    private void noteEnd(Handover.Chain chain, String what, Abi gen) {
        switch (ChainEnd.of(chain, gen)) {
            case CYCLE -> notes.add(what + " chain: block " + (chain.blocks().size() - 1) + " points back to block " + chain.cycleTo()
                    + " (a cycle)");
            case OUTSIDE_RAM -> notes.add(what + " chain: next " + hex(chain.endPa()) + " is outside RAM");
            case STEP_LIMIT -> notes.add(what + " chain: longer than " + chain.blocks().size() + " blocks (Floyd's step limit)");
            case NULL_NEXT -> {
            }
        }
    }
}

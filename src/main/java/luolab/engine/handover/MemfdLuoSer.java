package luolab.engine.handover;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/**
 * A memfd's preserved state as read from bytes: memfd_luo_ser {pos, size, seals, flags,
 * nr_folios, folios (a kho_vmalloc: first, total_pages, flags, order)}, the chain of
 * kho_vmalloc_chunk pages its folio array was preserved in (each a {@code next} then up to 511
 * {@code phys} words, a zero ending the list, as kho_restore_vmalloc() walks them), and the
 * memfd_luo_folio_ser entries {pfn:52 flags:12, index} in those pages (kernel-luo.md, memfd).
 * Bounded and tolerant: a chunk outside RAM, a chunk seen twice or {@link #MAX_CHUNKS} chunks end
 * the walk and {@code problem} says which; never throws on corrupted bytes.
 *
 * @param serRead whether memfd_luo_ser itself is in RAM (else every field but {@code serPa} is 0)
 * @param problem why the struct or its chunk chain could not be read to the end, or null
 */
public record MemfdLuoSer(long serPa, boolean serRead, long pos, long size, long seals, long flags, long nrFolios, long vmFirst,
        long vmTotalPages, int vmFlags, int vmOrder, List<VmallocChunk> chunks, List<Folio> folios, String problem) {

    /** Chunks followed at most (each holds 511 array pages: far beyond any memfd the lab preserves). */
    public static final int MAX_CHUNKS = 1024;
    /**
     * memfd_luo_folio_ser entries listed at most, by this reader (inspect) and by the ImHex export
     * alike, so that both show the same entries for any nr_folios: a bound on what an inspector
     * lists (2^16 folios is 256 MiB of 4 KiB pages, the default RAM), not a kernel limit.
     */
    public static final int MAX_FOLIOS = 1 << 16;
    /** kho_vmalloc_chunk: a {@code next} word, then this many phys words. */
    public static final int CHUNK_PHYS = 511;
    /** memfd_luo_folio_ser entries in one 4 KiB array page. */
    public static final int FOLIOS_PER_PAGE = PhysicalMemory.PAGE_SIZE / 16;

    /** One kho_vmalloc_chunk page and the non-zero phys words it lists, in order. */
    public record VmallocChunk(long pa, List<Long> phys) {
    }

    /** One memfd_luo_folio_ser: where it sits in the array, the folio's PA (pfn), its flags and page index. */
    public record Folio(long entryPa, long pa, long flags, long index) {
    }

    /** Every phys word of every chunk read: the pages holding the folio array. */
    public List<Long> arrayPages() {
        List<Long> out = new ArrayList<>();
        for (VmallocChunk c : chunks) {
            out.addAll(c.phys());
        }
        return out;
    }

    /**
     * The memfd_luo_ser at {@code ser}: when it is not in RAM, only {@code serPa} and
     * {@code problem} are set. The chunk chain is read from {@code folios.first} whatever
     * nr_folios says (an image inspector shows what is there); the folio entries only up to
     * nr_folios (unsigned, at most {@link #MAX_FOLIOS}), 256 to an array page.
     */
    public static MemfdLuoSer read(PhysicalMemory mem, long ser) {
        if (!mem.contains(ser, Layouts.MEMFD_SER.size())) {
            return new MemfdLuoSer(ser, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                    String.format("memfd_luo_ser 0x%x" + BlockChainReader.OUTSIDE_RAM, ser));
        }
        byte[] b = mem.read(ser, Layouts.MEMFD_SER.size());
        long nr = LittleEndian.u64(b, Layouts.MEMFD_SER.offset("nr_folios"));
        long first = LittleEndian.u64(b, Layouts.MEMFD_SER.offset("folios.first"));
        List<VmallocChunk> chunks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        String problem = null;
        long c = first;
        while (c != 0) {
            if (!mem.contains(c, PhysicalMemory.PAGE_SIZE)) {
                problem = String.format("kho_vmalloc_chunk 0x%x" + BlockChainReader.OUTSIDE_RAM, c);
                break;
            }
            if (!seen.add(c)) {
                problem = String.format("kho_vmalloc_chunk 0x%x is listed twice (a cycle)", c);
                break;
            }
            if (chunks.size() >= MAX_CHUNKS) {
                problem = "more than " + MAX_CHUNKS + " kho_vmalloc_chunk pages";
                break;
            }
            List<Long> phys = new ArrayList<>();
            for (int i = 0; i < CHUNK_PHYS; i++) {
                long p = mem.u64(c + 8 + 8L * i);
                if (p == 0) {
                    break;
                }
                phys.add(p);
            }
            chunks.add(new VmallocChunk(c, List.copyOf(phys)));
            c = mem.u64(c);
        }
        MemfdLuoSer m = new MemfdLuoSer(ser, true, LittleEndian.u64(b, Layouts.MEMFD_SER.offset("pos")),
                LittleEndian.u64(b, Layouts.MEMFD_SER.offset("size")), LittleEndian.u32(b, Layouts.MEMFD_SER.offset("seals")),
                LittleEndian.u32(b, Layouts.MEMFD_SER.offset("flags")), nr, first,
                LittleEndian.u32(b, Layouts.MEMFD_SER.offset("folios.total_pages")),
                LittleEndian.u16(b, Layouts.MEMFD_SER.offset("folios.flags")),
                LittleEndian.u16(b, Layouts.MEMFD_SER.offset("folios.order")), List.copyOf(chunks), List.of(), problem);
        return m.withFolios(folios(mem, m.arrayPages(), nr));
    }

    private MemfdLuoSer withFolios(List<Folio> f) {
        return new MemfdLuoSer(serPa, serRead, pos, size, seals, flags, nrFolios, vmFirst, vmTotalPages, vmFlags, vmOrder, chunks, f, problem);
    }

    /**
     * The first nr_folios (unsigned, at most {@link #MAX_FOLIOS}) memfd_luo_folio_ser entries in
     * {@code pages}, 256 to a page; stops at an entry outside RAM.
     */
    private static List<Folio> folios(PhysicalMemory mem, List<Long> pages, long nr) {
        List<Folio> out = new ArrayList<>();
        long max = Math.min(Long.compareUnsigned(nr, MAX_FOLIOS) > 0 ? MAX_FOLIOS : nr, (long) pages.size() * FOLIOS_PER_PAGE);
        for (long i = 0; i < max; i++) {
            long at = pages.get((int) (i / FOLIOS_PER_PAGE)) + (i % FOLIOS_PER_PAGE) * Layouts.MEMFD_FOLIO_SER.size();
            if (!mem.contains(at, Layouts.MEMFD_FOLIO_SER.size())) {
                break;
            }
            long word = mem.u64(at);
            // pfn:52 in the low bits, flags:12 above it (memfd_luo_folio_ser)
            out.add(new Folio(at, PhysicalMemory.pa(word & ((1L << 52) - 1)), word >>> 52, mem.u64(at + 8)));
        }
        return List.copyOf(out);
    }
}

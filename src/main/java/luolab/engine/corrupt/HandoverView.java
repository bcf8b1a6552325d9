package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.handover.MemfdLuoSer;

/**
 * What an injector can aim at, found the way the next kernel would find it: by reading bytes
 * from the KHO FDT onwards (stage HANDOVER), from the new kernel's incoming session blocks
 * (INCOMING), or from the old kernel's live block sets (LIVE, where entries are not written yet).
 * Every walk is bounded and stops at the first pointer that leaves RAM or loops. Read in the
 * layout of {@code abi}, the generation of the kernel that wrote the handover: v7's raw luo_ser,
 * series v2's LUO FDT → 24-byte luo_ser → 2-page blocks, or the pre-series LUO FDT → session array
 * (one {@link Block} with next 0) → per-session file arrays (see {@link StoreGeometry}).
 */
public record HandoverView(
        Stage stage,
        long fdtPa,
        byte[] fdtBlob,
        FdtNode fdtRoot,
        String fdtProblem,
        long radixRoot,
        long luoSerPa,
        long luoBlobSize,
        long sessionsPa,
        long flbsPa,
        long kexecMetadataPa,
        List<Block> sessionBlocks,
        String sessionChainProblem,
        List<Session> sessions,
        List<RadixNode> radixNodes,
        Abi abi,
        long luoFdtPa) {

    /** How this generation stores entries: linked blocks (v7, v2) or fixed arrays (pre-series). */
    public StoreGeometry geometry() {
        return StoreGeometry.of(abi);
    }

    /** A block as its header reads: {@code next} and {@code count}. */
    public record Block(long pa, long next, long count) {
    }

    /**
     * A session: its luo_session_ser entry (0 before serialize), name, file_set_ser and file chain.
     */
    public record Session(long entryPa, String name, long filesPa, long fileCount, List<Block> fileBlocks,
            String fileChainProblem, List<File> files) {
    }

    /** A file: its luo_file_ser entry (0 before serialize) and, for memfds, the memfd_luo_ser it points at. */
    public record File(long entryPa, String compatible, long data, long token, Memfd memfd) {
    }

    /**
     * A memfd as an injector may aim at it: the reader's memfd_luo_ser ({@code ser}) and, of the
     * vmalloc chunks the reader followed, at most {@link #MAX_CHUNKS} with their array pages and
     * the folio entries in those pages. No chunk at all when nr_folios is 0: an empty memfd
     * preserved no folio array, so whatever folios.first holds is nothing an injector should aim at.
     */
    public record Memfd(MemfdLuoSer ser, List<Long> chunks, List<Long> arrayPages, List<MemfdLuoSer.Folio> folios) {
        /** vmalloc chunks an injector sees per memfd (511 array pages each: far beyond any memfd a scenario preserves). */
        static final int MAX_CHUNKS = 64;

        /** The targets in {@code m}, which the reader found in RAM ({@link MemfdLuoSer#serRead()}). */
        static Memfd of(MemfdLuoSer m) {
            List<MemfdLuoSer.VmallocChunk> read = m.nrFolios() == 0 ? List.of() : m.chunks().subList(0, Math.min(MAX_CHUNKS, m.chunks().size()));
            List<Long> chunks = new ArrayList<>();
            List<Long> pages = new ArrayList<>();
            for (MemfdLuoSer.VmallocChunk c : read) {
                chunks.add(c.pa());
                pages.addAll(c.phys());
            }
            // the reader lists folios over every chunk it followed: keep those in these chunks' pages
            long inPages = (long) pages.size() * MemfdLuoSer.FOLIOS_PER_PAGE;
            return new Memfd(m, List.copyOf(chunks), List.copyOf(pages), m.folios().stream().limit(inPages).toList());
        }

        public long serPa() {
            return ser.serPa();
        }

        public long size() {
            return ser.size();
        }

        public long seals() {
            return ser.seals();
        }

        public long nrFolios() {
            return ser.nrFolios();
        }
    }

    /** A radix-tree node page and its level (5 = root … 0 = bitmap leaf). */
    public record RadixNode(long pa, int level) {
    }

    public Session session(String name) {
        for (Session s : sessions) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The first session holding any file, or null. */
    public Session firstSessionWithFiles() {
        for (Session s : sessions) {
            if (!s.files().isEmpty() || !s.fileBlocks().isEmpty()) {
                return s;
            }
        }
        return null;
    }
}

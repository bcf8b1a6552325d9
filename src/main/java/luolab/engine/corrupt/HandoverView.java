package luolab.engine.corrupt;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;

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

    /** memfd_luo_ser and the preserved vmalloc area holding its folio array. */
    public record Memfd(long serPa, long pos, long size, long seals, long flags, long nrFolios, long vmFirst, long vmTotalPages,
            int vmFlags, int vmOrder, List<Long> chunks, List<Long> arrayPages, List<Folio> folios) {
    }

    /** One memfd_luo_folio_ser: where it sits in the array and the folio it names. */
    public record Folio(long entryPa, long pa, long flags, long index) {
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

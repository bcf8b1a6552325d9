package luolab.engine.abi;

/**
 * Everything about LUO/KHO that changed between kernel generations, in one place per generation,
 * so one machine can boot kernels of different generations and hand over between them.
 * Facts: shared/docs/kernel-luo.md §0-§1 and §4 (the v7 series as merged), the seeds for the
 * older rounds. The merged series (v7) is the default.
 */
public record Abi(
        String id,
        String title,
        String khoCompatible,
        String luoCompatible,
        RootFormat rootFormat,
        int blockPages,
        int sessionEntrySize,
        int fileEntrySize,
        int maxBlocks,
        boolean rejectZeroCount,
        String msgCyclic,
        String msgTooLong,
        String msgBadCount,
        String msgRetrieveFailed,
        String memfdCompatible,
        String blockLogPrefix) {

    /** How the next kernel finds LUO's root. */
    public enum RootFormat {
        /** Pre-series: LUO FDT "luo-v1", node luo-session with luo-session-header → contiguous arrays. */
        FDT_SESSION_ARRAY,
        /** Series v2: LUO FDT "luo-v2" with property luo-abi-header → 24-byte luo_ser. */
        FDT_ABI_HEADER,
        /** Series v3+ (merged v7): luo_ser is a raw KHO blob "LUO" with its compatible inside. */
        RAW_BLOB
    }

    public static final int BLOCK_HEADER_SIZE = 16;

    /*
     * luo_early_startup()'s pr_err for a kho_retrieve_subtree() error other than -ENOENT. While
     * "LUO" was a LUO FDT (luo-v1, luo-v2) it named an FDT; the patch that made luo_ser the raw
     * KHO blob (luo-v3 on, so v7) reworded it. %s is LUO_KHO_ENTRY_NAME, %pe the error.
     */
    static final String RETRIEVE_FDT = "failed to retrieve FDT '%s' from KHO: %pe";
    static final String RETRIEVE_LUO_STATE = "failed to retrieve LUO state '%s' from KHO: %pe";

    /*
     * pr_fmt of the block code: KBUILD_MODNAME ": ". v7 07/13 links kho_block.o into the composite
     * luo.o (luo-y in kernel/liveupdate/Makefile), as v2 did with luo_block.o, so KBUILD_MODNAME is
     * "luo" in every generation (not "kho_block"; only the unmerged RFC moves it to a kho-y).
     */
    static final String LUO_PR = "luo: ";

    /** The merged series: "luo-v5", "kho-v4", 1-page blocks (51 sessions / 63 files per block). */
    public static final Abi V7 = new Abi("v7", "merged v7 (luo-v5)", "kho-v4", "luo-v5", RootFormat.RAW_BLOB,
            1, 80, 64, 10000, true,
            "Block set is corrupted", "Block set is corrupted", "Block contains invalid entry count: %d",
            RETRIEVE_LUO_STATE, "memfd-v2", LUO_PR);

    /** The seeds' v2 round: "luo-v2" LUO FDT + 24-byte luo_ser, 2-page blocks (102 / 127 per block). */
    public static final Abi SEEDS_V2 = new Abi("v2", "series v2 (luo-v2)", "kho-v3", "luo-v2", RootFormat.FDT_ABI_HEADER,
            2, 80, 64, 10000, false,
            "Cyclic list detected", "Linked list too long", "Block contains too many entries: %d",
            RETRIEVE_FDT, "memfd-v2", LUO_PR);

    /** Before the series: "luo-v1" FDT, one 16-page session array (819 max), 2-page file arrays (128 max). */
    public static final Abi PRE_SERIES = new Abi("pre", "pre-series (luo-v1)", "kho-v3", "luo-v1", RootFormat.FDT_SESSION_ARRAY,
            0, 80, 64, 0, false, null, null, null, RETRIEVE_FDT, "memfd-v2", LUO_PR);

    public static final java.util.List<Abi> ALL = java.util.List.of(V7, SEEDS_V2, PRE_SERIES);

    public static Abi byId(String id) {
        for (Abi a : ALL) {
            if (a.id.equalsIgnoreCase(id)) {
                return a;
            }
        }
        return null;
    }

    /** luo_early_startup()'s message when kho_retrieve_subtree(name) fails with {@code err} (not -ENOENT). */
    public String retrieveFailed(String name, int err) {
        return msgRetrieveFailed.replace("%s", name).replace("%pe", luolab.engine.Errno.pe(err));
    }

    /**
     * Whether luo_session_deserialize() acts on luo_file_deserialize()'s error. The pre-series
     * code (torvalds luo_session.c @ 7f790dd2) calls it inside scoped_guard() and drops the
     * result: no message, the session stays with the files read so far, the loop goes on and the
     * first open succeeds. The series (v2 on; "liveupdate: propagate file deserialization
     * failures") prints "Failed to deserialize files for session [%s] %pe" and returns the error.
     */
    public boolean sessionChecksFileErrors() {
        return rootFormat != RootFormat.FDT_SESSION_ARRAY;
    }

    /** The FDT compatible of the LUO FDT (FDT-era generations only). */
    public boolean luoIsFdt() {
        return rootFormat != RootFormat.RAW_BLOB;
    }

    public int blockSize() {
        return blockPages * luolab.engine.memory.PhysicalMemory.PAGE_SIZE;
    }

    /** count_per_block = (KHO_BLOCK_SIZE - sizeof(header)) / entry_size. */
    public int perBlock(int entrySize) {
        return (blockSize() - BLOCK_HEADER_SIZE) / entrySize;
    }

    public int sessionsPerBlock() {
        return perBlock(sessionEntrySize);
    }

    public int filesPerBlock() {
        return perBlock(fileEntrySize);
    }

    /** Pre-series LUO_SESSION_PGCNT (16 pages) and LUO_FILE_PGCNT (2 pages). */
    public static final int PRE_SESSION_PGCNT = 16;
    public static final int PRE_FILE_PGCNT = 2;

    /** LUO_SESSION_MAX = (16*4096 - sizeof(luo_session_header_ser)) / 80 = 819. */
    public int preSessionMax() {
        return (PRE_SESSION_PGCNT * luolab.engine.memory.PhysicalMemory.PAGE_SIZE - 8) / sessionEntrySize;
    }

    /** LUO_FILE_MAX = 8192 / 64 = 128. */
    public int preFileMax() {
        return PRE_FILE_PGCNT * luolab.engine.memory.PhysicalMemory.PAGE_SIZE / fileEntrySize;
    }

    @Override
    public String toString() {
        return title;
    }
}

package luolab.engine.handover;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * How one generation stores a set of entries, so the chain view can say it: linked kho_blocks of
 * {@code bytes} each holding {@code slots} entries (v7: 1 page · 51 sessions; series v2: 2 pages
 * · 102 sessions), or, before the series, one fixed contiguous array of {@code slots} entries with
 * no {@code next} at all (16 pages · 819 sessions; 2 pages · 128 files per session).
 * The chain view draws it; the reader and the injectors find entries with it (kernel-luo.md §1.3).
 */
public record ChainLayout(boolean array, int bytes, int slots, String noun) {

    /** The session chain (or array) of {@code abi}. */
    public static ChainLayout sessions(Abi abi) {
        if (abi.rootFormat() == Abi.RootFormat.FDT_SESSION_ARRAY) {
            return new ChainLayout(true, Abi.PRE_SESSION_PGCNT * PhysicalMemory.PAGE_SIZE, abi.preSessionMax(), "sessions");
        }
        return new ChainLayout(false, abi.blockSize(), abi.sessionsPerBlock(), "sessions");
    }

    /** One session's file chain (or array) of {@code abi}. */
    public static ChainLayout files(Abi abi) {
        if (abi.rootFormat() == Abi.RootFormat.FDT_SESSION_ARRAY) {
            return new ChainLayout(true, Abi.PRE_FILE_PGCNT * PhysicalMemory.PAGE_SIZE, abi.preFileMax(), "files");
        }
        return new ChainLayout(false, abi.blockSize(), abi.filesPerBlock(), "files");
    }

    /** True for a session store, false for one session's files. */
    public boolean sessions() {
        return noun.equals("sessions");
    }

    /**
     * Bytes before the first entry: a kho_block_header_ser {next, count} (16); before the series
     * the session array's luo_session_header_ser {count} (8), and nothing before a file array.
     */
    public int header() {
        if (!array) {
            return Abi.BLOCK_HEADER_SIZE;
        }
        return sessions() ? Layouts.SESSION_HEADER_V1.size() : 0;
    }

    /** luo_session_ser (80 bytes) or luo_file_ser (64 bytes). */
    public int entrySize() {
        return sessions() ? Layouts.SESSION_SER.size() : Layouts.FILE_SER.size();
    }

    /** PA of entry {@code i} in the block (or array) at {@code blockPa}. */
    public long entryPa(long blockPa, long i) {
        return blockPa + header() + i * entrySize();
    }

    public int pages() {
        return bytes / PhysicalMemory.PAGE_SIZE;
    }

    /** "1 page", "2 pages", "16 pages". */
    public String size() {
        return pages() + (pages() == 1 ? " page" : " pages");
    }

    /** The row's second line: "3 blocks" for a chain, "array of 819 sessions" for a fixed array. */
    public String headline(int blocks) {
        return array ? "array of " + slots + " " + noun : blocks + (blocks == 1 ? " block" : " blocks");
    }

    /** The row's third line: "2 pages · 102 slots" per block, or the array's extent. */
    public String detail() {
        return array ? size() + ", fixed, no next" : size() + " · " + slots + " slots";
    }
}

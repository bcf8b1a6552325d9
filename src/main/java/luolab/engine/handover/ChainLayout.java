package luolab.engine.handover;

import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;

/**
 * How one generation stores a set of entries, so the chain view can say it: linked kho_blocks of
 * {@code bytes} each holding {@code slots} entries (v7: 1 page · 51 sessions; series v2: 2 pages
 * · 102 sessions), or, before the series, one fixed contiguous array of {@code slots} entries with
 * no {@code next} at all (16 pages · 819 sessions; 2 pages · 128 files per session).
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

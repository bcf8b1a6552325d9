package luolab.engine.corrupt;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * How one ABI generation stores session and file entries in preserved memory, so the reader and
 * the injectors can find entries and capacities from bytes (kernel-luo.md §1.3, §4):
 * <ul>
 * <li>v7: linked 1-page kho_blocks, 16-byte header {next, count}, 51 sessions / 63 files per block;</li>
 * <li>series v2 (seed 002 luo_block.c): linked 2-page blocks, same header, 102 / 127 per block;</li>
 * <li>pre-series: no links at all — one 16-page session array whose 8-byte header is the count
 * (LUO_SESSION_MAX 819), and per session one 2-page file array with no header (LUO_FILE_MAX 128),
 * its count kept in luo_session_ser.file_set_ser.count.</li>
 * </ul>
 * The UI has its own copy of these facts ({@code luolab.ui.model.ChainLayout}); see docs/corruption-catalog.md.
 *
 * @param linked       true when entries live in kho_block chains with a next pointer
 * @param sessionHdr   bytes before the first session entry of a block (16) or of the array (8)
 * @param fileHdr      bytes before the first file entry of a block (16) or of the array (0)
 * @param sessionCap   sessions per block, or LUO_SESSION_MAX
 * @param fileCap      files per block, or LUO_FILE_MAX
 * @param sessionBytes size of one session block or of the session array
 * @param fileBytes    size of one file block or of a file array
 */
public record StoreGeometry(boolean linked, int sessionHdr, int fileHdr, int sessionCap, int fileCap, int sessionBytes,
        int fileBytes) {

    public static StoreGeometry of(Abi abi) {
        if (abi.rootFormat() == Abi.RootFormat.FDT_SESSION_ARRAY) {
            return new StoreGeometry(false, Layouts.SESSION_HEADER_V1.size(), 0, abi.preSessionMax(), abi.preFileMax(),
                    Abi.PRE_SESSION_PGCNT * PhysicalMemory.PAGE_SIZE, Abi.PRE_FILE_PGCNT * PhysicalMemory.PAGE_SIZE);
        }
        return new StoreGeometry(true, Abi.BLOCK_HEADER_SIZE, Abi.BLOCK_HEADER_SIZE, abi.sessionsPerBlock(), abi.filesPerBlock(),
                abi.blockSize(), abi.blockSize());
    }

    /** PA of session entry {@code i} in the block or array at {@code pa}. */
    long sessionEntry(long pa, long i) {
        return pa + sessionHdr + i * Layouts.SESSION_SER.size();
    }

    /** PA of file entry {@code i} in the block or array at {@code pa}. */
    long fileEntry(long pa, long i) {
        return pa + fileHdr + i * Layouts.FILE_SER.size();
    }
}

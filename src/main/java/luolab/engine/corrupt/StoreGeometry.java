package luolab.engine.corrupt;

import luolab.engine.abi.Abi;
import luolab.engine.handover.ChainLayout;

/**
 * A generation's session and file stores in the injectors' terms, derived from the shared
 * reader's {@link ChainLayout}s (kernel-luo.md §1.3, §4): linked kho_blocks with a 16-byte
 * {next, count} header (v7: 1 page, 51 / 63 per block; series v2: 2 pages, 102 / 127), or before
 * the series one 16-page session array behind an 8-byte count (819) and per session one 2-page
 * file array with no header (128).
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
        ChainLayout s = ChainLayout.sessions(abi);
        ChainLayout f = ChainLayout.files(abi);
        return new StoreGeometry(!s.array(), s.header(), f.header(), s.slots(), f.slots(), s.bytes(), f.bytes());
    }
}

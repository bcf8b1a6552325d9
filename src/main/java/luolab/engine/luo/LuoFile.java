package luolab.engine.luo;

import luolab.engine.vfs.KFile;

/**
 * struct luo_file as seen from outside LUO: a snapshot of one preserved (outgoing) or
 * restorable (incoming) file of a session, taken by {@link FileSet#files()}.
 *
 * @param retrieveStatus 0 = not tried, 1 = retrieved, negative = cached error
 */
public record LuoFile(FileHandler handler, long token, KFile file, long serializedData, int retrieveStatus) {
}

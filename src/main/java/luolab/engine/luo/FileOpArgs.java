package luolab.engine.luo;

import luolab.engine.vfs.KFile;

/** struct liveupdate_file_op_args: what LUO passes to a handler's callbacks. */
public final class FileOpArgs {
    public final FileHandler handler;
    public int retrieveStatus;
    public KFile file;
    public long serializedData;
    public Object privateData;

    public FileOpArgs(FileHandler handler) {
        this.handler = handler;
    }
}

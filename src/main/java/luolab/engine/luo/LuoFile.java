package luolab.engine.luo;

import luolab.engine.vfs.KFile;

/** struct luo_file: one preserved (outgoing) or restorable (incoming) file of a session. */
public final class LuoFile {
    final FileHandler handler;
    final long token;
    KFile file;
    long serializedData;
    Object privateData;
    /** 0 = not tried, 1 = retrieved, negative = cached error. */
    int retrieveStatus;
    /** The handler's get_id() of the file (its address, or its inode's); 0 until there is a file. */
    long id;

    LuoFile(FileHandler handler, long token) {
        this.handler = handler;
        this.token = token;
    }

    public FileHandler handler() {
        return handler;
    }

    public long token() {
        return token;
    }

    public long serializedData() {
        return serializedData;
    }

    public int retrieveStatus() {
        return retrieveStatus;
    }

    public KFile file() {
        return file;
    }

    FileOpArgs args() {
        FileOpArgs a = new FileOpArgs(handler);
        a.file = file;
        a.serializedData = serializedData;
        a.privateData = privateData;
        a.retrieveStatus = retrieveStatus;
        return a;
    }
}

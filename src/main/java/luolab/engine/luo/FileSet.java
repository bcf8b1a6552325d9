package luolab.engine.luo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import luolab.engine.vfs.KFile;

/**
 * struct luo_file_set: a session's files (struct luo_file) in preservation order, and their
 * block set.
 *
 * <p>The files are kept as parallel columns indexed by position, not as one object each: a
 * million-file handover then restores into a few arrays instead of a million objects the
 * collector has to trace and copy while the next kernel deserializes. {@link #files()} hands
 * out {@link LuoFile} snapshots for readers outside LUO.
 */
public final class FileSet {
    private static final int FIRST_CAPACITY = 4;

    private FileHandler[] handlers = new FileHandler[0];
    private long[] tokens = new long[0];
    private long[] data = new long[0];
    private KFile[] fileRefs = new KFile[0];
    /** Only handlers with state of their own (memfd) set private data: null until one does. */
    private Object[] privateData;
    /** 0 = not tried, 1 = retrieved, negative = cached error (luo_file.retrieve_status). */
    private int[] status = new int[0];
    private int size;

    /**
     * True while file {@code i} has token {@code i} (how the selftests and most users number
     * them): a lookup by token is then a position, and no index is kept at all.
     */
    private boolean dense = true;
    /**
     * Otherwise the position of each token's first file (the kernel walks files_list and stops
     * at the first match); built when the set stops being dense.
     */
    private LongIndex byToken;
    final EntryStore blocks;
    long count;

    FileSet(EntryStore blocks) {
        this.blocks = blocks;
    }

    /** Snapshots of the files, in order. */
    public List<LuoFile> files() {
        List<LuoFile> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new LuoFile(handlers[i], tokens[i], fileRefs[i], data[i], status[i]));
        }
        return out;
    }

    public long count() {
        return count;
    }

    public EntryStore blocks() {
        return blocks;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The position of the first file with {@code token}, or -1. */
    int indexOf(long token) {
        if (dense) {
            return token >= 0 && token < size ? (int) token : -1;
        }
        return byToken.get(token);
    }

    /** Appends a file and returns its position. */
    int add(FileHandler h, long token, long serializedData) {
        if (size == tokens.length) {
            grow(Math.max(FIRST_CAPACITY, size + (size >> 1)));
        }
        int i = size++;
        handlers[i] = h;
        tokens[i] = token;
        data[i] = serializedData;
        if (dense && token != i) {
            dense = false;
            byToken = new LongIndex(0);
            byToken.ensureCapacity(size);
            for (int j = 0; j < i; j++) {
                byToken.putIfAbsent(tokens[j], j);
            }
        }
        if (!dense) {
            byToken.putIfAbsent(token, i);
        }
        return i;
    }

    /** Room for {@code n} more files at once (deserialize knows how many entries the blocks hold). */
    void expect(long n) {
        if (n <= 0) {
            return;
        }
        long total = Math.min(size + n, Integer.MAX_VALUE - 16);
        if (total > tokens.length) {
            grow((int) total);
        }
        if (byToken != null) {
            byToken.ensureCapacity(total);
        }
    }

    private void grow(int capacity) {
        handlers = Arrays.copyOf(handlers, capacity);
        tokens = Arrays.copyOf(tokens, capacity);
        data = Arrays.copyOf(data, capacity);
        fileRefs = Arrays.copyOf(fileRefs, capacity);
        if (privateData != null) {
            privateData = Arrays.copyOf(privateData, capacity);
        }
        status = Arrays.copyOf(status, capacity);
    }

    /** Drops the newest file (its columns are cleared so nothing it referenced stays reachable). */
    void removeLast() {
        int i = --size;
        if (!dense) {
            if (byToken.get(tokens[i]) == i) {
                byToken.remove(tokens[i]);
            }
        }
        handlers[i] = null;
        fileRefs[i] = null;
        if (privateData != null) {
            privateData[i] = null;
        }
        tokens[i] = 0;
        data[i] = 0;
        status[i] = 0;
    }

    void clearAll() {
        while (size > 0) {
            removeLast();
        }
        dense = true;
        byToken = null;
    }

    /** struct liveupdate_file_op_args for a handler callback on file {@code i}. */
    FileOpArgs args(int i) {
        FileOpArgs a = new FileOpArgs(handlers[i]);
        a.file = fileRefs[i];
        a.serializedData = data[i];
        a.privateData = privateData == null ? null : privateData[i];
        a.retrieveStatus = status[i];
        return a;
    }

    FileHandler handler(int i) {
        return handlers[i];
    }

    long token(int i) {
        return tokens[i];
    }

    long serializedData(int i) {
        return data[i];
    }

    void setSerializedData(int i, long v) {
        data[i] = v;
    }

    KFile file(int i) {
        return fileRefs[i];
    }

    void setFile(int i, KFile f, Object privateData) {
        fileRefs[i] = f;
        if (privateData != null && this.privateData == null) {
            this.privateData = new Object[tokens.length];
        }
        if (this.privateData != null) {
            this.privateData[i] = privateData;
        }
    }

    int status(int i) {
        return status[i];
    }

    void setStatus(int i, int v) {
        status[i] = v;
    }

    /**
     * The handler's get_id() of file {@code i} (its key in luo_preserved_files), 0 while there
     * is no file: asked again like the kernel's luo_file_get_id(), never stored.
     */
    long id(int i) {
        return fileRefs[i] == null ? 0 : handlers[i].getId(fileRefs[i]);
    }
}

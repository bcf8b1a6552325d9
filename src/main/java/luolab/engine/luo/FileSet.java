package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;

/** struct luo_file_set: a session's files in preservation order, and their block set. */
public final class FileSet {
    final List<LuoFile> files = new ArrayList<>();
    /** Index of {@link #files} by token: the kernel walks the list; same answer, without O(n) per lookup. */
    private final java.util.Map<Long, LuoFile> byToken = new java.util.HashMap<>();
    final EntryStore blocks;
    long count;

    FileSet(EntryStore blocks) {
        this.blocks = blocks;
    }

    public List<LuoFile> files() {
        return List.copyOf(files);
    }

    public long count() {
        return count;
    }

    public EntryStore blocks() {
        return blocks;
    }

    LuoFile byToken(long token) {
        return byToken.get(token);
    }

    void add(LuoFile f) {
        files.add(f);
        byToken.putIfAbsent(f.token, f);
    }

    LuoFile removeLast() {
        LuoFile f = files.remove(files.size() - 1);
        if (byToken.get(f.token) == f) {
            byToken.remove(f.token);
        }
        return f;
    }

    void clearAll() {
        files.clear();
        byToken.clear();
    }
}

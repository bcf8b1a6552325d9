package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;

/** struct luo_file_set: a session's files in preservation order, and their block set. */
public final class FileSet {
    final ArrayList<LuoFile> files = new ArrayList<>();
    /** Index of {@link #files} by token: the kernel walks the list; same answer, without O(n) per lookup. */
    private final LongIndex<LuoFile> byToken = new LongIndex<>(0);
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

    /** Room for {@code n} more files at once (deserialize knows how many entries the blocks hold). */
    void expect(long n) {
        if (n <= 0) {
            return;
        }
        long total = Math.min(files.size() + n, Integer.MAX_VALUE - 16);
        files.ensureCapacity((int) total);
        byToken.ensureCapacity(total);
    }

    LuoFile removeLast() {
        LuoFile f = files.remove(files.size() - 1);
        byToken.remove(f.token, f);
        return f;
    }

    void clearAll() {
        files.clear();
        byToken.clear();
    }
}

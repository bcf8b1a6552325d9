package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;

/** struct luo_file_set: a session's files in preservation order, and their block set. */
public final class FileSet {
    final ArrayList<LuoFile> files = new ArrayList<>();
    /**
     * True while file {@code i} has token {@code i} (how the selftests and most users number
     * them): a lookup by token is then a position, and no index is kept at all.
     */
    private boolean dense = true;
    /**
     * Otherwise an index of {@link #files} by token, first file first (the kernel walks the list
     * and stops at the first match); built when the set stops being dense.
     */
    private LongIndex<LuoFile> byToken;
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
        if (dense) {
            return token >= 0 && token < files.size() ? files.get((int) token) : null;
        }
        return byToken.get(token);
    }

    void add(LuoFile f) {
        if (dense && f.token == files.size()) {
            files.add(f);
            return;
        }
        if (dense) {
            dense = false;
            byToken = new LongIndex<>(0);
            byToken.ensureCapacity(files.size() + 1L);
            for (LuoFile g : files) {
                byToken.putIfAbsent(g.token, g);
            }
        }
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
        if (byToken != null) {
            byToken.ensureCapacity(total);
        }
    }

    LuoFile removeLast() {
        LuoFile f = files.remove(files.size() - 1);
        if (!dense) {
            byToken.remove(f.token, f);
        }
        return f;
    }

    void clearAll() {
        files.clear();
        dense = true;
        byToken = null;
    }
}

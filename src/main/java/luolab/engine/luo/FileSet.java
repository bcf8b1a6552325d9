package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;

/** struct luo_file_set: a session's files in preservation order, and their block set. */
public final class FileSet {
    final List<LuoFile> files = new ArrayList<>();
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
        for (LuoFile f : files) {
            if (f.token == token) {
                return f;
            }
        }
        return null;
    }
}

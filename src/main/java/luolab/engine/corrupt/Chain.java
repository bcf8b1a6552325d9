package luolab.engine.corrupt;

import java.util.List;

/** A resolved block set: which one, its blocks in chain order, capacity and entry size. */
record Chain(String label, boolean sessions, String session, List<Long> blocks, int capacity, int entrySize) {
    int size() {
        return blocks.size();
    }

    long block(int i) {
        return blocks.get(i);
    }
}

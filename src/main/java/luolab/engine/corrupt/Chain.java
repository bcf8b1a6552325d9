package luolab.engine.corrupt;

import java.util.List;

/**
 * A resolved block set: which one, its blocks in chain order, capacity and entry size. A
 * pre-series store is not linked ({@code linked} false): one fixed array, the only "block".
 */
record Chain(String label, boolean sessions, String session, List<Long> blocks, int capacity, int entrySize, boolean linked) {
    int size() {
        return blocks.size();
    }

    long block(int i) {
        return blocks.get(i);
    }
}

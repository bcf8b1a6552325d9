package luolab.engine.luo;

import java.util.Arrays;

/**
 * An open-addressed map from a 64-bit key to a non-negative int, standing in for the kernel's
 * lookups by an unsigned long: a file set's files by token (the kernel walks files_list) and
 * luo_preserved_files (an xarray indexed by the file's or inode's address). Primitive keys keep
 * a million preserved files from costing a boxed key, an entry node and rehash chains each, and
 * primitive values keep filling the table free of reference stores: with G1 every reference
 * stored into a large (old) array pays a card-marking barrier, which made inserting a million
 * retrieved files into luo_preserved_files take twice as long as the stores themselves.
 */
final class LongIndex {
    /** What lookups answer for a key that is not there. */
    static final int ABSENT = -1;
    private static final int MIN_CAPACITY = 8;
    /** A probe longer than this means the keys defeat the plain hash: switch to a mixing one. */
    private static final int MAX_PROBE = 48;

    /**
     * Keys are hashed by their bits above {@code shift} as they are: tokens are usually 0, 1, 2 …
     * and file addresses come 256 bytes apart, so consecutive keys land in consecutive slots and
     * filling a million-entry table walks memory in order instead of missing the cache each time.
     * Keys that cluster instead (multiples of a large power of two) trip {@link #MAX_PROBE} and
     * the table is rehashed with a mixing hash for good.
     */
    private final int shift;
    private boolean mixing;
    private long[] keys;
    /** value + 1 per slot; 0 marks an empty slot. */
    private int[] values;
    private int size;

    /** A table whose keys are spaced {@code 1 << shift} apart when they come in order. */
    LongIndex(int shift) {
        this.shift = shift;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Makes room for {@code n} keys at once, so filling it never rehashes. */
    void ensureCapacity(long n) {
        if (n <= 0) {
            return;
        }
        long want = Math.max(MIN_CAPACITY, Math.min(n, 1L << 28) * 2);
        if (want > keys.length) {
            rehash(Integer.highestOneBit((int) (want - 1)) << 1);
        }
    }

    private int hash(long key) {
        if (mixing) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
        long k = key >>> shift;
        return (int) (k ^ (k >>> 32));
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        int probes = 0;
        while (values[i] != 0) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
            if (++probes == MAX_PROBE && !mixing) {
                mixing = true;
                rehash(keys.length);
                return slotOf(key);
            }
        }
        return i;
    }

    /** The value of {@code key}, or {@link #ABSENT}. */
    int get(long key) {
        return values[slotOf(key)] - 1;
    }

    boolean containsKey(long key) {
        return values[slotOf(key)] != 0;
    }

    /** Adds the mapping unless {@code key} is present; returns the value already there, or {@link #ABSENT}. */
    int putIfAbsent(long key, int value) {
        int i = slotOf(key);
        if (values[i] != 0) {
            return values[i] - 1;
        }
        insertAt(i, key, value);
        return ABSENT;
    }

    void put(long key, int value) {
        int i = slotOf(key);
        if (values[i] != 0) {
            values[i] = stored(value);
            return;
        }
        insertAt(i, key, value);
    }

    private static int stored(int value) {
        if (value < 0 || value == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("LongIndex values are 0.." + (Integer.MAX_VALUE - 1) + ": " + value);
        }
        return value + 1;
    }

    private void insertAt(int i, long key, int value) {
        keys[i] = key;
        values[i] = stored(value);
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /** Removes {@code key}; returns its value, or {@link #ABSENT}. */
    int remove(long key) {
        int i = slotOf(key);
        int v = values[i];
        if (v != 0) {
            deleteAt(i);
        }
        return v - 1;
    }

    private void deleteAt(int i) {
        int mask = keys.length - 1;
        values[i] = 0;
        size--;
        // backward-shift deletion: no tombstones, every remaining probe chain stays unbroken
        int hole = i;
        int j = (i + 1) & mask;
        while (values[j] != 0) {
            int home = hash(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = 0;
                hole = j;
            }
            j = (j + 1) & mask;
        }
    }

    void clear() {
        Arrays.fill(values, 0);
        size = 0;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(capacity);
        int mask = capacity - 1;
        for (int k = 0; k < oldValues.length; k++) {
            if (oldValues[k] != 0) {
                int i = hash(oldKeys[k]) & mask;
                while (values[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }
}

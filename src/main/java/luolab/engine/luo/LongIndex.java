package luolab.engine.luo;

import java.util.Arrays;

/**
 * An open-addressed map from a 64-bit key to a value, standing in for the kernel's lookups by
 * an unsigned long: a file set's files by token (the kernel walks files_list) and
 * luo_preserved_files (an xarray indexed by the file's or inode's address). Primitive keys keep
 * a million preserved files from costing a boxed key, an entry node and rehash chains each.
 */
final class LongIndex<V> {
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
    private Object[] values;
    private int size;

    /** A table whose keys are spaced {@code 1 << shift} apart when they come in order. */
    LongIndex(int shift) {
        this.shift = shift;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
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
        while (values[i] != null) {
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

    @SuppressWarnings("unchecked")
    V get(long key) {
        return (V) values[slotOf(key)];
    }

    boolean containsKey(long key) {
        return values[slotOf(key)] != null;
    }

    /** Adds the mapping unless {@code key} is present; returns the value already there, or null. */
    @SuppressWarnings("unchecked")
    V putIfAbsent(long key, V value) {
        int i = slotOf(key);
        if (values[i] != null) {
            return (V) values[i];
        }
        insertAt(i, key, value);
        return null;
    }

    void put(long key, V value) {
        int i = slotOf(key);
        if (values[i] != null) {
            values[i] = value;
            return;
        }
        insertAt(i, key, value);
    }

    private void insertAt(int i, long key, V value) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /** Removes {@code key}; returns its value, or null. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = slotOf(key);
        Object v = values[i];
        if (v != null) {
            deleteAt(i);
        }
        return (V) v;
    }

    /** Removes {@code key} only if it maps to {@code value} (the same object). */
    void remove(long key, V value) {
        int i = slotOf(key);
        if (values[i] == value && value != null) {
            deleteAt(i);
        }
    }

    private void deleteAt(int i) {
        int mask = keys.length - 1;
        values[i] = null;
        size--;
        // backward-shift deletion: no tombstones, every remaining probe chain stays unbroken
        int hole = i;
        int j = (i + 1) & mask;
        while (values[j] != null) {
            int home = hash(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
            j = (j + 1) & mask;
        }
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        int mask = capacity - 1;
        for (int k = 0; k < oldValues.length; k++) {
            if (oldValues[k] != null) {
                int i = hash(oldKeys[k]) & mask;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }
}

package luolab.engine.luo;

import java.util.List;
import luolab.engine.memory.FieldRef;

/**
 * Where a kernel generation keeps serialized session or file entries: linked blocks
 * ({@link BlockSet}, the series) or one fixed contiguous array ({@link ContiguousArray}, before
 * the series). LUO code is the same for both; only capacity, layout and restore checks differ.
 */
public interface EntryStore {
    String name();

    /** PA the next kernel starts from (first block header, or the array). */
    long headPa();

    int nblocks();

    List<Long> blocks();

    int countPerBlock();

    int entrySize();

    boolean isEmpty();

    int grow(long count);

    void shrink(long count);

    void destroy();

    void clear();

    int restore(long head);

    Cursor iterator();

    /** kho_block_set_it: reserve slots while serializing, read them back after kexec. */
    interface Cursor {
        long reserveEntry();

        long readEntry();

        /** Writes {@code src} into the slot {@link #reserveEntry} returned last. */
        void write(byte[] src, FieldRef what);

        /** Reads the slot {@link #readEntry} returned last into {@code dst} (its whole length). */
        void read(byte[] dst);

        int blockIndex();

        long slotIndex();
    }
}

package luolab.engine.vfs;

import java.util.concurrent.atomic.AtomicLong;
import luolab.engine.memory.DirectMap;

/**
 * Simulated kernel virtual addresses of struct file and struct inode objects. LUO identifies a
 * preserved file by such an address (ops->get_id returns the file or its inode pointer, and
 * luo_preserved_files is an xarray indexed by it). Only uniqueness matters: the values are never
 * written to simulated memory and never cross a kexec.
 */
public final class KernelAddress {
    /** log2 of the spacing (256 bytes, like a slab) between two objects' addresses. */
    public static final int SHIFT = 8;
    private static final AtomicLong NEXT = new AtomicLong();

    private KernelAddress() {
    }

    public static long next() {
        return DirectMap.PAGE_OFFSET + (NEXT.incrementAndGet() << SHIFT);
    }
}

package luolab.engine.vfs;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated kernel virtual addresses of struct file and struct inode objects. LUO identifies a
 * preserved file by such an address (ops->get_id returns the file or its inode pointer, and
 * luo_preserved_files is an xarray indexed by it). Only uniqueness matters: the values are never
 * written to simulated memory and never cross a kexec.
 */
public final class KernelAddress {
    /** The x86-64 direct map starts here; objects are handed out 256 bytes apart, like a slab. */
    private static final long DIRECT_MAP = 0xffff_8880_0000_0000L;
    /** log2 of the spacing between two objects' addresses. */
    public static final int SHIFT = 8;
    private static final AtomicLong NEXT = new AtomicLong();

    private KernelAddress() {
    }

    public static long next() {
        return DIRECT_MAP + (NEXT.incrementAndGet() << SHIFT);
    }
}

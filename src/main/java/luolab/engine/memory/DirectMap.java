package luolab.engine.memory;

/**
 * The x86-64 direct map: the kernel reaches physical memory through virtual addresses
 * phys_to_virt(pa) = pa + PAGE_OFFSET, and its slab objects (struct file, struct inode) live
 * there too. The base is __PAGE_OFFSET_BASE_L4 (4-level paging) without KASLR; the lab does not
 * randomise it.
 */
public final class DirectMap {
    public static final long PAGE_OFFSET = 0xffff_8880_0000_0000L;

    private DirectMap() {
    }

    /** phys_to_virt(): the direct-map address of {@code pa} (wraps as a u64, like the kernel's). */
    public static long physToVirt(long pa) {
        return pa + PAGE_OFFSET;
    }
}

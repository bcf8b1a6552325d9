package luolab.engine.memory;

/** What a physical page is used for right now, as the memory map shows it. */
public enum PageState {
    /** In the buddy allocator's free lists; content is whatever was last written. */
    FREE,
    /** Allocated by the running kernel (kernel image, kmalloc'd state, radix-tree nodes, blocks). */
    KERNEL,
    /** Inside a KHO scratch area: the only memory the next kernel may use before it has read the handover. */
    SCRATCH,
    /** Reserved by the new kernel because the previous kernel preserved it; waiting for kho_restore_*. */
    INCOMING,
    /** Free memory after kexec: the previous kernel's content is gone (reads return PAGE_POISON 0xaa). */
    POISONED,
    /** Owned by a user process (memfd folio). */
    USER;

    private static final PageState[] VALUES = values();

    public static PageState of(int ordinal) {
        return VALUES[ordinal];
    }
}

package luolab.engine.memory;

/**
 * An access to an address with no memory behind it. The kernel reads handover structures
 * through phys_to_virt() without range checks, so a wild PA is an oops; the simulated kernel
 * catches this and prints what the kernel prints for it (machine.OopsText).
 */
public final class PageFault extends RuntimeException {
    /** How the faulting code reached the address: decides the address the oops prints. */
    public enum Via {
        /** A physical address read through the direct map (phys_to_virt()). */
        DIRECT_MAP,
        /** A physical address read through early_memremap() (a fixmap slot: its address depends on the config). */
        EARLY_REMAP,
        /** A virtual address used as is (a NULL pointer). */
        VIRTUAL
    }

    private final long pa;
    private final Via via;

    /** A load from physical address {@code pa} through the direct map. */
    public PageFault(long pa) {
        this(pa, Via.DIRECT_MAP);
    }

    private PageFault(long address, Via via) {
        // the message names the address the simulation faulted on (injector refusals show it);
        // the kernel's lines for the fault are machine.OopsText's
        super(String.format(via == Via.VIRTUAL ? "no memory at virtual address 0x%x" : "no RAM at physical address 0x%x", address),
                null, false, false);
        this.pa = address;
        this.via = via;
    }

    /** A load from {@code pa} through an early_memremap() mapping that does not cover it. */
    public static PageFault earlyRemap(long pa) {
        return new PageFault(pa, Via.EARLY_REMAP);
    }

    /** A dereference of a NULL pointer (virtual address {@code offset}, below PAGE_SIZE). */
    public static PageFault nullPointer(long offset) {
        return new PageFault(offset, Via.VIRTUAL);
    }

    /** The faulting physical address, or for {@link Via#VIRTUAL} the virtual one. */
    public long pa() {
        return pa;
    }

    public Via via() {
        return via;
    }
}

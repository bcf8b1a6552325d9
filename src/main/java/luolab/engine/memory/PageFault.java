package luolab.engine.memory;

/**
 * An access to a physical address with no RAM behind it. The kernel reads handover structures
 * through phys_to_virt() without range checks, so a wild PA is an oops; the simulated kernel
 * catches this and turns it into the kernel's "unable to handle page fault" panic.
 */
public final class PageFault extends RuntimeException {
    private final long pa;

    public PageFault(long pa) {
        // arch/x86/mm/fault.c show_fault_oops(): "… for address: %px" — %px is 16 zero-padded hex
        // digits without "0x". The kernel prints the faulting virtual address; the lab prints the
        // physical one (Kernel.oops() adds a lab note saying so).
        super(String.format("BUG: unable to handle page fault for address: %016x", pa), null, false, false);
        this.pa = pa;
    }

    public long pa() {
        return pa;
    }
}

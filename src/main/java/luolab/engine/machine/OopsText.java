package luolab.engine.machine;

import java.util.List;
import luolab.engine.memory.DirectMap;
import luolab.engine.memory.PageFault;
import luolab.engine.trace.KernelLog;

/**
 * What an x86-64 kernel prints when it loads through phys_to_virt() from a physical address with
 * no RAM behind it. The lab's kernel is x86-64 (the Oops header, arch/x86/mm/fault.c, struct file
 * addresses in the direct map): phys_to_virt(pa) ({@link DirectMap}).
 *
 * <p>The fault depends on the virtual address, not the physical one:
 * <ul>
 * <li>a canonical address (bits 63..47 all equal) that is not mapped is a page fault:
 * show_fault_oops() pr_alert "BUG: unable to handle page fault for address: %px" (below
 * PAGE_SIZE "BUG: kernel NULL pointer dereference, address: %px"), then page_fault_oops()
 * __die("Oops") → __die_header "Oops: %s: %04lx [#%d]…" = "Oops: Oops: 0000 [#1] SMP" (error
 * code 0: a read of a not-present page);</li>
 * <li>a non-canonical one (a wild PA such as KHO's poison 0xaaaa… plus PAGE_OFFSET wraps out of
 * the canonical range) is a general protection fault: exc_general_protection() → die_addr() with
 * "general protection fault, probably for non-canonical address 0x%lx" (traps.c), printed by
 * __die_header as "Oops: general protection fault, probably for non-canonical address 0x…: 0000
 * [#1] SMP", and no "BUG:" line.</li>
 * </ul>
 * The lab prints these lines only: not the "#PF:" and page-table lines, the " PTI"/" NOPTI" (CPU
 * dependent) suffix, the CPU/registers/stack that follow.
 */
public final class OopsText {
    private static final long PAGE_SIZE = 4096;

    private OopsText() {
    }

    /** x86-64 with 48-bit virtual addresses: bits 63..47 are copies of bit 47. */
    public static boolean canonical(long va) {
        long top = va >> 47;
        return top == 0 || top == -1;
    }

    /**
     * The address the kernel faulted on for {@code pf}: phys_to_virt() of a direct-map load, the
     * pointer itself for a virtual one. For an early_memremap() load the kernel prints the fixmap
     * slot's address, which depends on the kernel configuration: the lab prints the physical
     * address there ({@link #EARLY_REMAP_NOTE}).
     */
    public static long address(PageFault pf) {
        return pf.via() == PageFault.Via.DIRECT_MAP ? DirectMap.physToVirt(pf.pa()) : pf.pa();
    }

    /** The lab note after an early_memremap() fault, whose printed address is the physical one. */
    public static final String EARLY_REMAP_NOTE = "the fault address above is the physical address: the kernel prints the"
            + " early_memremap() (fixmap) virtual address, which depends on its configuration";

    /** The lines printed for {@code pf}, {@code die} being the oops count of this boot (the "[#N]"). */
    public static List<String> lines(PageFault pf, int die) {
        return lines(address(pf), die);
    }

    /** The direct-map load from {@code pa}: the lines it prints as this boot's first oops. */
    public static List<String> forPhys(long pa) {
        return lines(DirectMap.physToVirt(pa), 1);
    }

    /**
     * The level each oops line is printed at: show_fault_oops() prints its "BUG:" line with
     * pr_alert, __die_header() its "Oops:" line with printk(KERN_DEFAULT …), which printk() turns
     * into default_message_loglevel (CONFIG_MESSAGE_LOGLEVEL_DEFAULT, 4 = warning).
     */
    public static KernelLog.Level level(String line) {
        return line.startsWith("BUG:") ? KernelLog.Level.ALERT : KernelLog.Level.WARNING;
    }

    /** The lines a load from virtual address {@code va} prints. */
    public static List<String> lines(long va, int die) {
        if (!canonical(va)) {
            return List.of(String.format("Oops: general protection fault, probably for non-canonical address 0x%x: 0000 [#%d] SMP",
                    va, die));
        }
        String bug = Long.compareUnsigned(va, PAGE_SIZE) < 0 ? "BUG: kernel NULL pointer dereference, address: %016x"
                : "BUG: unable to handle page fault for address: %016x";
        return List.of(String.format(bug, va), "Oops: Oops: 0000 [#" + die + "] SMP");
    }
}

package luolab.engine.kho;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.Errno;
import luolab.engine.fdt.LibFdt;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The next kernel's first look at the handover, while it still runs only in scratch:
 * kho_populate() checks the root FDT the boot parameter points at, then kho_memory_init() →
 * kho_mem_retrieve() walks the previous kernel's radix tree in place and collects every
 * preserved (pa, order) to reserve. Any failure disables KHO revival: the kernel boots as after
 * a cold boot and nothing is reserved.
 */
public final class KhoBoot {
    public static final String PR = "KHO: ";
    /** Nodes the early walk may read before the simulation calls it a hang (see walk()). */
    public static final int WALK_BUDGET = 1 << 20;

    /**
     * What the early walk found. {@code fdtPa} is kho_in.fdt_phys: 0 when KHO revival was
     * disabled, else the accepted FDT, which later readers reach through the direct map
     * ({@link #fdt(PhysicalMemory, long)}).
     */
    public record Result(long fdtPa, Map<Long, Integer> preserved, int walkError) {
        public boolean accepted() {
            return fdtPa != 0;
        }
    }

    private KhoBoot() {
    }

    /**
     * The FDT at {@code fdtPa} as kho_get_fdt() (phys_to_virt(kho_in.fdt_phys)) gives it to every
     * later reader: any RAM is readable, a byte outside RAM is a page fault at its address.
     */
    public static LibFdt fdt(PhysicalMemory mem, long fdtPa) {
        return new LibFdt(off -> u8(mem, fdtPa + off), (fdtPa & 7) == 0);
    }

    /**
     * The FDT as kho_populate() sees it: through early_memremap(fdt_phys, fdt_len), where fdt_len
     * is PAGE_SIZE (kho_add_chosen() on DT, the x86 setup_data likewise). A header that points a
     * block past that page makes libfdt read beyond the mapping: an early page fault.
     */
    private static LibFdt mapped(PhysicalMemory mem, long fdtPa) {
        return new LibFdt(off -> {
            if (off < 0 || off >= PhysicalMemory.PAGE_SIZE) {
                throw PageFault.earlyRemap(fdtPa + off);
            }
            return u8(mem, fdtPa + off);
        }, (fdtPa & 7) == 0);
    }

    private static int u8(PhysicalMemory mem, long pa) {
        if (!mem.contains(pa, 1)) {
            throw new PageFault(pa);
        }
        return mem.u8(pa);
    }

    public static Result populate(PhysicalMemory mem, long fdtPa, String khoCompatible, Trace trace, KernelLog log) {
        try (var f = trace.enter("kho_populate")) {
            if (!checkFdt(mem, fdtPa, khoCompatible, log)) {
                log.warn(PR + "disabling KHO revival");
                return new Result(0, Map.of(), 0);
            }
            log.info(PR + "found kexec handover data.");
            trace.emit(new TraceEvent.FdtNode(trace.phase(), trace.stack(), "KHO", "/", fdtPa));
        }
        try (var f = trace.enter("kho_memory_init"); var g = trace.enter("kho_mem_retrieve")) {
            LibFdt fdt = fdt(mem, fdtPa);
            LibFdt.Prop map = fdt.getprop(0, Kho.PROP_PRESERVED_MEMORY_MAP);
            long root = map.found() && map.len() == 8 ? fdt.u64le(map.value()) : 0;
            if (root == 0) {
                // kho_mem_retrieve(): a zero root is -EINVAL without a message (kho_populate already refuses it)
                return new Result(0, Map.of(), -Errno.EINVAL);
            }
            Map<Long, Integer> preserved = new TreeMap<>();
            int err;
            try (var h = trace.enter("kho_radix_walk_tree")) {
                err = KhoRadixTree.walk(mem, root, WALK_BUDGET, (pa, order) -> {
                    // memblock_reserve() of a range with no RAM in it changes nothing; keeping only
                    // ranges that touch RAM bounds this map by the number of pages
                    long pfn = PhysicalMemory.pfn(pa);
                    if (pfn < mem.basePfn() + mem.nrPages() && pfn + (1L << order) > mem.basePfn()) {
                        preserved.put(pfn, order);
                    }
                    return true;
                }, null);
            }
            return new Result(fdtPa, preserved, err);
        }
    }

    /**
     * kho_populate()'s checks, in its order and with its messages: the mapping, libfdt's
     * fdt_check_header() (the header only: a totalsize up to INT_MAX is accepted, nothing else of
     * the tree is validated), fdt_node_check_compatible() on the root, then
     * kho_get_mem_map_phys()'s fdt_getprop(). Only the bytes those calls touch are read. The
     * setup checks are pr_warn; only kho_get_mem_map_phys() uses pr_err.
     */
    private static boolean checkFdt(PhysicalMemory mem, long fdtPa, String compat, KernelLog log) {
        String at = "0x" + Long.toHexString(fdtPa);
        if (!mem.contains(fdtPa, PhysicalMemory.PAGE_SIZE)) {
            log.warn(PR + "setup: failed to memremap FDT (" + at + ")");
            return false;
        }
        LibFdt fdt = mapped(mem, fdtPa);
        int err = fdt.checkHeader();
        if (err != 0) {
            log.warn(PR + "setup: handover FDT (" + at + ") is invalid: " + err);
            return false;
        }
        err = fdt.nodeCheckCompatible(0, compat);
        if (err != 0) {
            log.warn(PR + "setup: handover FDT (" + at + ") is incompatible with '" + compat + "': " + err);
            return false;
        }
        LibFdt.Prop map = fdt.getprop(0, Kho.PROP_PRESERVED_MEMORY_MAP);
        if (!map.found() || map.len() != 8) {
            log.err(PR + "failed to get preserved memory map");
            return false;
        }
        // kho_get_mem_map_phys() returned 0: "if (!mem_map_phys) goto unmap_fdt;" with no message
        return fdt.u64le(map.value()) != 0;
    }
}

package luolab.engine.kho;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.Errno;
import luolab.engine.fdt.ByteSource;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
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

    /** What the early walk found; {@code fdt} null means KHO revival was disabled. */
    public record Result(FdtNode fdt, Map<Long, Integer> preserved, int walkError) {
    }

    private KhoBoot() {
    }

    public static Result populate(PhysicalMemory mem, long fdtPa, String khoCompatible, Trace trace, KernelLog log) {
        FdtNode fdt;
        try (var f = trace.enter("kho_populate")) {
            fdt = checkFdt(mem, fdtPa, khoCompatible, log);
            if (fdt == null) {
                log.warn(PR + "disabling KHO revival");
                return new Result(null, Map.of(), 0);
            }
            log.info(PR + "found kexec handover data.");
            trace.emit(new TraceEvent.FdtNode(trace.phase(), trace.stack(), "KHO", "/", fdtPa));
        }
        try (var f = trace.enter("kho_memory_init"); var g = trace.enter("kho_mem_retrieve")) {
            long root = fdt.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
            if (root == 0) {
                // kho_mem_retrieve(): a zero root is -EINVAL without a message (kho_populate already refuses it)
                return new Result(null, Map.of(), -Errno.EINVAL);
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
            return new Result(fdt, preserved, err);
        }
    }

    private static FdtNode checkFdt(PhysicalMemory mem, long fdtPa, String compat, KernelLog log) {
        if (!mem.contains(fdtPa, PhysicalMemory.PAGE_SIZE)) {
            log.err(PR + "setup: failed to memremap FDT (0x" + Long.toHexString(fdtPa) + ")");
            return null;
        }
        byte[] blob = mem.read(fdtPa, PhysicalMemory.PAGE_SIZE);
        FdtParseResult r = FdtReader.parse(ByteSource.of(blob), 0, blob.length);
        if (!r.isOk()) {
            log.err(PR + "setup: handover FDT (0x" + Long.toHexString(fdtPa) + ") is invalid: " + r.code());
            return null;
        }
        FdtNode root = r.tree().get().root();
        var c = root.getString("compatible");
        if (c.isEmpty() || !c.get().equals(compat)) {
            // fdt_node_check_compatible(): 1 when the property exists but does not match, -FDT_ERR_NOTFOUND when absent
            int code = root.hasProperty("compatible") ? 1 : -1;
            log.err(PR + "setup: handover FDT (0x" + Long.toHexString(fdtPa) + ") is incompatible with '" + compat + "': " + code);
            return null;
        }
        var map = root.getProperty(Kho.PROP_PRESERVED_MEMORY_MAP);
        if (map.isEmpty() || map.get().length != 8) {
            log.err(PR + "failed to get preserved memory map");
            return null;
        }
        // kho_get_mem_map_phys() returned 0: "if (!mem_map_phys) goto unmap_fdt;" with no message
        if (root.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0) == 0) {
            return null;
        }
        return root;
    }
}

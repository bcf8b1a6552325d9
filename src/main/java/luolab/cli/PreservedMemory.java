package luolab.cli;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.fdt.FdtNode;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.memory.PhysicalMemory;

/**
 * Inspect's view of KHO's preserved memory: the radix tree under the KHO FDT's
 * preserved-memory-map walked as the next kernel's early boot walks it (kho_mem_deserialize,
 * same node budget), whether a PA lies in a preserved range, and the ranges listed at the end.
 */
final class PreservedMemory {
    private final Inspection in;
    /** Head PA → order of every preserved range found. */
    private final Map<Long, Integer> ranges = new TreeMap<>();
    private int nodes;
    private long root;

    PreservedMemory(Inspection in) {
        this.in = in;
    }

    /** Walks the radix tree the KHO root FDT points at; problems become warnings, never exceptions. */
    void walk(FdtNode khoRoot) {
        long rootPa = khoRoot.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
        if (rootPa == 0 || !in.readable(rootPa, PhysicalMemory.PAGE_SIZE)) {
            in.warn("preserved-memory-map " + Inspection.hex(rootPa) + " is missing or outside RAM: nothing would be reserved");
            return;
        }
        int[] seen = {0};
        int err;
        try {
            err = KhoRadixTree.walk(in.mem, rootPa, KhoBoot.WALK_BUDGET, (pa, order) -> {
                ranges.put(pa, order);
                return true;
            }, (pa, level) -> {
                seen[0]++;
                return true;
            });
        } catch (RuntimeException e) {
            in.warn("the radix tree points outside RAM (" + e.getMessage() + "): the early kernel would fault");
            return;
        }
        if (err != 0) {
            in.warn("the radix tree walk did not finish within " + KhoBoot.WALK_BUDGET + " nodes (a loop?)");
        }
        nodes = seen[0];
        root = rootPa;
    }

    /** Whether {@code pa} lies in a preserved range: the next kernel reserves it instead of poisoning it. */
    boolean contains(long pa) {
        for (int order = 0; order <= 20; order++) {
            long head = pa & ~((PhysicalMemory.PAGE_SIZE << order) - 1L);
            Integer o = ranges.get(head);
            if (o != null && o >= order) {
                return true;
            }
        }
        return false;
    }

    /** The ranges found, each with the label a part of inspect gave its page. */
    void print() {
        in.out.println();
        long pages = 0;
        for (int o : ranges.values()) {
            pages += 1L << o;
        }
        in.out.println("Preserved memory (KHO radix tree @ " + Inspection.hex(root) + ", " + nodes + " node pages): " + ranges.size()
                + " ranges, " + pages + " pages");
        int shown = 0;
        for (Map.Entry<Long, Integer> e : ranges.entrySet()) {
            if (!in.all && shown == Inspection.SHOW) {
                in.out.println("  … " + (ranges.size() - Inspection.SHOW) + " more (use --all)");
                break;
            }
            String label = in.labels.getOrDefault(e.getKey(), "");
            in.out.printf("  0x%x  order %d (%d page%s)%s%n", e.getKey(), e.getValue(), 1L << e.getValue(), e.getValue() == 0 ? "" : "s",
                    label.isEmpty() ? "" : "  " + label);
            shown++;
        }
    }
}

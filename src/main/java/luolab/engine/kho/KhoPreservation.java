package luolab.engine.kho;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The outgoing side of KHO's persistent memory tracker (kho_out.radix_tree): kho_preserve_* and
 * kho_unpreserve_* turn a folio or page range into radix keys, kho_alloc_preserve() /
 * kho_unpreserve_free() pair an allocation with its preservation. There is no
 * kho_mem_serialize() step in the radix version: the tree is live and the next kernel walks it
 * in place ({@link KhoBoot}), so setting the key is all a preservation does.
 */
final class KhoPreservation {
    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    /** tree->root: null before kho_init() and after its unwind freed the root. */
    private KhoRadixTree radix;
    /** WARN_ON_ONCE(!tree->root) in kho_radix_add_page() / kho_radix_del_page(): one report per boot each. */
    private boolean warnedAddNoRoot;
    private boolean warnedDelNoRoot;

    KhoPreservation(KernelMemory mm, KernelLog log) {
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.log = log;
    }

    KhoRadixTree radix() {
        return radix;
    }

    /** kho_init(): tree->root = kzalloc(PAGE_SIZE), already allocated at {@code rootPa}. */
    void rootAllocated(long rootPa) {
        radix = new KhoRadixTree(mm, rootPa);
    }

    /**
     * kho_init()'s err_free_kho_radix_tree_root: kfree(tree->root); tree->root = NULL. Nodes below
     * the root are not freed (kho_radix_del_page() never frees nodes either): they leak.
     */
    void freeRoot() {
        mm.freePages(radix.rootPa(), 0);
        radix = null;
    }

    /** kho_preserve_folio(): one radix key for (pfn, folio order). */
    int preserveFolio(long pa, int order) {
        try (var f = trace.enter("kho_preserve_folio")) {
            return preserveRun(pa, order);
        }
    }

    private int preserveRun(long pa, int order) {
        if (radix == null) {
            // kho_init() failed (or has not run): kho_radix_add_page() has WARN_ON_ONCE(!tree->root), -EINVAL
            if (!warnedAddNoRoot) {
                warnedAddNoRoot = true;
                log.warnOn("kernel/liveupdate/kexec_handover.c", "kho_radix_add_page");
            }
            return -Errno.EINVAL;
        }
        int err = radix.add(pa, order);
        if (err != 0) {
            return err;
        }
        mm.setPreservedBit(pa, order, true);
        trace.emit(new TraceEvent.Preserve(trace.phase(), trace.stack(), pa, order, true));
        return 0;
    }

    /** kho_unpreserve_folio(): clears the key kho_preserve_folio() set (same pfn and order). */
    void unpreserveFolio(long pa, int order) {
        try (var f = trace.enter("kho_unpreserve_folio")) {
            unpreserveRun(pa, order);
        }
    }

    private void unpreserveRun(long pa, int order) {
        if (radix == null) {
            // kho_radix_del_page(): WARN_ON_ONCE(!tree->root) and return
            if (!warnedDelNoRoot) {
                warnedDelNoRoot = true;
                log.warnOn("kernel/liveupdate/kexec_handover.c", "kho_radix_del_page");
            }
            return;
        }
        if (!radix.remove(pa, order)) {
            // kho_radix_del_page(): WARN_ON(!node->table[idx]) on a missing table level
            log.warnOn("kernel/liveupdate/kexec_handover.c", "kho_radix_del_page");
            log.note("no radix table on the way to " + Kho.hex(pa) + " order " + order + ": nothing unpreserved");
            return;
        }
        mm.setPreservedBit(pa, order, false);
        trace.emit(new TraceEvent.Preserve(trace.phase(), trace.stack(), pa, order, false));
    }

    /**
     * kho_preserve_pages(): the range is split into maximal naturally aligned power-of-two runs
     * (order = min(ctz(pfn), ilog2(remaining))), one key each, rolled back on error.
     */
    int preservePages(long pa, long nrPages) {
        try (var f = trace.enter("kho_preserve_pages")) {
            List<long[]> done = new ArrayList<>();
            for (long[] run : runs(pa, nrPages)) {
                int err = preserveRun(run[0], (int) run[1]);
                if (err != 0) {
                    for (long[] r : done) {
                        unpreserveRun(r[0], (int) r[1]);
                    }
                    return err;
                }
                done.add(run);
            }
            return 0;
        }
    }

    /** kho_unpreserve_pages(): the same split as kho_preserve_pages(), each run's key cleared. */
    void unpreservePages(long pa, long nrPages) {
        try (var f = trace.enter("kho_unpreserve_pages")) {
            for (long[] run : runs(pa, nrPages)) {
                unpreserveRun(run[0], (int) run[1]);
            }
        }
    }

    /**
     * The split kho_preserve_pages() and kho_restore_pages() share: maximal naturally aligned
     * power-of-two runs, each {pa, order}.
     */
    static List<long[]> runs(long pa, long nrPages) {
        List<long[]> out = new ArrayList<>();
        long pfn = PhysicalMemory.pfn(pa);
        long end = pfn + nrPages;
        while (pfn < end) {
            int order = Math.min(Long.numberOfTrailingZeros(pfn), 63 - Long.numberOfLeadingZeros(end - pfn));
            out.add(new long[] {PhysicalMemory.pa(pfn), order});
            pfn += 1L << order;
        }
        return out;
    }

    /**
     * kho_alloc_preserve(): a zeroed folio of get_order(size) pages, preserved. Returns its PA, or
     * a negative errno (-EINVAL for size 0, -E2BIG above MAX_PAGE_ORDER, -ENOMEM).
     */
    long allocPreserve(long size, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_alloc_preserve")) {
            if (size == 0) {
                return -Errno.EINVAL;
            }
            int order = KernelMemory.getOrder(size);
            if (order > Kho.MAX_PAGE_ORDER) {
                return -Errno.E2BIG;
            }
            long pa = mm.allocPages(order, kind, owner);
            if (pa == 0) {
                return -Errno.ENOMEM;
            }
            int err = preserveRun(pa, order);
            if (err != 0) {
                mm.freePages(pa, order);
                return err;
            }
            return pa;
        }
    }

    /** kho_unpreserve_free(): the outgoing side gives back what kho_alloc_preserve() returned. */
    void unpreserveFree(long pa) {
        try (var f = trace.enter("kho_unpreserve_free")) {
            int order = PageMeta.order(mem.meta(PhysicalMemory.pfn(pa)));
            unpreserveRun(pa, order);
            mm.freePages(pa, order);
        }
    }
}

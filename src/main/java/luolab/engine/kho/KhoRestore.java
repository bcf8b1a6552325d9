package luolab.engine.kho;

import java.util.HashMap;
import java.util.Map;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The incoming side of preserved memory: kho_mem_retrieve() stamped the head struct page of
 * every run the previous kernel preserved ('KHOP' magic and the order in page->private); the
 * kho_restore_* calls consume that stamp, so a page can be restored once, only at its head and
 * only with its order. Pages nobody restores stay reserved for good, as in the kernel.
 */
final class KhoRestore {
    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    /** Head pfn → order of every page the previous kernel preserved and nobody restored yet. */
    private final Map<Long, Integer> incoming = new HashMap<>();

    KhoRestore(KernelMemory mm, KernelLog log) {
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.log = log;
    }

    /** The pages kho_mem_retrieve() stamped, as {@link KhoBoot#populate} collected them. */
    void adopt(Map<Long, Integer> preserved) {
        incoming.putAll(preserved);
    }

    int preservedCount() {
        return incoming.size();
    }

    /**
     * kho_restore_folio(): succeeds only for the head of a run the previous kernel preserved with
     * exactly this order and that was not restored yet ('KHOP' magic in page->private); otherwise
     * WARN and NULL. The page becomes an ordinary allocated page of this kernel.
     */
    boolean restoreFolio(long pa, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_folio")) {
            return restoreRun(pa, -1, kind, owner);
        }
    }

    /** kho_restore_page(): {@code wantOrder} -1 takes whatever order the stamp says (a folio). */
    private boolean restoreRun(long pa, int wantOrder, OwnerKind kind, String owner) {
        if ((pa & (PhysicalMemory.PAGE_SIZE - 1)) != 0 || !mem.contains(pa, 1)) {
            return false;
        }
        Integer order = incoming.get(PhysicalMemory.pfn(pa));
        if (order == null || (wantOrder >= 0 && order != wantOrder)) {
            log.warnOn("kernel/liveupdate/kexec_handover.c", "kho_restore_page");
            return false;
        }
        incoming.remove(PhysicalMemory.pfn(pa));
        mm.setOwner(pa, order, PageState.KERNEL, kind, owner);
        trace.emit(new TraceEvent.Restored(trace.phase(), trace.stack(), TraceEvent.RestoreKind.PAGE, owner, pa));
        return true;
    }

    /** kho_restore_pages(): re-splits the range like the preserve side; any failed run fails it. */
    boolean restorePages(long pa, long nrPages, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_pages")) {
            for (long[] run : KhoPreservation.runs(pa, nrPages)) {
                if (!restoreRun(run[0], (int) run[1], kind, owner)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The order the previous kernel preserved {@code pa} with, or -1 (not a preserved head). */
    int incomingOrder(long pa) {
        Integer o = incoming.get(PhysicalMemory.pfn(pa));
        return o == null ? -1 : o;
    }

    /** kho_restore_free(): restore what the previous kernel got from kho_alloc_preserve(), then free it. */
    void restoreFree(long pa) {
        try (var f = trace.enter("kho_restore_free")) {
            int order = incomingOrder(pa);
            if (order < 0 || !restoreRun(pa, order, OwnerKind.KERNEL_OTHER, "restored")) {
                // kho_restore_free(): if (!WARN_ON(!folio)) folio_put(folio);
                log.warnOn("kernel/liveupdate/kexec_handover.c", "kho_restore_free");
                log.note("kho_restore_folio(" + Kho.hex(pa) + ") failed: the page stays reserved");
                return;
            }
            mm.freePages(pa, order);
        }
    }
}

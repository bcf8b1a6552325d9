package luolab.engine.kho;

import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;

/**
 * free_reserved_area(__va(addr), __va(addr) + size, -1, "") as kho_init()'s err_free_scratch
 * calls it for every kho_scratch[] area: each page is free_reserved_page()d (ClearPageReserved,
 * __free_page) with its content left as it was (poison -1), then pr_info("Freeing %s memory:
 * %ldK\n") — s is "" and not NULL, so the line is printed with an empty name. On a cold boot that
 * gives back what kho_reserve_scratch() took. On a KHO boot kho_scratch[] is the previous
 * kernel's array and the new kernel's image lives inside it: the kernel frees those pages all the
 * same, and so does the lab. The pages go to the page allocator as ordinary free memory (not CMA).
 */
final class FreeReservedArea {
    private FreeReservedArea() {
    }

    static void free(KernelMemory mm, KernelLog log, Scratch s) {
        Trace trace = mm.trace();
        try (var f = trace.enter("free_reserved_area")) {
            freeReservedPages(mm, log, s);
        }
    }

    private static void freeReservedPages(KernelMemory mm, KernelLog log, Scratch s) {
        PhysicalMemory mem = mm.memory();
        Trace trace = mm.trace();
        long first = PhysicalMemory.pfn(s.addr());
        long count = s.size() >>> PhysicalMemory.PAGE_SHIFT;
        long runStart = -1;
        for (long pfn = first; pfn <= first + count; pfn++) {
            boolean freeIt = pfn < first + count && mem.containsPfn(pfn)
                    && PageMeta.state(mem.meta(pfn)) != PageState.FREE;
            if (freeIt) {
                mem.setMeta(pfn, PageMeta.pack(PageState.FREE, OwnerKind.NONE, 0, false, false, 0));
                if (runStart < 0) {
                    runStart = pfn;
                }
            } else if (runStart >= 0) {
                // the lab's allocator never held scratch pages, so none is freed twice here
                mm.buddy().addFreeRange(runStart, pfn - runStart);
                for (long[] run : KhoPreservation.runs(PhysicalMemory.pa(runStart), pfn - runStart)) {
                    trace.freed(run[0], (int) run[1]);
                }
                runStart = -1;
            }
        }
        if (count > 0) {
            log.info("Freeing  memory: " + (count << (PhysicalMemory.PAGE_SHIFT - 10)) + "K");
        }
    }
}

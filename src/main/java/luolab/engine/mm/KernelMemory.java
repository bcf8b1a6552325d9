package luolab.engine.mm;

import luolab.engine.memory.BuddyAllocator;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;

/**
 * One kernel's view of physical memory: its buddy allocator plus page ownership bookkeeping.
 * Every allocation here is zeroed (get_zeroed_page, kzalloc, shmem folios): the ABI structs the
 * lab writes always start from zero, as they do in the kernel.
 */
public final class KernelMemory {
    private final PhysicalMemory mem;
    private final BuddyAllocator buddy;
    private final Trace trace;

    public KernelMemory(PhysicalMemory mem, Trace trace) {
        this.mem = mem;
        this.trace = trace;
        this.buddy = new BuddyAllocator(mem.basePfn(), mem.nrPages());
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public BuddyAllocator buddy() {
        return buddy;
    }

    public Trace trace() {
        return trace;
    }

    /** get_order(): the smallest order whose 2^order pages hold {@code size} bytes. */
    public static int getOrder(long size) {
        long pages = (size + PhysicalMemory.PAGE_SIZE - 1) >>> PhysicalMemory.PAGE_SHIFT;
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }

    /** alloc_pages(GFP_KERNEL | __GFP_ZERO, order); returns the PA or 0 when out of memory. */
    public long allocPages(int order, OwnerKind kind, String owner) {
        return allocPages(order, kind, owner, PageState.KERNEL);
    }

    public long allocPages(int order, OwnerKind kind, String owner, PageState state) {
        long pfn = buddy.alloc(order);
        if (pfn < 0) {
            return 0;
        }
        int label = mem.label(owner);
        for (long i = 0; i < (1L << order); i++) {
            mem.zeroPage(pfn + i);
            mem.setMeta(pfn + i, PageMeta.pack(state, kind, order, false, i == 0, label));
        }
        long pa = PhysicalMemory.pa(pfn);
        trace.allocated(pa, order, kind, owner);
        return pa;
    }

    /** __free_pages(): content stays as it was (free memory is not cleared) until reused. */
    public void freePages(long pa, int order) {
        long pfn = PhysicalMemory.pfn(pa);
        for (long i = 0; i < (1L << order); i++) {
            long m = mem.meta(pfn + i);
            mem.setMeta(pfn + i, PageMeta.pack(PageState.FREE, OwnerKind.NONE, 0, PageMeta.preserved(m), false, 0));
        }
        buddy.free(pfn, order);
        trace.freed(pa, order);
    }

    /** Records who owns pages that were taken over rather than allocated (restored preserved pages). */
    public void setOwner(long pa, int order, PageState state, OwnerKind kind, String owner) {
        long pfn = PhysicalMemory.pfn(pa);
        int label = mem.label(owner);
        for (long i = 0; i < (1L << order); i++) {
            long m = mem.meta(pfn + i);
            mem.setMeta(pfn + i, PageMeta.pack(state, kind, order, PageMeta.preserved(m), i == 0, label));
        }
    }

    public void setPreservedBit(long pa, int order, boolean preserved) {
        long pfn = PhysicalMemory.pfn(pa);
        for (long i = 0; i < (1L << order); i++) {
            if (mem.containsPfn(pfn + i)) {
                mem.setMeta(pfn + i, PageMeta.withPreserved(mem.meta(pfn + i), preserved));
            }
        }
    }
}

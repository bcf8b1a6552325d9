package luolab.engine.memory;

import java.util.TreeSet;

/**
 * A binary buddy allocator over page frame numbers, orders 0..{@link #MAX_ORDER} like the
 * kernel's (MAX_PAGE_ORDER = 10: 4 MiB blocks). It hands out the lowest free block of the
 * smallest fitting order, so runs are deterministic and the memory map fills from the bottom.
 * It keeps no page contents; the kernel wrapper records ownership in {@link PageMeta}.
 */
public final class BuddyAllocator {
    public static final int MAX_ORDER = 10;

    private final long basePfn;
    private final long nrPages;
    @SuppressWarnings("unchecked")
    private final TreeSet<Long>[] free = new TreeSet[MAX_ORDER + 1];
    /** order+1 at the head pfn of every free block, 0 elsewhere: the buddy check of __free_one_page. */
    private final byte[] freeHead;
    private long freePages;

    public BuddyAllocator(long basePfn, long nrPages) {
        this.basePfn = basePfn;
        this.nrPages = nrPages;
        this.freeHead = new byte[(int) nrPages];
        for (int o = 0; o <= MAX_ORDER; o++) {
            free[o] = new TreeSet<>();
        }
    }

    public long freePages() {
        return freePages;
    }

    /** Gives [startPfn, startPfn+count) to the allocator as maximal naturally aligned blocks. */
    public void addFreeRange(long startPfn, long count) {
        long pfn = startPfn;
        long end = startPfn + count;
        while (pfn < end) {
            int order = Math.min(MAX_ORDER, Long.numberOfTrailingZeros(pfn));
            while (order > 0 && pfn + (1L << order) > end) {
                order--;
            }
            free(pfn, order);
            pfn += 1L << order;
        }
    }

    /** Allocates 2^order contiguous pages; returns the head pfn, or -1 (ENOMEM). */
    public long alloc(int order) {
        if (order < 0 || order > MAX_ORDER) {
            return -1;
        }
        for (int o = order; o <= MAX_ORDER; o++) {
            if (free[o].isEmpty()) {
                continue;
            }
            long pfn = free[o].pollFirst();
            freeHead[(int) (pfn - basePfn)] = 0;
            // expand(): give back the upper halves, largest first
            while (o > order) {
                o--;
                long buddy = pfn + (1L << o);
                free[o].add(buddy);
                freeHead[(int) (buddy - basePfn)] = (byte) (o + 1);
            }
            freePages -= 1L << order;
            return pfn;
        }
        return -1;
    }

    /** Returns a block, merging with its buddy while the buddy is a free block of the same order. */
    public void free(long pfn, int order) {
        freePages += 1L << order;
        while (order < MAX_ORDER) {
            long buddy = pfn ^ (1L << order);
            if (buddy < basePfn || buddy - basePfn >= nrPages || freeHead[(int) (buddy - basePfn)] != order + 1) {
                break;
            }
            free[order].remove(buddy);
            freeHead[(int) (buddy - basePfn)] = 0;
            pfn = Math.min(pfn, buddy);
            order++;
        }
        free[order].add(pfn);
        freeHead[(int) (pfn - basePfn)] = (byte) (order + 1);
    }

    /** Number of free blocks of each order, for the lesson on the buddy allocator. */
    public int[] freeBlocksPerOrder() {
        int[] n = new int[MAX_ORDER + 1];
        for (int o = 0; o <= MAX_ORDER; o++) {
            n[o] = free[o].size();
        }
        return n;
    }

    /** True if pfn lies inside a free block. */
    public boolean isFree(long pfn) {
        for (int o = 0; o <= MAX_ORDER; o++) {
            long head = pfn & ~((1L << o) - 1);
            if (head >= basePfn && head - basePfn < nrPages && freeHead[(int) (head - basePfn)] == o + 1) {
                return true;
            }
        }
        return false;
    }
}

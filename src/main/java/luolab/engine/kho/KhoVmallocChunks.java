package luolab.engine.kho;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.Trace;

/**
 * vmalloc preservation (kho_vmalloc.c in the "granular compatibility" RFC): a vmalloc'd area's
 * 2^order page runs are preserved one by one and their PAs listed in a chain of one-page struct
 * kho_vmalloc_chunk (hdr.next + 511 PAs, zero-terminated), the chunks preserved too; struct
 * kho_vmalloc ({@link KhoVmalloc}) names the first chunk. The next kernel walks the chain from
 * bytes, so a damaged chain is bounded here by the page count it must add up to.
 */
final class KhoVmallocChunks {
    /** PAs in one kho_vmalloc_chunk: (PAGE_SIZE - sizeof(hdr)) / sizeof(u64). */
    private static final int PHYS_PER_CHUNK = 511;

    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KhoPreservation out;
    private final KhoRestore in;

    KhoVmallocChunks(KernelMemory mm, KhoPreservation out, KhoRestore in) {
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.out = out;
        this.in = in;
    }

    /**
     * kho_preserve_vmalloc(): the area's pages (each a 2^order run) are preserved and their PAs
     * listed in a chain of one-page kho_vmalloc_chunk (next + 511 PAs, zero-terminated), the chunks
     * preserved too.
     */
    KhoVmalloc preserveVmalloc(List<Long> pages, int order, int[] err) {
        try (var f = trace.enter("kho_preserve_vmalloc")) {
            err[0] = 0;
            List<Long> chunks = new ArrayList<>();
            int slot = 0;
            long chunk = 0;
            for (long page : pages) {
                if (chunk == 0 || slot == PHYS_PER_CHUNK) {
                    long next = mm.allocPages(0, OwnerKind.VMALLOC_CHUNK, "kho_vmalloc_chunk");
                    if (next == 0 || out.preservePages(next, 1) != 0) {
                        err[0] = -Errno.ENOMEM;
                        unwindVmalloc(chunks, pages, order);
                        return null;
                    }
                    if (chunk != 0) {
                        mem.writeU64(chunk, next, Layouts.VMALLOC_CHUNK.ref("hdr.next"));
                    }
                    chunks.add(next);
                    chunk = next;
                    slot = 0;
                }
                int e = out.preservePages(page, 1L << order);
                if (e != 0) {
                    err[0] = e;
                    unwindVmalloc(chunks, pages.subList(0, pages.indexOf(page)), order);
                    return null;
                }
                mem.writeU64(chunk + 8 + 8L * slot, page, Layouts.VMALLOC_CHUNK.ref("phys"));
                slot++;
            }
            if (chunks.isEmpty()) {
                // an empty area still gets one (empty) chunk, as the kernel always allocates the first
                long c = mm.allocPages(0, OwnerKind.VMALLOC_CHUNK, "kho_vmalloc_chunk");
                if (c == 0 || out.preservePages(c, 1) != 0) {
                    err[0] = -Errno.ENOMEM;
                    return null;
                }
                chunks.add(c);
            }
            return new KhoVmalloc(chunks.get(0), pages.size() << order, KhoVmalloc.KHO_VMALLOC_ALLOC, order);
        }
    }

    private void unwindVmalloc(List<Long> chunks, List<Long> pages, int order) {
        for (long p : pages) {
            out.unpreservePages(p, 1L << order);
        }
        for (long c : chunks) {
            out.unpreservePages(c, 1);
            mm.freePages(c, 0);
        }
    }

    /** kho_unpreserve_vmalloc(): walks the chunk chain from bytes and unpreserves everything. */
    void unpreserveVmalloc(KhoVmalloc v) {
        try (var f = trace.enter("kho_unpreserve_vmalloc")) {
            long chunk = v.first();
            int guard = 0;
            while (chunk != 0 && guard++ < 1 + v.totalPages() / PHYS_PER_CHUNK + 1) {
                for (int i = 0; i < PHYS_PER_CHUNK; i++) {
                    long p = mem.u64(chunk + 8 + 8L * i);
                    if (p == 0) {
                        break;
                    }
                    out.unpreservePages(p, 1L << v.order());
                }
                long next = mem.u64(chunk);
                out.unpreservePages(chunk, 1);
                mm.freePages(chunk, 0);
                chunk = next;
            }
        }
    }

    /**
     * kho_restore_vmalloc() in the next kernel: checks the flags, restores every listed run and the
     * chunks, and fails (null) if anything was not preserved or the page count disagrees.
     */
    List<Long> restoreVmalloc(KhoVmalloc v, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_vmalloc")) {
            if ((v.flags() & ~KhoVmalloc.FLAGS_MASK) != 0 || v.order() > Kho.MAX_PAGE_ORDER) {
                return null;
            }
            List<Long> pages = new ArrayList<>();
            long chunk = v.first();
            int guard = 0;
            long limit = (long) v.totalPages() / PHYS_PER_CHUNK + 2;
            while (chunk != 0) {
                if (guard++ > limit || !mem.contains(chunk, PhysicalMemory.PAGE_SIZE)) {
                    return null;
                }
                for (int i = 0; i < PHYS_PER_CHUNK; i++) {
                    long p = mem.u64(chunk + 8 + 8L * i);
                    if (p == 0) {
                        break;
                    }
                    if (pages.size() << v.order() >= v.totalPages() || !in.restorePages(p, 1L << v.order(), kind, owner)) {
                        return null;
                    }
                    pages.add(p);
                }
                long next = mem.u64(chunk);
                if (!in.restorePages(chunk, 1, OwnerKind.VMALLOC_CHUNK, "kho_vmalloc_chunk (restored)")) {
                    return null;
                }
                mm.freePages(chunk, 0);
                chunk = next;
            }
            if ((long) pages.size() << v.order() != v.totalPages()) {
                return null;
            }
            return pages;
        }
    }
}

package luolab.engine.kho;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.FdtException;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.LibFdt;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * Kexec HandOver for one boot (kernel/liveupdate/kexec_handover.c, radix-tree version, no
 * finalize step): the outgoing side keeps a live root FDT and preserved-memory radix tree that
 * the next kernel reads in place; the incoming side remembers which pages the previous kernel
 * preserved (the 'KHOP' stamp in struct page) until a kho_restore_* call takes them.
 */
public final class Kho {
    public static final String PROP_PRESERVED_MEMORY_MAP = "preserved-memory-map";
    public static final String PROP_SUB_FDT = "preserved-data";
    public static final String PROP_BLOB_SIZE = "blob-size";
    public static final String KEXEC_METADATA = "kexec-metadata";
    public static final int KEXEC_METADATA_VERSION = 1;
    /** Page-order limit of kho_alloc_preserve (MAX_PAGE_ORDER). */
    public static final int MAX_PAGE_ORDER = 10;

    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    private final String compatible;
    private KhoRadixTree radix;
    private long fdtPa;
    private FdtNode fdt;

    /** Incoming: head pfn → order of every page the previous kernel preserved and nobody restored yet. */
    private final Map<Long, Integer> incoming = new HashMap<>();
    /** kho_in.fdt_phys: the accepted incoming FDT, 0 on a cold boot or when revival was disabled. */
    private long incomingFdtPa;
    private boolean enabled = true;
    private long incomingKexecCount;
    private long kexecCount;
    /** kho_scratch[]: the areas kho_init() releases to the page allocator when it fails. */
    private List<Scratch> scratch = List.of();
    /** WARN_ON_ONCE(!tree->root) in kho_radix_add_page() / kho_radix_del_page(): one report per boot each. */
    private boolean warnedAddNoRoot;
    private boolean warnedDelNoRoot;

    public Kho(KernelMemory mm, KernelLog log, String compatible) {
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.log = log;
        this.compatible = compatible;
    }

    public String compatible() {
        return compatible;
    }

    public boolean enabled() {
        return enabled;
    }

    /** is_kho_boot(): the previous kernel's handover was accepted. */
    public boolean isKhoBoot() {
        return incomingFdtPa != 0;
    }

    public long fdtPa() {
        return fdtPa;
    }

    public FdtNode outgoingFdt() {
        return fdt;
    }

    /** PA of the incoming KHO FDT (kho_in.fdt_phys), 0 when this is not a KHO boot. */
    public long incomingFdtPa() {
        return incomingFdtPa;
    }

    public KhoRadixTree radix() {
        return radix;
    }

    /** Takes over what kho_populate()/kho_mem_retrieve() read from the previous kernel's bytes. */
    public void adoptIncomingFrom(long fdtPa, Map<Long, Integer> preserved) {
        this.incomingFdtPa = fdtPa;
        this.incoming.putAll(preserved);
    }

    public int incomingPreservedCount() {
        return incoming.size();
    }

    // ---- kho_init ------------------------------------------------------------------------------

    /** kho_init() with no scratch areas to release on failure (unit tests of KHO alone). */
    public int init(String release) {
        return init(release, List.of());
    }

    /**
     * kho_init(), an fs_initcall: allocates the radix root, the root FDT page
     * (kho_alloc_preserve(PAGE_SIZE)), writes compatible and preserved-memory-map, then
     * kho_kexec_metadata_init(): on a KHO boot the previous kernel's "kexec-metadata" record is
     * read and logged first, then the outgoing one is added. It runs after LUO's early_initcall,
     * which is why the incoming side (kho_in, set by kho_populate()) must not depend on it.
     * Failures go through kho_init()'s unwind labels ({@link #failInit}) without a message of
     * kho_init()'s own; only kho_kexec_metadata_init() warns about its part. {@code scratch} is
     * kho_scratch[]: reserved by kho_reserve_scratch() on a cold boot, the previous kernel's array
     * on a KHO boot.
     */
    public int init(String release, List<Scratch> scratch) {
        this.scratch = List.copyOf(scratch);
        try (var f = trace.enter("kho_init")) {
            long root = mm.allocPages(0, OwnerKind.KHO_RADIX, "KHO radix root (L5)");
            if (root == 0) {
                // tree->root = kzalloc() failed: goto err_free_scratch
                return failInit(-Errno.ENOMEM, InitStage.ROOT);
            }
            radix = new KhoRadixTree(mm, root);
            long pa = allocPreserve(PhysicalMemory.PAGE_SIZE, OwnerKind.KHO_FDT, "KHO root FDT");
            if (pa < 0) {
                // kho_alloc_preserve() failed: goto err_free_kho_radix_tree_root
                return failInit((int) pa, InitStage.FDT);
            }
            fdtPa = pa;
            fdt = FdtNode.newRoot();
            fdt.setString("compatible", compatible);
            fdt.setU64LE(PROP_PRESERVED_MEMORY_MAP, root);
            // kho_out_fdt_setup(); kho_debugfs_init()/kho_out_debugfs_init() are not modelled
            int err = writeFdt("/");
            if (err != 0) {
                return failInit(err, InitStage.AFTER_FDT);
            }
            if (isKhoBoot()) {
                incomingKexecCount = inKexecMetadata();
            }
            err = outKexecMetadata(release);
            if (err != 0) {
                // kho_kexec_metadata_init(): pr_warn with a plain %d
                log.warn(KhoBoot.PR + "failed to initialize kexec-metadata subtree: " + err);
                return failInit(err, InitStage.AFTER_FDT);
            }
            return 0;
        }
    }

    /** How far kho_init() got: which of its unwind labels a failure jumps to. */
    private enum InitStage {
        /** err_free_scratch: no radix root was allocated. */
        ROOT,
        /** err_free_kho_radix_tree_root: the root exists, the FDT does not. */
        FDT,
        /** err_free_fdt: root and FDT exist. */
        AFTER_FDT
    }

    /**
     * kho_init()'s unwind (kexec_handover.c), falling through its labels:
     * <ul>
     * <li>err_free_fdt: kho_unpreserve_free(kho_out.fdt) — the FDT's radix bit is cleared and
     * the page freed. kho_radix_del_page() never frees nodes, so the branch below the root that
     * kho_alloc_preserve() built for the FDT (and for the kexec-metadata blob, if it got that
     * far) stays allocated and unreachable once the root goes: the kernel leaks those pages, and
     * so does the lab.</li>
     * <li>err_free_kho_radix_tree_root: kfree(tree->root); tree->root = NULL. Later
     * kho_preserve_*() calls then hit WARN_ON_ONCE(!tree->root) and get -EINVAL.</li>
     * <li>err_free_scratch: kho_out.fdt = NULL; free_reserved_area(start, end, -1, "") over every
     * kho_scratch[] area — the scratch pages go to the page allocator as ordinary free memory
     * (not CMA); then kho_enable = false.</li>
     * </ul>
     */
    private int failInit(int err, InitStage stage) {
        if (stage == InitStage.AFTER_FDT) {
            unpreserveFree(fdtPa);
        }
        if (stage != InitStage.ROOT) {
            mm.freePages(radix.rootPa(), 0);
            radix = null;
        }
        fdtPa = 0;
        fdt = null;
        for (Scratch s : scratch) {
            freeReservedArea(s);
        }
        enabled = false;
        return err;
    }

    /**
     * free_reserved_area(__va(addr), __va(addr) + size, -1, ""): each page is
     * free_reserved_page()d (ClearPageReserved, __free_page) with its content left as it was
     * (poison -1), then pr_info("Freeing %s memory: %ldK\n") — s is "" and not NULL, so the line
     * is printed with an empty name. On a cold boot that gives back what kho_reserve_scratch()
     * took. On a KHO boot kho_scratch[] is the previous kernel's array and the new kernel's image
     * lives inside it: the kernel frees those pages all the same, and so does the lab.
     */
    private void freeReservedArea(Scratch s) {
        try (var f = trace.enter("free_reserved_area")) {
            freeReservedPages(s);
        }
    }

    private void freeReservedPages(Scratch s) {
        long first = PhysicalMemory.pfn(s.addr());
        long count = s.size() >>> PhysicalMemory.PAGE_SHIFT;
        long runStart = -1;
        for (long pfn = first; pfn <= first + count; pfn++) {
            boolean freeIt = pfn < first + count && mem.containsPfn(pfn)
                    && luolab.engine.memory.PageMeta.state(mem.meta(pfn)) != PageState.FREE;
            if (freeIt) {
                mem.setMeta(pfn, luolab.engine.memory.PageMeta.pack(PageState.FREE, OwnerKind.NONE, 0, false, false, 0));
                if (runStart < 0) {
                    runStart = pfn;
                }
            } else if (runStart >= 0) {
                // the lab's allocator never held scratch pages, so none is freed twice here
                mm.buddy().addFreeRange(runStart, pfn - runStart);
                for (long[] run : runs(PhysicalMemory.pa(runStart), pfn - runStart)) {
                    trace.freed(run[0], (int) run[1]);
                }
                runStart = -1;
            }
        }
        if (count > 0) {
            log.info("Freeing  memory: " + (count << (PhysicalMemory.PAGE_SHIFT - 10)) + "K");
        }
    }

    /**
     * kho_out_kexec_metadata(): the record for the next kernel. kexec_count is always
     * kho_in.kexec_count + 1 (a u32), and kho_in.kexec_count is 0 unless the previous kernel's
     * record was read, so a cold boot writes 1 and the first kexec logs "(count 1)". A failed
     * kho_add_subtree() gives the blob back with kho_unpreserve_free().
     */
    private int outKexecMetadata(String release) {
        kexecCount = (incomingKexecCount + 1) & 0xffffffffL;
        long meta = allocPreserve(Layouts.KEXEC_METADATA.size(), OwnerKind.KEXEC_METADATA, "kexec metadata");
        if (meta < 0) {
            return (int) meta;
        }
        byte[] m = new byte[Layouts.KEXEC_METADATA.size()];
        luolab.engine.memory.LittleEndian.putU32(m, 0, KEXEC_METADATA_VERSION);
        luolab.engine.memory.LittleEndian.putCString(m, 4, 65, release);
        luolab.engine.memory.LittleEndian.putU32(m, 69, kexecCount);
        mem.write(meta, m, Layouts.KEXEC_METADATA.whole());
        int err = addSubtree(KEXEC_METADATA, meta, Layouts.KEXEC_METADATA.size());
        if (err != 0) {
            unpreserveFree(meta);
        }
        return err;
    }

    /**
     * kho_in_kexec_metadata(): the "kexec-metadata" subtree through kho_retrieve_subtree(), the
     * version and sizes checked with the kernel's warnings; any failure means 0 ("previous kernel
     * didn't export metadata" is fine). The fields are copied out and the blob is never
     * kho_restore_free()d: the previous kernel's metadata page stays reserved. A wild
     * preserved-data is read in place: a page fault.
     */
    private long inKexecMetadata() {
        int[] err = new int[1];
        long[] sub = retrieveSubtree(KEXEC_METADATA, err);
        if (sub == null) {
            return 0;
        }
        long pa = sub[0];
        long size = sub[1];
        if (Long.compareUnsigned(size, 4) < 0) {
            log.warn(KhoBoot.PR + "kexec-metadata blob too small (" + Long.toUnsignedString(size) + " bytes)");
            return 0;
        }
        long version = mem.u32(pa);
        if (version != KEXEC_METADATA_VERSION) {
            log.warn(KhoBoot.PR + "kexec-metadata version " + version + " not supported (expected " + KEXEC_METADATA_VERSION + ")");
            return 0;
        }
        int full = Layouts.KEXEC_METADATA.size();
        if (Long.compareUnsigned(size, full) < 0) {
            log.warn(KhoBoot.PR + "kexec-metadata blob too small for v" + version + " (" + size + " < " + full + ")");
            return 0;
        }
        long count = mem.u32(pa + 69);
        // strscpy(previous_release, ..., 65) then pr_info("exec from: %s (count %u)")
        log.info(KhoBoot.PR + "exec from: " + mem.cstring(pa + 4, 64) + " (count " + count + ")");
        return count;
    }

    /** kho_in.kexec_count: what the previous kernel's kexec-metadata said (0 if none was read). */
    public long incomingKexecCount() {
        return incomingKexecCount;
    }

    /** The kexec_count this kernel writes for the next one: kho_in.kexec_count + 1. */
    public long kexecCount() {
        return kexecCount;
    }

    /** The root FDT is edited in place: re-pack it into its page after every change. */
    private int writeFdt(String changedPath) {
        try {
            byte[] blob = FdtWriter.write(fdt, PhysicalMemory.PAGE_SIZE);
            mem.write(fdtPa, blob, FieldRef.of("fdt", changedPath));
            trace.emit(new TraceEvent.FdtNode(trace.phase(), trace.stack(), "KHO", changedPath, fdtPa));
            return 0;
        } catch (FdtException e) {
            return -Errno.ENOMEM;
        }
    }

    // ---- preservation (outgoing) ----------------------------------------------------------------

    /** kho_preserve_folio(): one radix key for (pfn, folio order). */
    public int preserveFolio(long pa, int order) {
        try (var f = trace.enter("kho_preserve_folio")) {
            return preserveRun(pa, order);
        }
    }

    private int preserveRun(long pa, int order) {
        if (radix == null) {
            // kho_init() failed (or has not run): kho_radix_add_page() has WARN_ON_ONCE(!tree->root), -EINVAL
            if (!warnedAddNoRoot) {
                warnedAddNoRoot = true;
                log.warn("WARNING: CPU: 0 PID: 1 at kernel/liveupdate/kexec_handover.c kho_radix_add_page");
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

    public void unpreserveFolio(long pa, int order) {
        try (var f = trace.enter("kho_unpreserve_folio")) {
            unpreserveRun(pa, order);
        }
    }

    private void unpreserveRun(long pa, int order) {
        if (radix == null) {
            // kho_radix_del_page(): WARN_ON_ONCE(!tree->root) and return
            if (!warnedDelNoRoot) {
                warnedDelNoRoot = true;
                log.warn("WARNING: CPU: 0 PID: 1 at kernel/liveupdate/kexec_handover.c kho_radix_del_page");
            }
            return;
        }
        if (!radix.remove(pa, order)) {
            log.warn("WARNING: kho_radix_del_page: no preserved entry for " + hex(pa) + " order " + order);
            return;
        }
        mm.setPreservedBit(pa, order, false);
        trace.emit(new TraceEvent.Preserve(trace.phase(), trace.stack(), pa, order, false));
    }

    /**
     * kho_preserve_pages(): the range is split into maximal naturally aligned power-of-two runs
     * (order = min(ctz(pfn), ilog2(remaining))), one key each, rolled back on error.
     */
    public int preservePages(long pa, long nrPages) {
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

    public void unpreservePages(long pa, long nrPages) {
        try (var f = trace.enter("kho_unpreserve_pages")) {
            for (long[] run : runs(pa, nrPages)) {
                unpreserveRun(run[0], (int) run[1]);
            }
        }
    }

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
    public long allocPreserve(long size, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_alloc_preserve")) {
            if (size == 0) {
                return -Errno.EINVAL;
            }
            int order = KernelMemory.getOrder(size);
            if (order > MAX_PAGE_ORDER) {
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
    public void unpreserveFree(long pa) {
        try (var f = trace.enter("kho_unpreserve_free")) {
            int order = luolab.engine.memory.PageMeta.order(mem.meta(PhysicalMemory.pfn(pa)));
            unpreserveRun(pa, order);
            mm.freePages(pa, order);
        }
    }

    // ---- subtrees ------------------------------------------------------------------------------

    /** kho_add_subtree(): node {@code name} with preserved-data = PA and blob-size; -EEXIST if present. */
    public int addSubtree(String name, long blobPa, long size) {
        try (var f = trace.enter("kho_add_subtree")) {
            if (fdt == null) {
                // kho_init() failed and left kho_out.fdt NULL: fdt_open_into(NULL, ...) reads the
                // header at address 0, a NULL pointer dereference
                throw new luolab.engine.memory.PageFault(0);
            }
            if (fdt.child(name).isPresent()) {
                return -Errno.EEXIST;
            }
            FdtNode node;
            try {
                node = fdt.addChild(name);
            } catch (FdtException e) {
                return -Errno.ENOMEM;
            }
            node.setU64LE(PROP_SUB_FDT, blobPa);
            node.setU64LE(PROP_BLOB_SIZE, size);
            int err = writeFdt("/" + name);
            if (err != 0) {
                fdt.removeChild(name);
                writeFdt("/");
            }
            return err;
        }
    }

    /** kho_remove_subtree(): deletes the node whose preserved-data equals {@code blobPa}. */
    public void removeSubtree(long blobPa) {
        try (var f = trace.enter("kho_remove_subtree")) {
            if (fdt == null) {
                // as kho_add_subtree(): fdt_open_into() on kho_out.fdt == NULL
                throw new luolab.engine.memory.PageFault(0);
            }
            for (FdtNode child : new ArrayList<>(fdt.children())) {
                if (child.getU64LE(PROP_SUB_FDT).orElse(-1) == blobPa) {
                    fdt.removeChild(child.name());
                    writeFdt("/");
                    return;
                }
            }
        }
    }

    /**
     * kho_retrieve_subtree(): libfdt lookups in the incoming FDT, read in place (a wild offset
     * faults). Returns {pa, size}; errors as the kernel's: no incoming FDT or no node → -ENOENT;
     * preserved-data missing or not 8 bytes → -EINVAL; blob-size missing or not 8 bytes → "broken
     * KHO subnode" and -EINVAL.
     */
    public long[] retrieveSubtree(String name, int[] err) {
        try (var f = trace.enter("kho_retrieve_subtree")) {
            err[0] = 0;
            if (incomingFdtPa == 0) {
                err[0] = -Errno.ENOENT;
                return null;
            }
            LibFdt fdt = KhoBoot.fdt(mem, incomingFdtPa);
            int node = fdt.subnodeOffset(0, name);
            if (node < 0) {
                err[0] = -Errno.ENOENT;
                return null;
            }
            LibFdt.Prop data = fdt.getprop(node, PROP_SUB_FDT);
            if (!data.found() || data.len() != 8) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            long pa = fdt.u64le(data.value());
            LibFdt.Prop size = fdt.getprop(node, PROP_BLOB_SIZE);
            if (!size.found() || size.len() != 8) {
                log.warn("KHO: broken KHO subnode '" + name + "': missing or invalid blob-size property");
                err[0] = -Errno.EINVAL;
                return null;
            }
            return new long[] {pa, fdt.u64le(size.value())};
        }
    }

    // ---- vmalloc -------------------------------------------------------------------------------

    /**
     * kho_preserve_vmalloc(): the area's pages (each a 2^order run) are preserved and their PAs
     * listed in a chain of one-page kho_vmalloc_chunk (next + 511 PAs, zero-terminated), the chunks
     * preserved too.
     */
    public KhoVmalloc preserveVmalloc(List<Long> pages, int order, int[] err) {
        try (var f = trace.enter("kho_preserve_vmalloc")) {
            err[0] = 0;
            List<Long> chunks = new ArrayList<>();
            int slot = 0;
            long chunk = 0;
            for (long page : pages) {
                if (chunk == 0 || slot == 511) {
                    long next = mm.allocPages(0, OwnerKind.VMALLOC_CHUNK, "kho_vmalloc_chunk");
                    if (next == 0 || preservePages(next, 1) != 0) {
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
                int e = preservePages(page, 1L << order);
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
                if (c == 0 || preservePages(c, 1) != 0) {
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
            unpreservePages(p, 1L << order);
        }
        for (long c : chunks) {
            unpreservePages(c, 1);
            mm.freePages(c, 0);
        }
    }

    /** kho_unpreserve_vmalloc(): walks the chunk chain from bytes and unpreserves everything. */
    public void unpreserveVmalloc(KhoVmalloc v) {
        try (var f = trace.enter("kho_unpreserve_vmalloc")) {
            long chunk = v.first();
            int guard = 0;
            while (chunk != 0 && guard++ < 1 + v.totalPages() / 511 + 1) {
                for (int i = 0; i < 511; i++) {
                    long p = mem.u64(chunk + 8 + 8L * i);
                    if (p == 0) {
                        break;
                    }
                    unpreservePages(p, 1L << v.order());
                }
                long next = mem.u64(chunk);
                unpreservePages(chunk, 1);
                mm.freePages(chunk, 0);
                chunk = next;
            }
        }
    }

    /**
     * kho_restore_vmalloc() in the next kernel: checks the flags, restores every listed run and the
     * chunks, and fails (null) if anything was not preserved or the page count disagrees.
     */
    public List<Long> restoreVmalloc(KhoVmalloc v, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_vmalloc")) {
            if ((v.flags() & ~KhoVmalloc.FLAGS_MASK) != 0 || v.order() > MAX_PAGE_ORDER) {
                return null;
            }
            List<Long> pages = new ArrayList<>();
            long chunk = v.first();
            int guard = 0;
            long limit = (long) v.totalPages() / 511 + 2;
            while (chunk != 0) {
                if (guard++ > limit || !mem.contains(chunk, PhysicalMemory.PAGE_SIZE)) {
                    return null;
                }
                for (int i = 0; i < 511; i++) {
                    long p = mem.u64(chunk + 8 + 8L * i);
                    if (p == 0) {
                        break;
                    }
                    if (pages.size() << v.order() >= v.totalPages() || !restorePages(p, 1L << v.order(), kind, owner)) {
                        return null;
                    }
                    pages.add(p);
                }
                long next = mem.u64(chunk);
                if (!restorePages(chunk, 1, OwnerKind.VMALLOC_CHUNK, "kho_vmalloc_chunk (restored)")) {
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

    // ---- restore (incoming) ----------------------------------------------------------------------

    /**
     * kho_restore_folio(): succeeds only for the head of a run the previous kernel preserved with
     * exactly this order and that was not restored yet ('KHOP' magic in page->private); otherwise
     * WARN and NULL. The page becomes an ordinary allocated page of this kernel.
     */
    public boolean restoreFolio(long pa, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_folio")) {
            return restoreRun(pa, -1, kind, owner);
        }
    }

    private boolean restoreRun(long pa, int wantOrder, OwnerKind kind, String owner) {
        if ((pa & (PhysicalMemory.PAGE_SIZE - 1)) != 0 || !mem.contains(pa, 1)) {
            return false;
        }
        Integer order = incoming.get(PhysicalMemory.pfn(pa));
        if (order == null || (wantOrder >= 0 && order != wantOrder)) {
            log.warn("WARNING: CPU: 0 PID: 1 at kernel/liveupdate/kexec_handover.c kho_restore_page");
            return false;
        }
        incoming.remove(PhysicalMemory.pfn(pa));
        mm.setOwner(pa, order, PageState.KERNEL, kind, owner);
        trace.emit(new TraceEvent.Restored(trace.phase(), trace.stack(), TraceEvent.RestoreKind.PAGE, owner, pa));
        return true;
    }

    /** kho_restore_pages(): re-splits the range like the preserve side; any failed run fails it. */
    public boolean restorePages(long pa, long nrPages, OwnerKind kind, String owner) {
        try (var f = trace.enter("kho_restore_pages")) {
            for (long[] run : runs(pa, nrPages)) {
                if (!restoreRun(run[0], (int) run[1], kind, owner)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The order the previous kernel preserved {@code pa} with, or -1 (not a preserved head). */
    public int incomingOrder(long pa) {
        Integer o = incoming.get(PhysicalMemory.pfn(pa));
        return o == null ? -1 : o;
    }

    /** kho_restore_free(): restore what the previous kernel got from kho_alloc_preserve(), then free it. */
    public void restoreFree(long pa) {
        try (var f = trace.enter("kho_restore_free")) {
            int order = incomingOrder(pa);
            if (order < 0 || !restoreRun(pa, order, OwnerKind.KERNEL_OTHER, "restored")) {
                log.warn("WARNING: kho_restore_free: unable to restore " + hex(pa));
                return;
            }
            mm.freePages(pa, order);
        }
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

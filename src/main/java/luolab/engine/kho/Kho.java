package luolab.engine.kho;

import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.fdt.FdtNode;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;

/**
 * Kexec HandOver for one boot (kernel/liveupdate/kexec_handover.c, radix-tree version, no
 * finalize step): the outgoing side keeps a live root FDT and preserved-memory radix tree that
 * the next kernel reads in place; the incoming side remembers which pages the previous kernel
 * preserved (the 'KHOP' stamp in struct page) until a kho_restore_* call takes them.
 *
 * This class is kho_init() and the API of include/linux/kexec_handover.h that the rest of the
 * engine calls; each part of kexec_handover.c lives in its own collaborator:
 * {@link KhoPreservation} (kho_preserve_* / kho_alloc_preserve, the radix tree),
 * {@link KhoRestore} (kho_restore_*), {@link KhoFdt} (the root FDTs and their subtrees),
 * {@link KhoVmallocChunks} (vmalloc preservation), {@link KhoKexecMetadata} and
 * {@link FreeReservedArea} (kho_init()'s scratch unwind).
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
    private final Trace trace;
    private final KernelLog log;
    private final String compatible;
    private final KhoPreservation out;
    private final KhoRestore in;
    private final KhoFdt fdts;
    private final KhoVmallocChunks vmalloc;
    private final KhoKexecMetadata metadata;
    private boolean enabled = true;
    /** kho_scratch[]: the areas kho_init() releases to the page allocator when it fails. */
    private List<Scratch> scratch = List.of();

    public Kho(KernelMemory mm, KernelLog log, String compatible) {
        this.mm = mm;
        this.trace = mm.trace();
        this.log = log;
        this.compatible = compatible;
        this.out = new KhoPreservation(mm, log);
        this.in = new KhoRestore(mm, log);
        this.fdts = new KhoFdt(mm.memory(), trace, log);
        this.vmalloc = new KhoVmallocChunks(mm, out, in);
        this.metadata = new KhoKexecMetadata(mm.memory(), log, out, fdts);
    }

    public String compatible() {
        return compatible;
    }

    public boolean enabled() {
        return enabled;
    }

    /** is_kho_boot(): the previous kernel's handover was accepted. */
    public boolean isKhoBoot() {
        return fdts.incomingFdtPa() != 0;
    }

    public long fdtPa() {
        return fdts.fdtPa();
    }

    public FdtNode outgoingFdt() {
        return fdts.fdt();
    }

    /** PA of the incoming KHO FDT (kho_in.fdt_phys), 0 when this is not a KHO boot. */
    public long incomingFdtPa() {
        return fdts.incomingFdtPa();
    }

    public KhoRadixTree radix() {
        return out.radix();
    }

    /** Takes over what kho_populate()/kho_mem_retrieve() read from the previous kernel's bytes. */
    public void adoptIncomingFrom(long fdtPa, Map<Long, Integer> preserved) {
        fdts.adoptIncoming(fdtPa);
        in.adopt(preserved);
    }

    public int incomingPreservedCount() {
        return in.preservedCount();
    }

    /** kho_in.kexec_count: what the previous kernel's kexec-metadata said (0 if none was read). */
    public long incomingKexecCount() {
        return metadata.incomingKexecCount();
    }

    /** The kexec_count this kernel writes for the next one: kho_in.kexec_count + 1. */
    public long kexecCount() {
        return metadata.kexecCount();
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
            out.rootAllocated(root);
            long pa = out.allocPreserve(PhysicalMemory.PAGE_SIZE, OwnerKind.KHO_FDT, "KHO root FDT");
            if (pa < 0) {
                // kho_alloc_preserve() failed: goto err_free_kho_radix_tree_root
                return failInit((int) pa, InitStage.FDT);
            }
            // kho_out_fdt_setup(); kho_debugfs_init()/kho_out_debugfs_init() are not modelled
            int err = fdts.setup(pa, compatible, root);
            if (err != 0) {
                return failInit(err, InitStage.AFTER_FDT);
            }
            err = metadata.init(release, isKhoBoot());
            if (err != 0) {
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
     * <li>err_free_scratch: kho_out.fdt = NULL; free_reserved_area() over every kho_scratch[]
     * area ({@link FreeReservedArea}); then kho_enable = false.</li>
     * </ul>
     */
    private int failInit(int err, InitStage stage) {
        if (stage == InitStage.AFTER_FDT) {
            out.unpreserveFree(fdts.fdtPa());
        }
        if (stage != InitStage.ROOT) {
            out.freeRoot();
        }
        fdts.drop();
        for (Scratch s : scratch) {
            FreeReservedArea.free(mm, log, s);
        }
        enabled = false;
        return err;
    }

    // ---- preservation (outgoing): KhoPreservation ------------------------------------------------

    /** kho_preserve_folio(): one radix key for (pfn, folio order). */
    public int preserveFolio(long pa, int order) {
        return out.preserveFolio(pa, order);
    }

    /** kho_unpreserve_folio(). */
    public void unpreserveFolio(long pa, int order) {
        out.unpreserveFolio(pa, order);
    }

    /** kho_preserve_pages(): maximal aligned power-of-two runs, one key each, rolled back on error. */
    public int preservePages(long pa, long nrPages) {
        return out.preservePages(pa, nrPages);
    }

    /** kho_unpreserve_pages(). */
    public void unpreservePages(long pa, long nrPages) {
        out.unpreservePages(pa, nrPages);
    }

    /** kho_alloc_preserve(): PA of a zeroed, preserved folio of get_order(size), or a negative errno. */
    public long allocPreserve(long size, OwnerKind kind, String owner) {
        return out.allocPreserve(size, kind, owner);
    }

    /** kho_unpreserve_free(): the outgoing side gives back what kho_alloc_preserve() returned. */
    public void unpreserveFree(long pa) {
        out.unpreserveFree(pa);
    }

    // ---- subtrees: KhoFdt ------------------------------------------------------------------------

    /** kho_add_subtree(): node {@code name} with preserved-data = PA and blob-size; -EEXIST if present. */
    public int addSubtree(String name, long blobPa, long size) {
        return fdts.addSubtree(name, blobPa, size);
    }

    /** kho_remove_subtree(): deletes the node whose preserved-data equals {@code blobPa}. */
    public void removeSubtree(long blobPa) {
        fdts.removeSubtree(blobPa);
    }

    /** kho_retrieve_subtree(): {pa, size} from the incoming FDT, or null with the errno in err[0]. */
    public long[] retrieveSubtree(String name, int[] err) {
        return fdts.retrieveSubtree(name, err);
    }

    // ---- vmalloc: KhoVmallocChunks ---------------------------------------------------------------

    /** kho_preserve_vmalloc(): null with the errno in err[0] on failure. */
    public KhoVmalloc preserveVmalloc(List<Long> pages, int order, int[] err) {
        return vmalloc.preserveVmalloc(pages, order, err);
    }

    /** kho_unpreserve_vmalloc(). */
    public void unpreserveVmalloc(KhoVmalloc v) {
        vmalloc.unpreserveVmalloc(v);
    }

    /** kho_restore_vmalloc() in the next kernel: the restored runs' PAs, or null. */
    public List<Long> restoreVmalloc(KhoVmalloc v, OwnerKind kind, String owner) {
        return vmalloc.restoreVmalloc(v, kind, owner);
    }

    // ---- restore (incoming): KhoRestore ----------------------------------------------------------

    /** kho_restore_folio(): only the head of an unrestored run, with its preserved order. */
    public boolean restoreFolio(long pa, OwnerKind kind, String owner) {
        return in.restoreFolio(pa, kind, owner);
    }

    /** kho_restore_pages(): re-splits the range like the preserve side; any failed run fails it. */
    public boolean restorePages(long pa, long nrPages, OwnerKind kind, String owner) {
        return in.restorePages(pa, nrPages, kind, owner);
    }

    /** The order the previous kernel preserved {@code pa} with, or -1 (not a preserved head). */
    public int incomingOrder(long pa) {
        return in.incomingOrder(pa);
    }

    /** kho_restore_free(): restore what the previous kernel got from kho_alloc_preserve(), then free it. */
    public void restoreFree(long pa) {
        in.restoreFree(pa);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

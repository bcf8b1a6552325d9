package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * kho_init()'s unwind (kernel/liveupdate/kexec_handover.c, linux-mm 65660710) on a whole
 * machine, and what the rest of the kernel does with KHO disabled afterwards. The machines are
 * cold-booted in just enough RAM for the image (256 KiB) and the scratch areas (512 KiB), plus
 * {@code spare} pages: kho_init() runs out of memory at each of its steps in turn.
 *
 * <p>The kernel's labels: err_free_fdt → kho_unpreserve_free(kho_out.fdt);
 * err_free_kho_radix_tree_root → kfree(tree->root), tree->root = NULL; err_free_scratch →
 * kho_out.fdt = NULL, free_reserved_area(..., -1, "") over each kho_scratch[] area, kho_enable =
 * false. kho_radix_del_page() never frees nodes, so the branch built for the FDT key is leaked.
 */
class KhoInitCleanupTest {
    private static final long TIGHT_RAM = (768L << 10);

    private static Machine tight(int spare) {
        return Machine.coldBoot(TIGHT_RAM + (long) spare * PhysicalMemory.PAGE_SIZE, Abi.V7, Trace.off());
    }

    private static long countKind(PhysicalMemory mem, OwnerKind kind) {
        long n = 0;
        for (long pfn = mem.basePfn(); pfn < mem.basePfn() + mem.nrPages(); pfn++) {
            long m = mem.meta(pfn);
            if (PageMeta.state(m) != PageState.FREE && PageMeta.kind(m) == kind) {
                n++;
            }
        }
        return n;
    }

    /** The first machine (fewest spare pages) whose kho_init() failed in kho_out_kexec_metadata(). */
    private static Machine failedAtMetadata() {
        for (int spare = 0; spare < 32; spare++) {
            Machine m = tight(spare);
            if (!m.kernel().kho().enabled() && EngineTestSupport.hasLine(m.kernel(), "KHO: failed to initialize kexec-metadata subtree: -12")) {
                return m;
            }
        }
        throw new AssertionError("no spare page count makes kho_out_kexec_metadata() fail");
    }

    @Test
    void aFailedKhoInitReleasesScratchAndFreesRootAndFdtAtEveryStep() {
        List<String> stages = new ArrayList<>();
        for (int spare = 0; spare < 32; spare++) {
            Machine m = tight(spare);
            Kernel k = m.kernel();
            Kho kho = k.kho();
            assertFalse(k.panicked(), EngineTestSupport.dmesg(k));
            if (kho.enabled()) {
                assertTrue(stages.contains("metadata"), "kho_init() succeeded with " + spare + " spare pages before a metadata failure: " + stages);
                assertTrue(stages.contains("quiet"), stages.toString());
                // success on a cold boot keeps scratch reserved (released as CMA, which the lab keeps apart)
                for (Scratch s : k.scratch()) {
                    assertEquals(PageState.SCRATCH, PageMeta.state(m.memory().meta(PhysicalMemory.pfn(s.addr()))));
                }
                EngineTestSupport.assertNoLine(k, "Freeing  memory");
                return;
            }
            String at = "spare pages " + spare + "\n" + EngineTestSupport.dmesg(k);
            boolean metadata = EngineTestSupport.hasLine(k, "KHO: failed to initialize kexec-metadata subtree: -12");
            stages.add(metadata ? "metadata" : "quiet");
            // tree->root = NULL and kho_out.fdt = NULL
            assertNull(kho.radix(), at);
            assertEquals(0, kho.fdtPa(), at);
            assertNull(kho.outgoingFdt(), at);
            // free_reserved_area() over every kho_scratch[] area: free pages in the allocator, no longer reserved
            for (Scratch s : k.scratch()) {
                for (long pa = s.addr(); pa < s.addr() + s.size(); pa += PhysicalMemory.PAGE_SIZE) {
                    long pfn = PhysicalMemory.pfn(pa);
                    assertEquals(PageState.FREE, PageMeta.state(m.memory().meta(pfn)), at);
                    assertTrue(k.mm().buddy().isFree(pfn), "scratch pfn 0x" + Long.toHexString(pfn) + " not in the allocator, " + at);
                }
                // pr_info("Freeing %s memory: %ldK\n", "", ...)
                assertTrue(EngineTestSupport.hasLine(k, "Freeing  memory: " + (s.size() >> 10) + "K"), at);
            }
            assertEquals(k.scratch().size(), EngineTestSupport.countLinesContaining(k, "Freeing  memory: "), at);
            // kho_unpreserve_free(kho_out.fdt) and kfree(tree->root): neither page is left
            assertEquals(0, countKind(m.memory(), OwnerKind.KHO_FDT), at);
            assertEquals(0, countKind(m.memory(), OwnerKind.KEXEC_METADATA), at);
            // what stays is the kernel's leak: the FDT key's branch below the root (levels 4..0),
            // allocated by kho_radix_add_page() and never freed by kho_radix_del_page(). When the
            // FDT itself could not be preserved, kho_radix_add_page() freed its own new nodes.
            long leaked = metadata ? KhoRadixTree.TREE_MAX_DEPTH - 1 : 0;
            assertEquals(leaked, countKind(m.memory(), OwnerKind.KHO_RADIX), at);
            // every other page is free: image and leaked nodes aside, nothing else is held
            long image = countKind(m.memory(), OwnerKind.KERNEL_IMAGE);
            assertEquals(m.memory().nrPages() - image - leaked, k.mm().buddy().freePages(), at);
        }
        throw new AssertionError("kho_init() never succeeded: " + stages);
    }

    @Test
    void liveUpdateIsOffAfterAFailedKhoInit() {
        Machine m = failedAtMetadata();
        Kernel k = m.kernel();
        // liveupdate_early_init() (early_initcall) ran before kho_init() (fs_initcall) while
        // kho_is_enabled() was still true: no "Disabling liveupdate because KHO is disabled".
        EngineTestSupport.assertNoLine(k, "Disabling liveupdate because KHO is disabled");
        // The late_initcall then preserves its state into a tree without a root:
        // WARN_ON_ONCE(!tree->root) in kho_radix_add_page(), -EINVAL, and LUO turns itself off
        assertEquals(1, EngineTestSupport.countLinesContaining(k, "kho_radix_add_page"), EngineTestSupport.dmesg(k));
        assertFalse(k.luo().enabled());
        // liveupdate_ioctl_init() registers no misc device when liveupdate is disabled
        assertEquals(-Errno.ENOENT, new Process(k).open("/dev/liveupdate"));
    }

    @Test
    void preserveCallsFailWithEinvalAndLeakNothing() {
        Machine m = failedAtMetadata();
        Kernel k = m.kernel();
        Kho kho = k.kho();
        long free = k.mm().buddy().freePages();
        // kho_alloc_preserve(): folio_alloc() works, kho_preserve_folio() fails, folio_put()
        assertEquals(-Errno.EINVAL, kho.allocPreserve(PhysicalMemory.PAGE_SIZE, OwnerKind.KERNEL_OTHER, "after failure"));
        assertEquals(free, k.mm().buddy().freePages(), "kho_alloc_preserve() gave its folio back");
        long page = k.mm().allocPages(0, OwnerKind.KERNEL_OTHER, "some page");
        assertEquals(-Errno.EINVAL, kho.preserveFolio(page, 0));
        assertEquals(-Errno.EINVAL, kho.preservePages(page, 1));
        assertFalse(PageMeta.preserved(m.memory().meta(PhysicalMemory.pfn(page))));
        kho.unpreserveFolio(page, 0);
        kho.unpreservePages(page, 1);
        // both WARN_ON_ONCE(!tree->root): one report each per boot
        assertEquals(1, EngineTestSupport.countLinesContaining(k, "kho_radix_add_page"), EngineTestSupport.dmesg(k));
        assertEquals(1, EngineTestSupport.countLinesContaining(k, "kho_radix_del_page"), EngineTestSupport.dmesg(k));
        // kho_add_subtree(): fdt_open_into(kho_out.fdt = NULL, ...) dereferences NULL
        assertThrows(PageFault.class, () -> kho.addSubtree("x", page, 8));
    }

    @Test
    void aKexecAfterAFailedKhoInitBootsWithoutHandover() {
        Machine m = failedAtMetadata();
        // liveupdate_reboot() returns 0 (liveupdate disabled); kho_fill_kimage() returns 0 with
        // no KHO FDT and no scratch segment
        Kernel k = EngineTestSupport.kexecOk(m);
        assertEquals(0, m.lastBoot().khoFdtPa());
        assertTrue(m.lastBoot().scratch().isEmpty());
        // no handover: kho_populate() never runs, so neither "found" nor "disabling KHO revival"
        EngineTestSupport.assertNoLine(k, "kexec handover data");
        EngineTestSupport.assertNoLine(k, "disabling KHO revival");
        assertFalse(k.kho().isKhoBoot());
        assertEquals(0, k.kexecCount());
        // kho_reserve_scratch() ran again: three areas of the same geometry as the cold boot
        assertEquals(3, k.scratch().size());
    }

    @Test
    void aFailedRadixInsertUnhooksItsBranch() {
        // kho_radix_add_page() err_free_nodes: the new nodes are freed and anchor->table[idx] = 0
        PhysicalMemory mem = new PhysicalMemory(0x40000000L, 1L << 20);
        KernelMemory mm = new KernelMemory(mem, Trace.off());
        mm.buddy().addFreeRange(mem.basePfn(), 3);
        long root = mm.allocPages(0, OwnerKind.KHO_RADIX, "root");
        KhoRadixTree tree = new KhoRadixTree(mm, root);
        assertEquals(-Errno.ENOMEM, tree.add(0x40080000L, 0));
        assertEquals(2, mm.buddy().freePages(), "both new nodes freed");
        for (int i = 0; i < 512; i++) {
            assertEquals(0, mem.u64(root + 8L * i), "root slot " + i + " still points at a freed node");
        }
        assertEquals(1, tree.nodeCount());
    }
}

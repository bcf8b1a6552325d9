package luolab.engine.kho;

import java.util.ArrayList;
import luolab.engine.Errno;
import luolab.engine.fdt.FdtException;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.fdt.LibFdt;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * KHO's root FDTs and the subtrees hung off them: kho_out.fdt, the page this kernel builds for
 * the next one (kho_add_subtree() / kho_remove_subtree() edit it live, there is no finalize), and
 * kho_in.fdt_phys, the previous kernel's FDT that kho_retrieve_subtree() reads in place.
 */
final class KhoFdt {
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    /** kho_out.fdt: its PA and the tree the lab packs into that page; 0/null before or after a failed kho_init(). */
    private long fdtPa;
    private FdtNode fdt;
    /** kho_in.fdt_phys: the accepted incoming FDT, 0 on a cold boot or when revival was disabled. */
    private long incomingFdtPa;

    KhoFdt(PhysicalMemory mem, Trace trace, KernelLog log) {
        this.mem = mem;
        this.trace = trace;
        this.log = log;
    }

    long fdtPa() {
        return fdtPa;
    }

    FdtNode fdt() {
        return fdt;
    }

    long incomingFdtPa() {
        return incomingFdtPa;
    }

    /** kho_populate() accepted the previous kernel's FDT at {@code pa}. */
    void adoptIncoming(long pa) {
        incomingFdtPa = pa;
    }

    /**
     * kho_out_fdt_setup(): the root node of the page kho_alloc_preserve() gave kho_init() at
     * {@code pa}, with compatible and preserved-memory-map (the radix root's PA). Returns 0 or
     * -ENOMEM if the tree does not fit its page.
     */
    int setup(long pa, String compatible, long radixRoot) {
        fdtPa = pa;
        fdt = FdtNode.newRoot();
        fdt.setString("compatible", compatible);
        fdt.setU64LE(Kho.PROP_PRESERVED_MEMORY_MAP, radixRoot);
        return write("/");
    }

    /** kho_init()'s err_free_scratch: kho_out.fdt = NULL (the page itself was freed before). */
    void drop() {
        fdtPa = 0;
        fdt = null;
    }

    /** The root FDT is edited in place: re-pack it into its page after every change. */
    private int write(String changedPath) {
        try {
            byte[] blob = FdtWriter.write(fdt, PhysicalMemory.PAGE_SIZE);
            mem.write(fdtPa, blob, FieldRef.of("fdt", changedPath));
            trace.emit(new TraceEvent.FdtNode(trace.phase(), trace.stack(), "KHO", changedPath, fdtPa));
            return 0;
        } catch (FdtException e) {
            return -Errno.ENOMEM;
        }
    }

    /** kho_add_subtree(): node {@code name} with preserved-data = PA and blob-size; -EEXIST if present. */
    int addSubtree(String name, long blobPa, long size) {
        try (var f = trace.enter("kho_add_subtree")) {
            if (fdt == null) {
                // kho_init() failed and left kho_out.fdt NULL: fdt_open_into(NULL, ...) reads the
                // header at address 0, a NULL pointer dereference
                throw PageFault.nullPointer(0);
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
            node.setU64LE(Kho.PROP_SUB_FDT, blobPa);
            node.setU64LE(Kho.PROP_BLOB_SIZE, size);
            int err = write("/" + name);
            if (err != 0) {
                fdt.removeChild(name);
                write("/");
            }
            return err;
        }
    }

    /** kho_remove_subtree(): deletes the node whose preserved-data equals {@code blobPa}. */
    void removeSubtree(long blobPa) {
        try (var f = trace.enter("kho_remove_subtree")) {
            if (fdt == null) {
                // as kho_add_subtree(): fdt_open_into() on kho_out.fdt == NULL
                throw PageFault.nullPointer(0);
            }
            for (FdtNode child : new ArrayList<>(fdt.children())) {
                if (child.getU64LE(Kho.PROP_SUB_FDT).orElse(-1) == blobPa) {
                    fdt.removeChild(child.name());
                    write("/");
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
    long[] retrieveSubtree(String name, int[] err) {
        try (var f = trace.enter("kho_retrieve_subtree")) {
            err[0] = 0;
            if (incomingFdtPa == 0) {
                err[0] = -Errno.ENOENT;
                return null;
            }
            LibFdt in = KhoBoot.fdt(mem, incomingFdtPa);
            int node = in.subnodeOffset(0, name);
            if (node < 0) {
                err[0] = -Errno.ENOENT;
                return null;
            }
            LibFdt.Prop data = in.getprop(node, Kho.PROP_SUB_FDT);
            if (!data.found() || data.len() != 8) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            long pa = in.u64le(data.value());
            LibFdt.Prop size = in.getprop(node, Kho.PROP_BLOB_SIZE);
            if (!size.found() || size.len() != 8) {
                log.warn("KHO: broken KHO subnode '" + name + "': missing or invalid blob-size property");
                err[0] = -Errno.EINVAL;
                return null;
            }
            return new long[] {pa, in.u64le(size.value())};
        }
    }
}

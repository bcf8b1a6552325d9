package luolab.engine.kho;

import luolab.engine.abi.Layouts;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;

/**
 * kho_kexec_metadata_init(): the "kexec-metadata" subtree (struct kho_kexec_metadata,
 * abi/kexec_metadata.h, 73 packed bytes: version @0, previous_release[65] @4, kexec_count @69).
 * On a KHO boot the previous kernel's record is read and logged first, then the outgoing one is
 * preserved and added, so the count of kexec boots since the cold boot goes up by one each time.
 */
final class KhoKexecMetadata {
    private final PhysicalMemory mem;
    private final KernelLog log;
    private final KhoPreservation out;
    private final KhoFdt fdts;
    /** kho_in.kexec_count: what the previous kernel's record said (0 if none was read). */
    private long incomingKexecCount;
    /** The kexec_count this kernel writes for the next one. */
    private long kexecCount;

    KhoKexecMetadata(PhysicalMemory mem, KernelLog log, KhoPreservation out, KhoFdt fdts) {
        this.mem = mem;
        this.log = log;
        this.out = out;
        this.fdts = fdts;
    }

    long incomingKexecCount() {
        return incomingKexecCount;
    }

    long kexecCount() {
        return kexecCount;
    }

    /**
     * kho_kexec_metadata_init(), kho_init()'s last step: the incoming record only on a KHO boot,
     * then the outgoing one. Its failure is the one kho_init() failure that prints something:
     * pr_warn with a plain %d. Returns 0 or the errno kho_init() unwinds with.
     */
    int init(String release, boolean khoBoot) {
        if (khoBoot) {
            incomingKexecCount = inKexecMetadata();
        }
        int err = outKexecMetadata(release);
        if (err != 0) {
            log.warn(KhoBoot.PR + "failed to initialize kexec-metadata subtree: " + err);
        }
        return err;
    }

    /**
     * kho_out_kexec_metadata(): the record for the next kernel. kexec_count is always
     * kho_in.kexec_count + 1 (a u32), and kho_in.kexec_count is 0 unless the previous kernel's
     * record was read, so a cold boot writes 1 and the first kexec logs "(count 1)". A failed
     * kho_add_subtree() gives the blob back with kho_unpreserve_free().
     */
    private int outKexecMetadata(String release) {
        kexecCount = (incomingKexecCount + 1) & 0xffffffffL;
        long meta = out.allocPreserve(Layouts.KEXEC_METADATA.size(), OwnerKind.KEXEC_METADATA, "kexec metadata");
        if (meta < 0) {
            return (int) meta;
        }
        byte[] m = new byte[Layouts.KEXEC_METADATA.size()];
        LittleEndian.putU32(m, 0, Kho.KEXEC_METADATA_VERSION);
        LittleEndian.putCString(m, 4, 65, release);
        LittleEndian.putU32(m, 69, kexecCount);
        mem.write(meta, m, Layouts.KEXEC_METADATA.whole());
        int err = fdts.addSubtree(Kho.KEXEC_METADATA, meta, Layouts.KEXEC_METADATA.size());
        if (err != 0) {
            out.unpreserveFree(meta);
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
        long[] sub = fdts.retrieveSubtree(Kho.KEXEC_METADATA, err);
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
        if (version != Kho.KEXEC_METADATA_VERSION) {
            log.warn(KhoBoot.PR + "kexec-metadata version " + version + " not supported (expected " + Kho.KEXEC_METADATA_VERSION + ")");
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
}

package luolab.engine.handover;

import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;

/**
 * The KHO root FDT's "kexec-metadata" subtree: preserved-data points at a kho_kexec_metadata
 * {u32 version, char previous_release[65], u32 kexec_count} the previous kernel wrote so the
 * next one can log what it was kexec'd from (kernel-luo.md, kexec metadata). Read from bytes;
 * when the struct is not in RAM only {@code pa}, {@code blobSize} and {@code problem} are set.
 */
public record KexecMetadata(long pa, long blobSize, long version, String previousRelease, long kexecCount, String problem) {

    /** Whether the struct was in RAM and its fields were read. */
    public boolean inRam() {
        return problem == null;
    }

    /** The struct at {@code pa} (the subtree's preserved-data) of {@code blobSize} (its blob-size, -1 if missing). */
    static KexecMetadata read(PhysicalMemory mem, long pa, long blobSize) {
        if (!mem.contains(pa, Layouts.KEXEC_METADATA.size())) {
            return new KexecMetadata(pa, blobSize, 0, null, 0, String.format("kexec-metadata 0x%x" + BlockChainReader.OUTSIDE_RAM, pa));
        }
        return new KexecMetadata(pa, blobSize, mem.u32(pa + Layouts.KEXEC_METADATA.offset("version")),
                mem.cstring(pa + Layouts.KEXEC_METADATA.offset("previous_release"), Layouts.KEXEC_METADATA.field("previous_release").size()),
                mem.u32(pa + Layouts.KEXEC_METADATA.offset("kexec_count")), null);
    }
}

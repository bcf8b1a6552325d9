package luolab.engine.fdt;

/**
 * The ten big-endian u32 fields of {@code struct fdt_header}, as read. Values are kept as
 * unsigned longs so that a corrupted header shows its real bytes. Fields that the blob's
 * version does not have (e.g. {@code sizeDtStruct} before version 17) are whatever the bytes
 * at that position held, or 0 if they lay outside the readable range.
 */
public record FdtHeader(
        long magic,
        long totalSize,
        long offDtStruct,
        long offDtStrings,
        long offMemRsvmap,
        long version,
        long lastCompVersion,
        long bootCpuidPhys,
        long sizeDtStrings,
        long sizeDtStruct) {

    /** Size of the header for this blob's version (28, 32, 36 or 40 bytes). */
    public int headerSize() {
        return FdtFormat.headerSize(version);
    }

    public boolean hasMagic() {
        return magic == (FdtFormat.MAGIC & 0xffffffffL);
    }
}

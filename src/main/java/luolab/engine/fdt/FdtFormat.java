package luolab.engine.fdt;

/**
 * Constants of the flattened device tree format (Devicetree Specification v0.4, chapter 5;
 * {@code fdt.h} / {@code libfdt_internal.h}).
 */
final class FdtFormat {
    static final int MAGIC = 0xd00dfeed;

    static final int BEGIN_NODE = 0x1;
    static final int END_NODE = 0x2;
    static final int PROP = 0x3;
    static final int NOP = 0x4;
    static final int END = 0x9;

    static final int TAG_SIZE = 4;
    /** FDT_PROP token plus {@code struct fdt_property} {len, nameoff}. */
    static final int PROP_HEADER_SIZE = 12;
    static final int RESERVE_ENTRY_SIZE = 16;

    /** The version written, and the oldest version whose readers can still read it. */
    static final int VERSION = 17;
    static final int LAST_COMP_VERSION = 16;

    /** libfdt's FDT_FIRST_SUPPORTED_VERSION / FDT_LAST_SUPPORTED_VERSION. */
    static final int FIRST_SUPPORTED_VERSION = 2;
    static final int LAST_SUPPORTED_VERSION = 17;

    static final int V1_SIZE = 7 * 4;
    static final int V2_SIZE = V1_SIZE + 4;
    static final int V3_SIZE = V2_SIZE + 4;
    static final int V17_SIZE = V3_SIZE + 4;

    private FdtFormat() {
    }

    /** libfdt {@code fdt_header_size_()}: the header grew a field in versions 2, 3 and 17. */
    static int headerSize(long version) {
        if (version <= 1) {
            return V1_SIZE;
        }
        if (version <= 2) {
            return V2_SIZE;
        }
        if (version <= 16) {
            return V3_SIZE;
        }
        return V17_SIZE;
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }
}

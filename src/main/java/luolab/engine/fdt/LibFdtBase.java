package luolab.engine.fdt;

/**
 * libfdt's fdt.c under {@link LibFdt}: the header fields (fdt32_ld of struct fdt_header),
 * fdt_check_header() and fdt_ro_probe_(), fdt_offset_ptr()'s bounds (totalsize, and
 * size_dt_struct from version 17) and the token walk fdt_next_tag() / fdt_next_node() that every
 * fdt_ro.c lookup is built on. As in libfdt, nothing here knows names or properties beyond
 * stepping over them. Every byte comes from the {@link LibFdt.Source}, which may throw.
 */
abstract class LibFdtBase {
    static final int FDT_BEGIN_NODE = 0x1;
    static final int FDT_END_NODE = 0x2;
    static final int FDT_PROP = 0x3;
    static final int FDT_NOP = 0x4;
    static final int FDT_END = 0x9;
    private static final long INT_MAX = Integer.MAX_VALUE;
    static final long U32 = 0xFFFFFFFFL;

    final LibFdt.Source src;
    private final boolean aligned;

    LibFdtBase(LibFdt.Source src, boolean aligned) {
        this.src = src;
        this.aligned = aligned;
    }

    // ---- header (fdt32_ld of struct fdt_header fields) ------------------------------------------

    long be32(long off) {
        return ((long) src.u8(off) << 24) | ((long) src.u8(off + 1) << 16) | ((long) src.u8(off + 2) << 8) | src.u8(off + 3);
    }

    public long magic() {
        return be32(0);
    }

    public long totalsize() {
        return be32(4);
    }

    long offDtStruct() {
        return be32(8);
    }

    long offDtStrings() {
        return be32(12);
    }

    private long offMemRsvmap() {
        return be32(16);
    }

    public long version() {
        return be32(20);
    }

    private long lastCompVersion() {
        return be32(24);
    }

    long sizeDtStrings() {
        return be32(32);
    }

    private long sizeDtStruct() {
        return be32(36);
    }

    /** fdt_header_size_(): 28, 32, 36 (versions 3..16) or 40 bytes. */
    static long headerSize(long version) {
        return version <= 1 ? 28 : version <= 2 ? 32 : version <= 16 ? 36 : 40;
    }

    // ---- fdt.c ------------------------------------------------------------------------------------

    /**
     * fdt_check_header(): -FDT_ERR_BADMAGIC, -FDT_ERR_BADVERSION (version below 2, last
     * compatible version above 17 or above version), -FDT_ERR_TRUNCATED (totalsize below the
     * header or above INT_MAX; off_mem_rsvmap, the structure block (from version 17 its end too)
     * or the strings block outside [header size, totalsize]); else 0. Reads the header only.
     */
    public int checkHeader() {
        if (magic() != LibFdt.FDT_MAGIC) {
            return FdtError.BADMAGIC.code();
        }
        long version = version();
        if (version < 2 || lastCompVersion() > 17 || version < lastCompVersion()) {
            return FdtError.BADVERSION.code();
        }
        long hdr = headerSize(version);
        long total = totalsize();
        if (total < hdr || total > INT_MAX || !checkOff(hdr, total, offMemRsvmap())) {
            return FdtError.TRUNCATED.code();
        }
        boolean struct = version < 17 ? checkOff(hdr, total, offDtStruct()) : checkBlock(hdr, total, offDtStruct(), sizeDtStruct());
        return struct && checkBlock(hdr, total, offDtStrings(), sizeDtStrings()) ? 0 : FdtError.TRUNCATED.code();
    }

    private static boolean checkOff(long hdr, long total, long off) {
        return off >= hdr && off <= total;
    }

    private static boolean checkBlock(long hdr, long total, long base, long size) {
        // (base + size) < base in u32 is the overflow test
        return checkOff(hdr, total, base) && base + size <= U32 && checkOff(hdr, total, base + size);
    }

    /**
     * fdt_ro_probe_(): totalsize, or an error. Stricter than fdt_check_header() at the top:
     * totalsize must be below INT32_MAX, so a header with totalsize == INT_MAX passes
     * fdt_check_header() and then fails every name and string lookup.
     */
    int roProbe() {
        if (!aligned) {
            return FdtError.ALIGNMENT.code();
        }
        long magic = magic();
        if (magic == LibFdt.FDT_MAGIC) {
            if (version() < 2 || lastCompVersion() > 17) {
                return FdtError.BADVERSION.code();
            }
        } else if (magic == LibFdt.FDT_SW_MAGIC) {
            if (sizeDtStruct() == 0) {
                return FdtError.BADSTATE.code();
            }
        } else {
            return FdtError.BADMAGIC.code();
        }
        long total = totalsize();
        return total < INT_MAX ? (int) total : FdtError.TRUNCATED.code();
    }

    /** fdt_offset_ptr(): the blob offset of [offset, offset + len) in the structure block, or -1 for NULL. */
    long offsetPtr(int offset, long len) {
        if (offset < 0) {
            return -1;
        }
        long uoffset = offset & U32;
        long abs = (uoffset + offDtStruct()) & U32;
        long end = (abs + len) & U32;
        if (abs < uoffset || end < abs || end > totalsize()) {
            return -1;
        }
        if (version() >= 0x11) {
            long uend = (uoffset + len) & U32;
            if (uend < uoffset || uend > sizeDtStruct()) {
                return -1;
            }
        }
        return abs;
    }

    /** The result of fdt_next_tag(): the tag and *nextoffset. */
    record Tag(int tag, int next) {
    }

    /** fdt_next_tag(). */
    Tag nextTag(int startoffset) {
        int offset = startoffset;
        long tagp = offsetPtr(offset, 4);
        if (tagp < 0) {
            return new Tag(FDT_END, FdtError.TRUNCATED.code());
        }
        int tag = (int) be32(tagp);
        offset += 4;
        int bad = FdtError.BADSTRUCTURE.code();
        switch (tag) {
            case FDT_BEGIN_NODE -> {
                long p;
                do {
                    p = offsetPtr(offset++, 1);
                } while (p >= 0 && src.u8(p) != 0);
                if (p < 0) {
                    return new Tag(FDT_END, bad);
                }
            }
            case FDT_PROP -> {
                long lenp = offsetPtr(offset, 4);
                if (lenp < 0) {
                    return new Tag(FDT_END, bad);
                }
                long len = be32(lenp);
                // offset += sizeof(struct fdt_property) - FDT_TAGSIZE + len, stored back into an int
                offset = (int) (offset + 8 + len);
                if (version() < 0x10 && len >= 8 && (((offset & U32) - len) & U32) % 8 != 0) {
                    offset += 4;
                }
            }
            case FDT_END, FDT_END_NODE, FDT_NOP -> {
            }
            default -> {
                return new Tag(FDT_END, bad);
            }
        }
        if (offsetPtr(startoffset, (offset - startoffset) & U32) < 0) {
            return new Tag(FDT_END, bad);
        }
        return new Tag(tag, (offset + 3) & ~3);
    }

    /** fdt_check_node_offset_(): the offset after the FDT_BEGIN_NODE token, or -FDT_ERR_BADOFFSET. */
    int checkNodeOffset(int offset) {
        if (offset < 0 || offset % 4 != 0) {
            return FdtError.BADOFFSET.code();
        }
        Tag t = nextTag(offset);
        return t.tag() == FDT_BEGIN_NODE ? t.next() : FdtError.BADOFFSET.code();
    }

    /** fdt_check_prop_offset_(). */
    int checkPropOffset(int offset) {
        if (offset < 0 || offset % 4 != 0) {
            return FdtError.BADOFFSET.code();
        }
        Tag t = nextTag(offset);
        return t.tag() == FDT_PROP ? t.next() : FdtError.BADOFFSET.code();
    }

    /** fdt_next_node(); {@code depth} null for libfdt's NULL, else a one-element counter. */
    public int nextNode(int offset, int[] depth) {
        int nextoffset = 0;
        if (offset >= 0) {
            nextoffset = checkNodeOffset(offset);
            if (nextoffset < 0) {
                return nextoffset;
            }
        }
        int tag;
        do {
            offset = nextoffset;
            Tag t = nextTag(offset);
            tag = t.tag();
            nextoffset = t.next();
            switch (tag) {
                case FDT_BEGIN_NODE -> {
                    if (depth != null) {
                        depth[0]++;
                    }
                }
                case FDT_END_NODE -> {
                    if (depth != null && --depth[0] < 0) {
                        return nextoffset;
                    }
                }
                case FDT_END -> {
                    if (nextoffset >= 0 || (nextoffset == FdtError.TRUNCATED.code() && depth == null)) {
                        return FdtError.NOTFOUND.code();
                    }
                    return nextoffset;
                }
                default -> {
                }
            }
        } while (tag != FDT_BEGIN_NODE);
        return offset;
    }
}

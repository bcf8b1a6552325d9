package luolab.engine.fdt;

import java.nio.charset.StandardCharsets;

/**
 * libfdt's read-only calls as the kernel makes them on a blob it reaches through a pointer
 * (scripts/dtc/libfdt/fdt.c, fdt_ro.c): no full check of the tree, only the bytes each call
 * touches, bounded the way libfdt bounds them ({@code fdt_offset_ptr()}: totalsize, and
 * size_dt_struct from version 17; {@code fdt_get_string()}: totalsize and size_dt_strings).
 * Offsets are libfdt's ints (structure-block offsets for nodes and properties); unsigned 32-bit
 * arithmetic wraps as in C. Nothing is read up front, so a totalsize of up to INT_MAX costs only
 * the bytes actually visited.
 *
 * <p>Every byte comes from {@link Source#u8}; a source may throw for an address the kernel could
 * not read (the simulated kernel's page fault), and that propagates.
 */
public final class LibFdt {
    /** The blob's bytes from its start; may throw for an unreadable offset. */
    @FunctionalInterface
    public interface Source {
        int u8(long offset);
    }

    public static final long FDT_MAGIC = 0xd00dfeedL;
    /** ~FDT_MAGIC: a blob still being written with fdt_create()/fdt_property(). */
    public static final long FDT_SW_MAGIC = 0x2ff20112L;
    static final int FDT_BEGIN_NODE = 0x1;
    static final int FDT_END_NODE = 0x2;
    static final int FDT_PROP = 0x3;
    static final int FDT_NOP = 0x4;
    static final int FDT_END = 0x9;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long U32 = 0xFFFFFFFFL;

    private final Source src;
    private final boolean aligned;

    /**
     * @param aligned whether the blob's address is 8-byte aligned: fdt_ro_probe_() returns
     *                -FDT_ERR_ALIGNMENT otherwise, which fails every name and string lookup
     */
    public LibFdt(Source src, boolean aligned) {
        this.src = src;
        this.aligned = aligned;
    }

    // ---- header (fdt32_ld of struct fdt_header fields) ------------------------------------------

    private long be32(long off) {
        return ((long) src.u8(off) << 24) | ((long) src.u8(off + 1) << 16) | ((long) src.u8(off + 2) << 8) | src.u8(off + 3);
    }

    public long magic() {
        return be32(0);
    }

    public long totalsize() {
        return be32(4);
    }

    private long offDtStruct() {
        return be32(8);
    }

    private long offDtStrings() {
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

    private long sizeDtStrings() {
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
        if (magic() != FDT_MAGIC) {
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
        if (magic == FDT_MAGIC) {
            if (version() < 2 || lastCompVersion() > 17) {
                return FdtError.BADVERSION.code();
            }
        } else if (magic == FDT_SW_MAGIC) {
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

    // ---- fdt_ro.c ---------------------------------------------------------------------------------

    /** memchr(s, '\0', len) from blob offset {@code s}: the offset of the NUL, or -1. */
    private long memchrNul(long s, long len) {
        for (long i = 0; i < len; i++) {
            if (src.u8(s + i) == 0) {
                return s + i;
            }
        }
        return -1;
    }

    /** The result of fdt_get_string(): the string's blob offset (or -1 for NULL) and *lenp. */
    record Str(long at, int len) {
    }

    /** fdt_get_string(). */
    Str getString(int stroffset) {
        int totalsize = roProbe();
        if (totalsize < 0) {
            return new Str(-1, totalsize);
        }
        int badoffset = FdtError.BADOFFSET.code();
        long abs = ((stroffset & U32) + offDtStrings()) & U32;
        if (abs >= totalsize) {
            return new Str(-1, badoffset);
        }
        long len = totalsize - abs;
        long magic = magic();
        if (magic == FDT_MAGIC) {
            if (stroffset < 0) {
                return new Str(-1, badoffset);
            }
            if (version() >= 17) {
                long size = sizeDtStrings();
                if (stroffset >= size) {
                    return new Str(-1, badoffset);
                }
                len = Math.min(len, (size - stroffset) & U32);
            }
        } else if (magic == FDT_SW_MAGIC) {
            long sw = (-(long) stroffset) & U32;
            if (stroffset >= 0 || sw > sizeDtStrings()) {
                return new Str(-1, badoffset);
            }
            len = Math.min(len, sw);
        } else {
            return new Str(-1, FdtError.INTERNAL.code());
        }
        long nul = memchrNul(abs, len);
        if (nul < 0) {
            return new Str(-1, FdtError.TRUNCATED.code());
        }
        return new Str(abs, (int) (nul - abs));
    }

    private boolean bytesEqual(long at, byte[] s, int len) {
        for (int i = 0; i < len; i++) {
            if (src.u8(at + i) != (s[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** nextprop_(). */
    private int nextProp(int offset) {
        int tag;
        do {
            Tag t = nextTag(offset);
            tag = t.tag();
            if (tag == FDT_END) {
                return t.next() >= 0 ? FdtError.BADSTRUCTURE.code() : t.next();
            }
            if (tag == FDT_PROP) {
                return offset;
            }
            offset = t.next();
        } while (tag == FDT_NOP);
        return FdtError.NOTFOUND.code();
    }

    /** fdt_first_property_offset(). */
    public int firstPropertyOffset(int nodeoffset) {
        int offset = checkNodeOffset(nodeoffset);
        return offset < 0 ? offset : nextProp(offset);
    }

    /** fdt_next_property_offset(). */
    public int nextPropertyOffset(int offset) {
        offset = checkPropOffset(offset);
        return offset < 0 ? offset : nextProp(offset);
    }

    /**
     * What fdt_getprop() returns: {@code value} is the blob offset of the property's value, or -1
     * for NULL; {@code len} is *lenp (the value's length, or the negative libfdt error).
     */
    public record Prop(long value, int len) {
        public boolean found() {
            return value >= 0;
        }
    }

    /** fdt_getprop(fdt, nodeoffset, name, &len). */
    public Prop getprop(int nodeoffset, String name) {
        byte[] want = bytes(name);
        int offset;
        for (offset = firstPropertyOffset(nodeoffset); offset >= 0; offset = nextPropertyOffset(offset)) {
            // fdt_get_property_by_offset_()
            int err = checkPropOffset(offset);
            if (err < 0) {
                offset = FdtError.INTERNAL.code();
                break;
            }
            long prop = offDtStruct() + (offset & U32);
            int len = (int) be32(prop + 4);
            Str n = getString((int) be32(prop + 8));
            if (n.at() >= 0 && n.len() == want.length && bytesEqual(n.at(), want, want.length)) {
                // pre-16 blobs align 8-byte-or-longer values to 8
                if (version() < 0x10 && ((offset & U32) + 12) % 8 != 0 && (len & U32) >= 8) {
                    return new Prop(prop + 16, len);
                }
                return new Prop(prop + 12, len);
            }
        }
        return new Prop(-1, offset);
    }

    /** A u64 property as the kernel reads it (get_unaligned of a native little-endian u64). */
    public long u64le(long at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | src.u8(at + i);
        }
        return v;
    }

    /** fdt_get_name(): the name's blob offset and its length, or -1 and the error. */
    Str getName(int nodeoffset) {
        int err = roProbe();
        if (err < 0) {
            return new Str(-1, err);
        }
        err = checkNodeOffset(nodeoffset);
        if (err < 0) {
            return new Str(-1, err);
        }
        long name = offDtStruct() + (nodeoffset & U32) + 4;
        if (version() < 0x10) {
            long leaf = -1;
            for (long p = name; src.u8(p) != 0; p++) {
                if (src.u8(p) == '/') {
                    leaf = p;
                }
            }
            if (leaf < 0) {
                return new Str(-1, FdtError.BADSTRUCTURE.code());
            }
            name = leaf + 1;
        }
        long n = name;
        while (src.u8(n) != 0) {
            n++;
        }
        return new Str(name, (int) (n - name));
    }

    /** fdt_nodename_eq_(): "name" matches "name" and "name@unit" (unless the wanted name has a unit). */
    private boolean nodenameEq(int offset, byte[] s) {
        Str p = getName(offset);
        if (p.at() < 0 || p.len() < s.length || !bytesEqual(p.at(), s, s.length)) {
            return false;
        }
        int next = src.u8(p.at() + s.length);
        if (next == 0) {
            return true;
        }
        for (byte b : s) {
            if (b == '@') {
                return false;
            }
        }
        return next == '@';
    }

    /** fdt_subnode_offset(): the child's offset, -FDT_ERR_NOTFOUND, or another error. */
    public int subnodeOffset(int offset, String name) {
        int probe = roProbe();
        if (probe < 0) {
            return probe;
        }
        byte[] want = bytes(name);
        int[] depth = {0};
        for (; offset >= 0 && depth[0] >= 0; offset = nextNode(offset, depth)) {
            if (depth[0] == 1 && nodenameEq(offset, want)) {
                return offset;
            }
        }
        return depth[0] < 0 ? FdtError.NOTFOUND.code() : offset;
    }

    /**
     * fdt_node_check_compatible(): 0 when the node's "compatible" string list contains
     * {@code compatible}, 1 when it does not, else fdt_getprop()'s error (-FDT_ERR_NOTFOUND when
     * there is no such property, or when no property name can be read at all).
     */
    public int nodeCheckCompatible(int nodeoffset, String compatible) {
        Prop p = getprop(nodeoffset, "compatible");
        if (!p.found()) {
            return p.len();
        }
        return stringlistContains(p.value(), p.len(), bytes(compatible)) ? 0 : 1;
    }

    /** fdt_stringlist_contains(): note memcmp() of len + 1 bytes, which may read one byte past the list. */
    private boolean stringlistContains(long strlist, int listlen, byte[] str) {
        int len = str.length;
        while (listlen >= len) {
            boolean eq = bytesEqual(strlist, str, len) && src.u8(strlist + len) == 0;
            if (eq) {
                return true;
            }
            long nul = memchrNul(strlist, listlen);
            if (nul < 0) {
                return false;
            }
            listlen -= (int) (nul - strlist) + 1;
            strlist = nul + 1;
        }
        return false;
    }
}

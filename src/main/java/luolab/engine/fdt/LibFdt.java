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
 *
 * <p>This class is fdt_ro.c's lookups (strings, names, properties, subnodes, compatible); the
 * header checks and the token walk of fdt.c they call are {@link LibFdtBase}, as in libfdt.
 */
public final class LibFdt extends LibFdtBase {
    /** The blob's bytes from its start; may throw for an unreadable offset. */
    @FunctionalInterface
    public interface Source {
        int u8(long offset);
    }

    public static final long FDT_MAGIC = 0xd00dfeedL;
    /** ~FDT_MAGIC: a blob still being written with fdt_create()/fdt_property(). */
    public static final long FDT_SW_MAGIC = 0x2ff20112L;

    /**
     * @param aligned whether the blob's address is 8-byte aligned: fdt_ro_probe_() returns
     *                -FDT_ERR_ALIGNMENT otherwise, which fails every name and string lookup
     */
    public LibFdt(Source src, boolean aligned) {
        super(src, aligned);
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

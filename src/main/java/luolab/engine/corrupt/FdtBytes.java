package luolab.engine.corrupt;

import java.nio.charset.StandardCharsets;
import luolab.engine.fdt.FdtNode;

/**
 * In-place edits of the KHO root FDT blob: the parser gives each property's value offset, the
 * FDT_PROP token sits 12 bytes before it ({tag, len, nameoff}, big-endian).
 */
final class FdtBytes {
    static final int FDT_NOP = 0x4;

    private FdtBytes() {
    }

    /** Before serialize, an in-place edit of the KHO FDT lasts only until the kernel re-packs it. */
    static void noteRepack(Ctx ctx) {
        if (ctx.stage == Stage.LIVE) {
            ctx.note("the KHO FDT is re-packed from kernel state whenever a subtree is added or removed, which would undo this before"
                    + " the jump");
        }
    }

    static FdtNode root(Ctx ctx) throws Refusal {
        HandoverView v = ctx.view();
        if (v.fdtRoot() == null) {
            throw new Refusal(v.fdtProblem() == null ? "no KHO FDT" : v.fdtProblem());
        }
        return v.fdtRoot();
    }

    static FdtNode node(Ctx ctx, String child) throws Refusal {
        FdtNode r = root(ctx);
        if (child == null) {
            return r;
        }
        return r.child(child).orElseThrow(() -> new Refusal("the KHO FDT has no node '" + child + "'"));
    }

    /** PA of a property's value bytes. */
    static long valuePa(Ctx ctx, String child, String prop) throws Refusal {
        FdtNode n = node(ctx, child);
        var off = n.propertyValueOffset(prop);
        if (off.isEmpty()) {
            throw new Refusal("node '" + (child == null ? "/" : child) + "' has no property '" + prop + "'");
        }
        return ctx.view().fdtPa() + off.getAsInt();
    }

    static int length(Ctx ctx, String child, String prop) throws Refusal {
        return node(ctx, child).getProperty(prop).orElseThrow(() -> new Refusal("no property '" + prop + "'")).length;
    }

    /** Offset of {@code s} in the strings block (a string that starts there and ends in NUL), or -1. */
    static int stringOffset(Ctx ctx, String s) throws Refusal {
        byte[] blob = ctx.view().fdtBlob();
        if (blob == null) {
            throw new Refusal("no KHO FDT");
        }
        long offStrings = be32(blob, 12);
        long size = be32(blob, 32);
        byte[] want = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + want.length <= size && offStrings + i + want.length <= blob.length; i++) {
            boolean start = i == 0 || blob[(int) (offStrings + i - 1)] == 0;
            if (!start) {
                continue;
            }
            boolean eq = true;
            for (int j = 0; j < want.length && eq; j++) {
                eq = blob[(int) (offStrings + i + j)] == want[j];
            }
            if (eq) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The smallest totalsize libfdt's fdt_check_header() accepts for this (version 17) header: it
     * needs the 40-byte header, off_mem_rsvmap, and the structure and strings blocks inside
     * totalsize (check_off_ / check_block_); kho_populate() runs only that check on the KHO FDT
     * (kernel-luo.md §2).
     */
    static long blocksEnd(byte[] blob) {
        long struct = be32(blob, 8) + be32(blob, 36);
        long strings = be32(blob, 12) + be32(blob, 32);
        return Math.max(Math.max(40, be32(blob, 16)), Math.max(struct, strings));
    }

    /**
     * libfdt's fdt_check_header() on a header: 0, -FDT_ERR_BADMAGIC (-9), -FDT_ERR_BADVERSION (-10:
     * version below 2, last_comp_version above 17 or above version) or -FDT_ERR_TRUNCATED (-8:
     * totalsize below the header or above INT_MAX, off_mem_rsvmap or a block outside totalsize).
     */
    static int checkHeader(byte[] h) {
        if (be32(h, 0) != 0xd00dfeedL) {
            return -9;
        }
        long version = be32(h, 20);
        long last = be32(h, 24);
        if (version < 2 || last > 17 || version < last) {
            return -10;
        }
        long hdr = version <= 2 ? 32 : version <= 16 ? 36 : 40;
        long total = be32(h, 4);
        if (total < hdr || total > Integer.MAX_VALUE || !inside(hdr, total, be32(h, 16), 0)) {
            return -8;
        }
        boolean struct = version < 17 ? inside(hdr, total, be32(h, 8), 0) : inside(hdr, total, be32(h, 8), be32(h, 36));
        return struct && inside(hdr, total, be32(h, 12), be32(h, 32)) ? 0 : -8;
    }

    /** libfdt check_off_() of the block's start and end (check_block_). */
    private static boolean inside(long hdr, long total, long base, long size) {
        return base >= hdr && base + size <= total;
    }

    static long be32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }
}

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
     * libfdt's fdt_check_header() on a 40-byte header, as the next kernel's kho_populate() runs it
     * ({@link luolab.engine.fdt.LibFdt#checkHeader}): 0, -FDT_ERR_BADMAGIC (-9), -FDT_ERR_BADVERSION
     * (-10) or -FDT_ERR_TRUNCATED (-8).
     */
    static int checkHeader(byte[] h) {
        return new luolab.engine.fdt.LibFdt(off -> h[(int) off] & 0xFF, true).checkHeader();
    }

    static long be32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }
}

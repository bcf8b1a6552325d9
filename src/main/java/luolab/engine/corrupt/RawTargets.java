package luolab.engine.corrupt;

import java.util.Arrays;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.LibFdt;
import luolab.engine.kho.KhoBoot;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PhysicalMemory;

/**
 * What the next kernel does with a raw write (bit-flip, write-u64, write-bytes) where the bytes it
 * lands on are checked by a known step of the writing generation's restore path; anywhere else
 * the outcome depends on the structure that lives there. The same address means different things
 * per generation: the first 8 bytes of luo_ser are v7's compatible but series v2's liveupdate_num.
 */
final class RawTargets {
    /** A version 17 fdt_header. */
    static final int FDT_HEADER = 40;

    private RawTargets() {
    }

    /** {@code bytes} planned at {@code pa}; memory still holds the old bytes. */
    static ExpectedOutcome expect(Ctx ctx, long pa, byte[] bytes, String owner) {
        if (Arrays.equals(ctx.mem.read(pa, bytes.length), bytes)) {
            return ExpectedOutcome.restored("the bytes already read so: nothing changes");
        }
        if (ctx.stage == Stage.INCOMING) {
            // early boot has already checked the KHO FDT, the LUO root and the session chain
            return ExpectedOutcome.depends(owner);
        }
        try {
            HandoverView v = ctx.view();
            ExpectedOutcome e = khoFdtHeader(ctx, v, pa, bytes);
            if (e == null) {
                e = luoRoot(ctx, v, pa, bytes);
            }
            if (e == null && ctx.stage == Stage.HANDOVER) {
                // before serialize the kernel still rewrites every count
                e = count(ctx, v, pa, bytes);
            }
            return e != null ? e : ExpectedOutcome.depends(owner);
        } catch (Refusal r) {
            return ExpectedOutcome.depends(owner);
        }
    }

    /**
     * kho_populate() runs libfdt's fdt_check_header() on the KHO FDT before anything reads it
     * (kernel-luo.md §2): the same step in every generation, only the compatible checked after it
     * differs.
     */
    private static ExpectedOutcome khoFdtHeader(Ctx ctx, HandoverView v, long pa, byte[] b) {
        long fdt = v.fdtPa();
        if (fdt == 0 || !overlaps(pa, b.length, fdt, FDT_HEADER) || !ctx.mem.contains(fdt, FDT_HEADER)) {
            return null;
        }
        byte[] header = patched(ctx, fdt, FDT_HEADER, pa, b);
        int err = FdtBytes.checkHeader(header);
        if (err == 0) {
            return ctx.stage == Stage.HANDOVER && within(pa, b.length, fdt + 4, 4) ? totalsize(ctx, fdt, FdtBytes.be32(header, 4)) : null;
        }
        FdtBytes.noteRepack(ctx);
        return ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is invalid: " + err,
                "KHO: disabling KHO revival");
    }

    /**
     * A totalsize that fdt_check_header() accepts (every block still inside it, at most INT_MAX):
     * kho_populate() looks at nothing else of the header, and libfdt bounds its reads by the
     * blocks' own sizes, so the same properties are found, however far past the page totalsize
     * reaches. Except INT_MAX itself: fdt_ro_probe_() wants totalsize below INT32_MAX, so
     * fdt_get_string() fails for every property name, "compatible" is never found and
     * fdt_node_check_compatible() returns -FDT_ERR_NOTFOUND.
     */
    private static ExpectedOutcome totalsize(Ctx ctx, long fdt, long total) {
        if (total == Integer.MAX_VALUE) {
            return ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is incompatible with '"
                    + ctx.abi().khoCompatible() + "': -1", "KHO: disabling KHO revival");
        }
        return ExpectedOutcome.restored("fdt_check_header() accepts totalsize " + total + " and nothing reads past the blocks");
    }

    /**
     * luo_early_startup(): v7 strncmp()s luo_ser.compatible against "luo-v5" and then prints
     * liveupdate_num (kernel-luo.md §3.5); series v2's 24-byte luo_ser starts with liveupdate_num
     * and has no compatible (seed 003); the pre-series kernel reads the number from the LUO FDT's
     * liveupdate-number property (the lines seed 003 removes). Nothing checks the number.
     */
    private static ExpectedOutcome luoRoot(Ctx ctx, HandoverView v, long pa, byte[] b) {
        Abi abi = ctx.abi();
        long num;
        if (abi.rootFormat() == Abi.RootFormat.RAW_BLOB) {
            long ser = v.luoSerPa();
            if (ser == 0 || !ctx.mem.contains(ser, Layouts.LUO_SER.size())) {
                return null;
            }
            long compat = ser + Layouts.LUO_SER.offset("compatible");
            if (within(pa, b.length, compat, 8)) {
                return compatMatches(patched(ctx, compat, 8, pa, b), abi.luoCompatible())
                        ? ExpectedOutcome.restored("strncmp() stops at the NUL: the bytes after it are not compared")
                        : ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: LUO state is incompatible with '" + abi.luoCompatible() + "'");
            }
            num = ser + Layouts.LUO_SER.offset("liveupdate_num");
        } else if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
            num = v.luoSerPa() == 0 ? 0 : v.luoSerPa() + Layouts.LUO_SER_V2.offset("liveupdate_num");
        } else {
            num = u64PropertyPa(ctx, v.luoFdtPa(), Luo.LUO_FDT_LIVEUPDATE_NUM);
        }
        if (num == 0 || !within(pa, b.length, num, 8) || !ctx.mem.contains(num, 8)) {
            return null;
        }
        long value = LittleEndian.u64(patched(ctx, num, 8, pa, b), 0);
        return ExpectedOutcome.restored("the live update number is only printed",
                "luo: Retrieved live update data, liveupdate number: " + value);
    }

    /**
     * A block's count (v7, v2) or the pre-series session array's count header, judged by the
     * generation's restore exactly as count-over-capacity and zero-count-block are ({@link Rules}).
     */
    private static ExpectedOutcome count(Ctx ctx, HandoverView v, long pa, byte[] b) throws Refusal {
        if (!v.geometry().linked()) {
            if (v.sessionBlocks().isEmpty() || !within(pa, b.length, v.sessionBlocks().get(0).pa(), 8)) {
                return null;
            }
            HandoverView.Block array = v.sessionBlocks().get(0);
            return Rules.preSessionCount(ctx.abi(), array.count(), LittleEndian.u64(patched(ctx, array.pa(), 8, pa, b), 0));
        }
        for (HandoverView.Block blk : v.sessionBlocks()) {
            if (within(pa, b.length, blk.pa() + 8, 8)) {
                long value = LittleEndian.u64(patched(ctx, blk.pa() + 8, 8, pa, b), 0);
                return Rules.linkedCount(ctx.abi(), ctx.chain("sessions"), blk.count(), value, 0);
            }
        }
        for (HandoverView.Session s : v.sessions()) {
            for (HandoverView.Block blk : s.fileBlocks()) {
                if (within(pa, b.length, blk.pa() + 8, 8)) {
                    long value = LittleEndian.u64(patched(ctx, blk.pa() + 8, 8, pa, b), 0);
                    return Rules.linkedCount(ctx.abi(), ctx.chain("files:" + s.name()), blk.count(), value, s.fileCount());
                }
            }
        }
        return null;
    }

    /** strncmp(compatible, want, 8) == 0: stops at the first NUL of either side. */
    static boolean compatMatches(byte[] compat, String want) {
        byte[] w = want.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < compat.length; i++) {
            int c = compat[i] & 0xFF;
            if (c != (i < w.length ? w[i] & 0xFF : 0)) {
                return false;
            }
            if (c == 0) {
                return true;
            }
        }
        return true;
    }

    /**
     * PA of an 8-byte property of the LUO FDT's root node, found with the fdt_getprop() the
     * pre-series luo_early_startup() makes, or 0 when there is none to read.
     */
    private static long u64PropertyPa(Ctx ctx, long fdtPa, String name) {
        if (fdtPa == 0 || !ctx.mem.contains(fdtPa, PhysicalMemory.PAGE_SIZE)) {
            return 0;
        }
        try {
            LibFdt.Prop p = KhoBoot.fdt(ctx.mem, fdtPa).getprop(0, name);
            return p.found() && p.len() == 8 ? fdtPa + p.value() : 0;
        } catch (PageFault pf) {
            return 0;
        }
    }

    /** The {@code size} bytes at {@code start} as they will read once {@code b} is written at {@code pa}. */
    private static byte[] patched(Ctx ctx, long start, int size, long pa, byte[] b) {
        byte[] out = ctx.mem.read(start, size);
        for (int i = 0; i < b.length; i++) {
            long at = pa + i - start;
            if (at >= 0 && at < size) {
                out[(int) at] = b[i];
            }
        }
        return out;
    }

    private static boolean within(long pa, int len, long start, int size) {
        return pa >= start && pa + len <= start + size;
    }

    private static boolean overlaps(long pa, int len, long start, int size) {
        return pa < start + size && start < pa + len;
    }
}

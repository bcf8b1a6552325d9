package luolab.engine.corrupt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.luo.Luo;
import luolab.engine.memfd.TestFileHandler;
import luolab.engine.memory.FieldRef;

/** Strings (names, compatibles) and the KHO FDT blob, rewritten in place. */
public final class FdtInjectors {
    private FdtInjectors() {
    }

    static byte[] cstr(String s, int len) {
        byte[] out = new byte[len];
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, out, 0, Math.min(len, b.length));
        return out;
    }

    /**
     * The luo_ser blob injectors (compatible, blob-size, preserved-data) and their outcomes are
     * v7's: a raw "LUO" blob whose compatible luo_early_startup() strncmp()s. The FDT era finds
     * LUO through a LUO FDT instead ("FDT 'LUO' is incompatible", "Unable to get ABI header").
     */
    static void rawBlobOnly(Ctx ctx) throws Refusal {
        if (ctx.abi().luoIsFdt()) {
            throw new Refusal(ctx.abi().title() + " has no raw luo_ser blob: \"LUO\" is a LUO FDT (compatible '"
                    + ctx.abi().luoCompatible() + "' inside it); use write-bytes on the LUO FDT");
        }
    }

    static String liveNote(Ctx ctx) {
        return ctx.stage == Stage.LIVE ? "the KHO FDT is re-packed from kernel state whenever a subtree is added or removed,"
                + " which would undo this before the jump" : null;
    }

    /** luo_file_ser.compatible naming no registered handler. */
    public record FileCompatible() implements Injector {
        static final Meta META = new Meta("file-compatible", Group.STRINGS_FDT,
                "Rename a file entry's handler compatible (e.g. to an older ABI's)",
                "luo_file_ser.compatible (48 bytes) of the file's entry := <value>",
                "\"No registered handler for compatible '<value>'\" -ENOENT → \"Failed to deserialize files for session [..] "
                        + "-ENOENT\" → open(/dev/liveupdate) -EIO", Set.of(Stage.HANDOVER, Stage.INCOMING), CountInjectors.SESSION_AUTO,
                ParamSpec.u64("token", "first", List.of("first"), "the file's token"),
                ParamSpec.string("value", "memfd-v1", 48, "new compatible (48 bytes max; NUL-padded)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.Session s = ctx.sessionWithFiles(v.str("session"));
            HandoverView.File f = ctx.file(s, v.str("token"), false);
            String value = v.str("value");
            ctx.write(f.entryPa(), cstr(value, 48), Layouts.FILE_SER.ref("compatible"));
            String shown = value.length() > 48 ? value.substring(0, 48) : value;
            ExpectedOutcome e;
            if (value.equals(ctx.abi().memfdCompatible()) || value.equals(TestFileHandler.COMPATIBLE)) {
                e = value.equals(f.compatible()) ? ExpectedOutcome.restored("unchanged")
                        : ExpectedOutcome.depends("another registered handler will interpret data " + Ctx.hex(f.data()));
            } else {
                e = ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: No registered handler for compatible '" + shown + "'",
                        "luo: Failed to deserialize files for session [" + s.name() + "] -ENOENT");
            }
            return new Plan("session '" + s.name() + "' token 0x" + Long.toHexString(f.token()) + ": compatible '" + f.compatible()
                    + "' → '" + value + "'", e);
        }
    }

    /** Two session entries with the same name. */
    public record DuplicateSessionName() implements Injector {
        static final Meta META = new Meta("duplicate-session-name", Group.STRINGS_FDT,
                "Rename a session entry to the name of another session", "luo_session_ser.name (64 bytes) of the entry := <as>",
                "luo_session_insert: \"Failed to insert session [<name>] -EEXIST\" → open(/dev/liveupdate) -EIO (forever: "
                        + "the error is cached); sessions before it are leaked", Set.of(Stage.HANDOVER, Stage.INCOMING),
                ParamSpec.string("session", "auto", 64, "the entry to rename (auto = the second session)"),
                ParamSpec.string("as", "auto", 64, "the new name (auto = the first session's name)")).requires("at least 2 sessions");

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            List<HandoverView.Session> all = ctx.view().sessions();
            if (all.size() < 2) {
                throw new Refusal("needs at least 2 sessions, the handover has " + all.size());
            }
            HandoverView.Session s = v.is("session", "auto") ? all.get(1) : ctx.session(v.str("session"));
            String as = v.is("as", "auto") ? all.get(0).name() : v.str("as");
            if (as.equals(s.name())) {
                throw new Refusal("session '" + s.name() + "' already has that name; pick another one");
            }
            String truncated = as.length() > 63 ? as.substring(0, 63) : as;
            if (all.stream().noneMatch(x -> x != s && x.name().equals(truncated))) {
                throw new Refusal("no other session is named '" + truncated + "'");
            }
            ctx.write(s.entryPa(), cstr(as, 64), Layouts.SESSION_SER.ref("name"));
            return new Plan("session entry '" + s.name() + "' (" + Ctx.hex(s.entryPa()) + ") renamed to '" + as + "'",
                    ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: Failed to insert session [" + truncated + "] -EEXIST"));
        }
    }

    /** luo_ser.compatible ≠ "luo-v5". */
    public record LuoCompatible() implements Injector {
        static final Meta META = new Meta("luo-compatible", Group.STRINGS_FDT,
                "Change luo_ser.compatible (as if the previous kernel had another LUO ABI)", "luo_ser.compatible (8 bytes) := <value>",
                "luo_early_startup: \"LUO state is incompatible with 'luo-v5'\" -EINVAL → panic", Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.string("value", "luo-v4", 8, "new compatible (8 bytes max, NUL-padded)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            rawBlobOnly(ctx);
            long pa = ctx.view().luoSerPa();
            if (!ctx.mem.contains(pa, Layouts.LUO_SER.size())) {
                throw new Refusal("luo_ser not found (the KHO FDT has no usable \"LUO\" node)");
            }
            String value = v.str("value");
            ctx.write(pa, cstr(value, 8), Layouts.LUO_SER.ref("compatible"));
            String want = ctx.abi().luoCompatible();
            ExpectedOutcome e = value.equals(want) ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: LUO state is incompatible with '" + want + "'");
            return new Plan("luo_ser.compatible → '" + value + "'", e);
        }
    }

    static final List<String> PROP_MODES = List.of("value", "short", "missing");

    /**
     * The "LUO" node's property made short (len 8 → 4, the freed 4 bytes become FDT_NOP: still a
     * valid FDT) or missing (its nameoff renamed to "compatible").
     */
    static String breakProp(Ctx ctx, String prop, String mode) throws Refusal {
        long value = FdtBytes.valuePa(ctx, Luo.KHO_ENTRY_NAME, prop);
        long tag = value - 12;
        if (FdtBytes.length(ctx, Luo.KHO_ENTRY_NAME, prop) != 8) {
            throw new Refusal("LUO/" + prop + " is not 8 bytes long already");
        }
        FieldRef ref = FieldRef.of("fdt_property", "LUO/" + prop);
        if (mode.equals("short")) {
            ctx.writeU32BE(tag + 4, 4, FieldRef.of("fdt_property", "LUO/" + prop + ".len"));
            ctx.writeU32BE(value + 4, FdtBytes.FDT_NOP, ref);
            return "LUO/" + prop + ": len 8 → 4, second half → FDT_NOP";
        }
        int off = FdtBytes.stringOffset(ctx, "compatible");
        if (off < 0) {
            throw new Refusal("no 'compatible' string in the FDT strings block to rename to");
        }
        ctx.writeU32BE(tag + 8, off, FieldRef.of("fdt_property", "LUO/" + prop + ".nameoff"));
        return "LUO/" + prop + " renamed to 'compatible' (nameoff → " + off + "): the node has no " + prop;
    }

    /** The "LUO" node's blob-size. */
    public record LuoBlobSize() implements Injector {
        static final Meta META = new Meta("luo-blob-size", Group.STRINGS_FDT,
                "Damage the KHO FDT \"LUO\" node's blob-size: a smaller value, a 4-byte property, or no property",
                "in the KHO FDT blob, in place: the 8-byte value of LUO/blob-size, or its FDT_PROP len (→ 4, + FDT_NOP), "
                        + "or its nameoff (→ \"compatible\")",
                "value < 32: \"LUO state is too small (N < 32)\" → panic; short/missing: \"broken KHO subnode 'LUO': missing or "
                        + "invalid blob-size property\" → \"failed to retrieve LUO state 'LUO' from KHO: -EINVAL\" → panic",
                Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.choice("mode", "value", PROP_MODES, "value: rewrite the u64; short: len 4; missing: rename it"),
                ParamSpec.u64("value", "16", List.of(), "new blob-size (mode=value)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            rawBlobOnly(ctx);
            String n = liveNote(ctx);
            if (n != null) {
                ctx.note(n);
            }
            if (!v.is("mode", "value")) {
                String d = breakProp(ctx, Kho.PROP_BLOB_SIZE, v.str("mode"));
                return new Plan(d, ExpectedOutcome.restoreFail(-Errno.EINVAL,
                        "KHO: broken KHO subnode 'LUO': missing or invalid blob-size property",
                        "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL"));
            }
            long value = v.u64("value");
            long at = FdtBytes.valuePa(ctx, Luo.KHO_ENTRY_NAME, Kho.PROP_BLOB_SIZE);
            byte[] b = new byte[8];
            luolab.engine.memory.LittleEndian.putU64(b, 0, value);
            ctx.write(at, b, FieldRef.of("fdt_property", "LUO/blob-size"));
            int need = Layouts.LUO_SER.size();
            ExpectedOutcome e = Long.compareUnsigned(value, need) < 0
                    ? ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: LUO state is too small (" + Long.toUnsignedString(value) + " < " + need + ")")
                    : ExpectedOutcome.restored("blob-size ≥ " + need + " is accepted");
            return new Plan("LUO/blob-size " + ctx.view().luoBlobSize() + " → " + Long.toUnsignedString(value), e);
        }
    }

    /** The "LUO" node's preserved-data (the PA of luo_ser). */
    public record LuoPreservedData() implements Injector {
        static final Meta META = new Meta("luo-preserved-data", Group.STRINGS_FDT,
                "Damage the KHO FDT \"LUO\" node's preserved-data (the PA of luo_ser): another PA, 4 bytes, or missing",
                "in the KHO FDT blob, in place: the 8-byte value of LUO/preserved-data, or its len (→ 4, + FDT_NOP), or its nameoff",
                "value → an unpreserved page: it is poisoned after kexec → \"LUO state is incompatible with 'luo-v5'\" → panic "
                        + "(→ no RAM: oops → panic); short/missing: kho_retrieve_subtree -EINVAL → \"failed to retrieve LUO state 'LUO' "
                        + "from KHO: -EINVAL\" → panic", Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.choice("mode", "value", PROP_MODES, "value: rewrite the PA; short: len 4; missing: rename it"),
                ParamSpec.u64("pa", "auto", List.of("auto"), "new PA (mode=value; auto = a free page that is not preserved)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            rawBlobOnly(ctx);
            String n = liveNote(ctx);
            if (n != null) {
                ctx.note(n);
            }
            if (!v.is("mode", "value")) {
                String d = breakProp(ctx, Kho.PROP_SUB_FDT, v.str("mode"));
                return new Plan(d, ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL"));
            }
            long at = FdtBytes.valuePa(ctx, Luo.KHO_ENTRY_NAME, Kho.PROP_SUB_FDT);
            boolean auto = v.is("pa", "auto");
            long pa = auto ? 0 : v.u64("pa");
            if (auto) {
                pa = ctx.freePageHigh();
            }
            byte[] b = new byte[8];
            luolab.engine.memory.LittleEndian.putU64(b, 0, pa);
            ctx.write(at, b, FieldRef.of("fdt_property", "LUO/preserved-data"));
            ExpectedOutcome e;
            if (!ctx.mem.contains(pa, Layouts.LUO_SER.size())) {
                // luo_ser is read with a 32-byte copy, which reports the exact address (or the end of RAM)
                e = ExpectedOutcome.oopsPanic(pa < ctx.mem.base() || pa >= ctx.mem.end() ? pa : ctx.mem.end());
            } else if (auto) {
                e = ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: LUO state is incompatible with '" + ctx.abi().luoCompatible() + "'");
            } else {
                e = ExpectedOutcome.depends("luo_ser is read from " + Ctx.hex(pa));
            }
            return new Plan("LUO/preserved-data " + Ctx.hex(ctx.view().luoSerPa()) + " → " + Ctx.hex(pa), e);
        }
    }

    /** The KHO root compatible. */
    public record KhoCompatible() implements Injector {
        static final Meta META = new Meta("kho-compatible", Group.STRINGS_FDT,
                "Change the KHO root FDT's compatible (as if the previous kernel spoke another KHO ABI)",
                "in the KHO FDT blob, in place: the value of / compatible (NUL-padded to its length)",
                "kho_populate: \"handover FDT (0x..) is incompatible with 'kho-v4': 1\" (v2, pre-series: 'kho-v3') → \"disabling "
                        + "KHO revival\" → boots like a cold boot: no panic, every session lost, preserved memory not reserved",
                Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.string("value", "auto", 6, "new compatible (auto = another generation's: kho-v3 on v7, kho-v4 "
                        + "on v2 and pre-series); must fit in the old one's bytes"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            String n = liveNote(ctx);
            if (n != null) {
                ctx.note(n);
            }
            long at = FdtBytes.valuePa(ctx, null, "compatible");
            int len = FdtBytes.length(ctx, null, "compatible");
            String value = v.is("value", "auto") ? otherKhoCompatible(ctx.abi()) : v.str("value");
            if (value.length() + 1 > len) {
                throw new Refusal("'" + value + "' does not fit: the property has " + len + " bytes (" + (len - 1) + " characters + NUL)");
            }
            ctx.write(at, cstr(value, len), FieldRef.of("fdt_property", "/compatible"));
            long fdt = ctx.view().fdtPa();
            String want = ctx.abi().khoCompatible();
            ExpectedOutcome e = value.equals(want) ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is incompatible with '" + want + "': 1",
                            "KHO: disabling KHO revival");
            return new Plan("KHO FDT compatible '" + ctx.view().fdtRoot().getString("compatible").orElse("?") + "' → '" + value + "'", e);
        }
    }

    /**
     * The KHO compatible a kernel of another generation writes: v7 07/13 bumped KHO_FDT_COMPATIBLE
     * "kho-v3" → "kho-v4" (kernel-luo.md §1.2), so v2 and pre-series kernels see "kho-v4" from a v7
     * kernel and v7 sees "kho-v3" from them. Their own string would change nothing.
     */
    static String otherKhoCompatible(luolab.engine.abi.Abi abi) {
        for (luolab.engine.abi.Abi a : luolab.engine.abi.Abi.ALL) {
            if (!a.khoCompatible().equals(abi.khoCompatible())) {
                return a.khoCompatible();
            }
        }
        throw new IllegalStateException("every generation has KHO compatible " + abi.khoCompatible());
    }

    /** The FDT header magic. */
    public record FdtMagic() implements Injector {
        static final Meta META = new Meta("fdt-magic", Group.STRINGS_FDT, "Overwrite the KHO FDT header's magic (0xd00dfeed)",
                "fdt_header.magic (big-endian u32 at the FDT's PA) := <value>",
                "kho_populate: \"handover FDT (0x..) is invalid: -9\" (FDT_ERR_BADMAGIC) → \"disabling KHO revival\" → fresh start",
                Set.of(Stage.LIVE, Stage.HANDOVER), ParamSpec.u64("value", "0xdeadbeef", List.of(), "new magic (32 bits)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long value = v.u64("value");
            if ((value >>> 32) != 0) {
                throw new Refusal("the magic is 32 bits");
            }
            long fdt = ctx.view().fdtPa();
            ctx.writeU32BE(fdt, value, FieldRef.of("fdt_header", "magic"));
            n(ctx);
            ExpectedOutcome e = value == 0xd00dfeedL ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is invalid: -9", "KHO: disabling KHO revival");
            return new Plan("KHO FDT magic → " + Ctx.hex(value), e);
        }

        private static void n(Ctx ctx) {
            String n = liveNote(ctx);
            if (n != null) {
                ctx.note(n);
            }
        }
    }

    /** The FDT header's totalsize made smaller than the blob. */
    public record FdtTruncate() implements Injector {
        static final Meta META = new Meta("fdt-truncate", Group.STRINGS_FDT,
                "Truncate the KHO FDT: its header's totalsize no longer covers the structure and strings blocks",
                "fdt_header.totalsize (big-endian u32 at FDT + 4) := <totalsize>",
                "kho_populate: \"handover FDT (0x..) is invalid: -8\" (FDT_ERR_TRUNCATED) → \"disabling KHO revival\" → fresh start",
                Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.integer("totalsize", "64", 0, 4095, List.of(), "new totalsize (must end before the structure "
                        + "or strings block does)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            byte[] blob = ctx.view().fdtBlob();
            if (blob == null) {
                throw new Refusal("no KHO FDT");
            }
            long real = FdtBytes.be32(blob, 4);
            long total = v.integer("totalsize");
            if (total >= real) {
                throw new Refusal("totalsize " + total + " is not below the real one (" + real + ")");
            }
            long covered = FdtBytes.blocksEnd(blob);
            if (total >= covered) {
                throw new Refusal("totalsize " + total + " still covers every block (they end at " + covered + "): fdt_check_header() "
                        + "accepts it and the next kernel uses the handover as is");
            }
            long fdt = ctx.view().fdtPa();
            ctx.writeU32BE(fdt + 4, total, FieldRef.of("fdt_header", "totalsize"));
            String n = liveNote(ctx);
            if (n != null) {
                ctx.note(n);
            }
            return new Plan("KHO FDT totalsize " + real + " → " + total,
                    ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is invalid: -8", "KHO: disabling KHO revival"));
        }
    }
}

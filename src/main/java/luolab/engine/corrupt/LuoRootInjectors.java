package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.luo.Luo;
import luolab.engine.memory.FieldRef;

/**
 * The KHO FDT's "LUO" node and the raw luo_ser blob it names (v7): the compatible
 * luo_early_startup() checks, the node's blob-size and preserved-data properties.
 */
public final class LuoRootInjectors {
    private LuoRootInjectors() {
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
            ctx.write(pa, Ctx.cstr(value, 8), Layouts.LUO_SER.ref("compatible"));
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

    /**
     * The start both property injectors share: only v7 has the raw blob; mode short or missing
     * breaks the property (kho_retrieve_subtree() fails before its value matters, kernel-luo.md
     * §2, §7), expecting {@code log}; mode value returns null for the caller to write the value.
     */
    static Plan unlessValue(Ctx ctx, Values v, String prop, String... log) throws Refusal {
        rawBlobOnly(ctx);
        FdtBytes.noteRepack(ctx);
        if (v.is("mode", "value")) {
            return null;
        }
        return new Plan(breakProp(ctx, prop, v.str("mode")), ExpectedOutcome.restoreFail(-Errno.EINVAL, log));
    }

    /** The "LUO" node's 8-byte property {@code prop} := {@code value}, in place. */
    static void writeProp(Ctx ctx, String prop, long value) throws Refusal {
        long at = FdtBytes.valuePa(ctx, Luo.KHO_ENTRY_NAME, prop);
        byte[] b = new byte[8];
        luolab.engine.memory.LittleEndian.putU64(b, 0, value);
        ctx.write(at, b, FieldRef.of("fdt_property", "LUO/" + prop));
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
            Plan broken = unlessValue(ctx, v, Kho.PROP_BLOB_SIZE, "KHO: broken KHO subnode 'LUO': missing or invalid blob-size property",
                    "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL");
            if (broken != null) {
                return broken;
            }
            long value = v.u64("value");
            writeProp(ctx, Kho.PROP_BLOB_SIZE, value);
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
            Plan broken = unlessValue(ctx, v, Kho.PROP_SUB_FDT, "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL");
            if (broken != null) {
                return broken;
            }
            boolean auto = v.is("pa", "auto");
            long pa = auto ? 0 : v.u64("pa");
            if (auto) {
                pa = ctx.freePageHigh();
            }
            writeProp(ctx, Kho.PROP_SUB_FDT, pa);
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
}

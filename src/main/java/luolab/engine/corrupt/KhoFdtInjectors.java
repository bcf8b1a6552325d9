package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.memory.FieldRef;

/** The KHO root FDT itself, as kho_populate() checks it: header magic, totalsize, compatible. */
public final class KhoFdtInjectors {
    private KhoFdtInjectors() {
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
            FdtBytes.noteRepack(ctx);
            long at = FdtBytes.valuePa(ctx, null, "compatible");
            int len = FdtBytes.length(ctx, null, "compatible");
            String value = v.is("value", "auto") ? otherKhoCompatible(ctx.abi()) : v.str("value");
            if (value.length() + 1 > len) {
                throw new Refusal("'" + value + "' does not fit: the property has " + len + " bytes (" + (len - 1) + " characters + NUL)");
            }
            ctx.write(at, Ctx.cstr(value, len), FieldRef.of("fdt_property", "/compatible"));
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
    static String otherKhoCompatible(Abi abi) {
        for (Abi a : Abi.ALL) {
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
            FdtBytes.noteRepack(ctx);
            ExpectedOutcome e = value == 0xd00dfeedL ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is invalid: -9", "KHO: disabling KHO revival");
            return new Plan("KHO FDT magic → " + Ctx.hex(value), e);
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
            FdtBytes.noteRepack(ctx);
            return new Plan("KHO FDT totalsize " + real + " → " + total,
                    ExpectedOutcome.khoDisabled("KHO: setup: handover FDT (" + Ctx.hex(fdt) + ") is invalid: -8", "KHO: disabling KHO revival"));
        }
    }
}

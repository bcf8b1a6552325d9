package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.memory.PhysicalMemory;

/** Raw bytes at any physical address. */
public final class RawInjectors {
    private RawInjectors() {
    }

    /** Where {@link RawTargets} states the outcome instead of "depends". */
    static final String CHECKED = "; stated where the generation's restore checks those bytes: the KHO FDT header, luo_ser's "
            + "compatible or live update number (v2: its first u64; pre-series: the LUO FDT property), a block's count";

    static String owner(Ctx ctx, long pa) {
        return ctx.mem.describe(PhysicalMemory.pfn(pa));
    }

    public record BitFlip() implements Injector {
        static final Meta META = new Meta("bit-flip", Group.RAW, "Flip one bit at any physical address", "1 byte at <pa>",
                "whatever the restore path does with the changed byte (see the structure that lives there)" + CHECKED,
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), ParamSpec.u64("pa", null, List.of(), "the byte's physical address"),
                ParamSpec.integer("bit", "0", 0, 7, List.of(), "which bit"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long pa = v.u64("pa");
            if (!ctx.mem.contains(pa, 1)) {
                throw new Refusal(Ctx.hex(pa) + " is not RAM (" + Ctx.hex(ctx.mem.base()) + ".." + Ctx.hex(ctx.mem.end()) + ")");
            }
            int bit = (int) v.integer("bit");
            int old = ctx.mem.u8(pa);
            byte[] b = {(byte) (old ^ (1 << bit))};
            ctx.write(pa, b, null);
            return new Plan("bit " + bit + " of " + Ctx.hex(pa) + " (" + owner(ctx, pa) + ") flipped: "
                    + String.format("%02x → %02x", old, old ^ (1 << bit)), RawTargets.expect(ctx, pa, b, owner(ctx, pa)));
        }
    }

    public record WriteU64() implements Injector {
        static final Meta META = new Meta("write-u64", Group.RAW, "Write a 64-bit little-endian value at any physical address",
                "8 bytes at <pa>", "whatever the restore path does with the new value (see the structure that lives there)" + CHECKED,
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), ParamSpec.u64("pa", null, List.of(), "physical address"),
                ParamSpec.u64("value", null, List.of(), "the value"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long pa = v.u64("pa");
            long value = v.u64("value");
            if (!ctx.mem.contains(pa, 8)) {
                throw new Refusal(Ctx.hex(pa) + "..+8 is not RAM (" + Ctx.hex(ctx.mem.base()) + ".." + Ctx.hex(ctx.mem.end()) + ")");
            }
            byte[] b = new byte[8];
            luolab.engine.memory.LittleEndian.putU64(b, 0, value);
            ctx.write(pa, b, null);
            return new Plan(Ctx.hex(pa) + " (" + owner(ctx, pa) + ") := " + Ctx.hex(value), RawTargets.expect(ctx, pa, b, owner(ctx, pa)));
        }
    }

    /** Any number of bytes (1..64) at any physical address: the hex inspector's in-place edit. */
    public record WriteBytes() implements Injector {
        /** At most this many bytes per write. */
        public static final int MAX_BYTES = 64;

        static final Meta META = new Meta("write-bytes", Group.RAW, "Write 1 to 64 bytes at any physical address",
                "the given bytes at <pa>", "whatever the restore path does with the new bytes (see the structure that lives there)"
                        + CHECKED, Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING),
                ParamSpec.u64("pa", null, List.of(), "physical address of the first byte"),
                ParamSpec.string("bytes", null, 3 * MAX_BYTES, "the new bytes in hex, in memory order (\"2a\", \"de ad be ef\")"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long pa = v.u64("pa");
            byte[] b = parseHex(v.str("bytes"));
            if (!ctx.mem.contains(pa, b.length)) {
                throw new Refusal(Ctx.hex(pa) + "..+" + b.length + " is not RAM (" + Ctx.hex(ctx.mem.base()) + ".."
                        + Ctx.hex(ctx.mem.end()) + ")");
            }
            byte[] old = ctx.mem.read(pa, b.length);
            ctx.write(pa, b, null);
            return new Plan(Ctx.hex(pa) + " (" + owner(ctx, pa) + "): " + java.util.HexFormat.ofDelimiter(" ").formatHex(old)
                    + " → " + java.util.HexFormat.ofDelimiter(" ").formatHex(b), RawTargets.expect(ctx, pa, b, owner(ctx, pa)));
        }

        /** "de ad be ef", "deadbeef", "0x2a" → bytes; refuses anything else. */
        static byte[] parseHex(String s) throws Refusal {
            String t = s.trim();
            if (t.startsWith("0x") || t.startsWith("0X")) {
                t = t.substring(2);
            }
            t = t.replaceAll("[\\s:_-]", "");
            if (t.isEmpty() || t.length() % 2 != 0 || !t.matches("[0-9a-fA-F]+")) {
                throw new Refusal("parameter 'bytes' = '" + s + "' is not whole bytes in hex (e.g. \"2a\" or \"de ad be ef\")");
            }
            if (t.length() / 2 > MAX_BYTES) {
                throw new Refusal("parameter 'bytes' has " + t.length() / 2 + " bytes, at most " + MAX_BYTES);
            }
            return java.util.HexFormat.of().parseHex(t);
        }
    }
}

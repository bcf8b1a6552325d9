package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.memory.PhysicalMemory;

/** Raw bytes at any physical address. */
public final class RawInjectors {
    private RawInjectors() {
    }

    static String owner(Ctx ctx, long pa) {
        return ctx.mem.describe(PhysicalMemory.pfn(pa));
    }

    public record BitFlip() implements Injector {
        public String name() {
            return "bit-flip";
        }

        public Group group() {
            return Group.RAW;
        }

        public String description() {
            return "Flip one bit at any physical address";
        }

        public List<ParamSpec> params() {
            return List.of(ParamSpec.u64("pa", null, List.of(), "the byte's physical address"),
                    ParamSpec.integer("bit", "0", 0, 7, List.of(), "which bit"));
        }

        public String writes() {
            return "1 byte at <pa>";
        }

        public String outcome() {
            return "whatever the restore path does with the changed byte (see the structure that lives there)";
        }

        public Set<Stage> stages() {
            return Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING);
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long pa = v.u64("pa");
            if (!ctx.mem.contains(pa, 1)) {
                throw new Refusal(Ctx.hex(pa) + " is not RAM (" + Ctx.hex(ctx.mem.base()) + ".." + Ctx.hex(ctx.mem.end()) + ")");
            }
            int bit = (int) v.integer("bit");
            int old = ctx.mem.u8(pa);
            ctx.write(pa, new byte[] {(byte) (old ^ (1 << bit))}, null);
            return new Plan("bit " + bit + " of " + Ctx.hex(pa) + " (" + owner(ctx, pa) + ") flipped: "
                    + String.format("%02x → %02x", old, old ^ (1 << bit)), ExpectedOutcome.depends(owner(ctx, pa)));
        }
    }

    public record WriteU64() implements Injector {
        public String name() {
            return "write-u64";
        }

        public Group group() {
            return Group.RAW;
        }

        public String description() {
            return "Write a 64-bit little-endian value at any physical address";
        }

        public List<ParamSpec> params() {
            return List.of(ParamSpec.u64("pa", null, List.of(), "physical address"),
                    ParamSpec.u64("value", null, List.of(), "the value"));
        }

        public String writes() {
            return "8 bytes at <pa>";
        }

        public String outcome() {
            return "whatever the restore path does with the new value (see the structure that lives there)";
        }

        public Set<Stage> stages() {
            return Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING);
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long pa = v.u64("pa");
            long value = v.u64("value");
            if (!ctx.mem.contains(pa, 8)) {
                throw new Refusal(Ctx.hex(pa) + "..+8 is not RAM (" + Ctx.hex(ctx.mem.base()) + ".." + Ctx.hex(ctx.mem.end()) + ")");
            }
            ctx.writeU64(pa, value, null);
            return new Plan(Ctx.hex(pa) + " (" + owner(ctx, pa) + ") := " + Ctx.hex(value), ExpectedOutcome.depends(owner(ctx, pa)));
        }
    }
}

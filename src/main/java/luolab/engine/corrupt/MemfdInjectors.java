package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.MemfdLuoSer;
import luolab.engine.memfd.MemfdLuo;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.PhysicalMemory;

/** Damage to what the memfd handler preserved: its radix bits, memfd_luo_ser, the data itself. */
public final class MemfdInjectors {
    private MemfdInjectors() {
    }

    static final ParamSpec SESSION = ParamSpec.string("session", "auto", 64, "session name (auto = the first session holding a memfd)");
    static final ParamSpec TOKEN = ParamSpec.u64("token", "first", List.of("first"), "the memfd's token (first = the first memfd)");

    static String what(Ctx ctx, HandoverView.File f) {
        return "memfd token 0x" + Long.toHexString(f.token()) + " of '" + ctx.sessionOf(f) + "'";
    }

    /** Clear a preserved folio's radix bit behind LUO's back: the next kernel does not reserve it. */
    public record MemfdUnpreserveFolio() implements Injector {
        static final Meta META = new Meta("memfd-unpreserve-folio", Group.MEMFD,
                "Unpreserve one folio of a preserved memfd behind LUO's back (clear its KHO radix bit)",
                "the kho_radix_leaf bitmap word holding the folio's key: its bit := 0",
                "the folio is not reserved after kexec (poisoned free memory): RETRIEVE_FD → \"Unable to restore folio at "
                        + "physical address: <pa>\" → -EIO; other files and sessions are fine", Set.of(Stage.LIVE, Stage.HANDOVER),
                SESSION, TOKEN, ParamSpec.integer("folio", "first", 0, 1 << 20, ChainInjectors.INDEX_WORDS,
                        "which folio of the memfd's folio array"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.File f = ctx.memfd(v);
            List<MemfdLuoSer.Folio> folios = f.memfd().folios();
            int i = v.index("folio", folios.size(), "the folio array of " + what(ctx, f));
            long pa = folios.get(i).pa();
            long root = ctx.view().radixRoot();
            long[] bit = RadixBytes.locate(ctx, root, pa, 0);
            if (bit == null || (ctx.u64(bit[0]) & bit[1]) == 0) {
                throw new Refusal("folio " + Ctx.hex(pa) + " is not marked preserved in the radix tree");
            }
            ctx.writeU64(bit[0], ctx.u64(bit[0]) & ~bit[1], RadixBytes.BITMAP);
            if (ctx.stage == Stage.LIVE) {
                ctx.note("closing the session before reboot would now WARN in kho_unpreserve_folio");
            }
            return new Plan(what(ctx, f) + ": folio " + i + " (" + Ctx.hex(pa) + ") no longer preserved",
                    ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_RETRIEVE_FD,
                            "memfd_luo: Unable to restore folio at physical address: " + Long.toHexString(pa)));
        }
    }

    /** memfd_luo_ser.seals with bits outside MEMFD_LUO_ALL_SEALS. */
    public record MemfdSeals() implements Injector {
        static final Meta META = new Meta("memfd-seals", Group.MEMFD, "Set seal bits the next kernel does not know in memfd_luo_ser.seals",
                "memfd_luo_ser.seals (u32) := <value>",
                "unknown bits: RETRIEVE_FD -EOPNOTSUPP (no log line); known bits only: the memfd comes back with other seals (silent)",
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SESSION, TOKEN,
                ParamSpec.u64("value", "0x40", List.of(), "new seals (u32); bits outside 0x3f are unknown"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.File f = ctx.memfd(v);
            long value = v.u64("value");
            if ((value >>> 32) != 0) {
                throw new Refusal("seals is a u32");
            }
            ctx.write(f.memfd().serPa() + Layouts.MEMFD_SER.offset("seals"), u32(value), Layouts.MEMFD_SER.ref("seals"));
            ExpectedOutcome e = (value & ~MemfdLuo.ALL_SEALS) != 0 ? ExpectedOutcome.errno(-Errno.EOPNOTSUPP, Restorer.STEP_RETRIEVE_FD)
                    : value == f.memfd().seals() ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.silent("seals " + Ctx.hex(f.memfd().seals()) + " → " + Ctx.hex(value));
            return new Plan(what(ctx, f) + ": seals " + Ctx.hex(f.memfd().seals()) + " → " + Ctx.hex(value), e);
        }
    }

    static byte[] u32(long v) {
        byte[] b = new byte[4];
        luolab.engine.memory.LittleEndian.putU32(b, 0, v);
        return b;
    }

    /** memfd_luo_ser.size changed: the file comes back shorter or longer. */
    public record MemfdSize() implements Injector {
        static final Meta META = new Meta("memfd-size", Group.MEMFD, "Change a memfd's recorded size", "memfd_luo_ser.size := <value>",
                "nothing checks it: the memfd is retrieved with the new i_size (content cut off or zero-extended) — silent damage",
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SESSION, TOKEN,
                ParamSpec.u64("value", "auto", List.of("auto"), "new size (auto = half the size, or 4096 if empty)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.File f = ctx.memfd(v);
            long size = f.memfd().size();
            long value = v.is("value", "auto") ? (size == 0 ? PhysicalMemory.PAGE_SIZE : size / 2) : v.u64("value");
            ctx.writeU64(f.memfd().serPa() + Layouts.MEMFD_SER.offset("size"), value, Layouts.MEMFD_SER.ref("size"));
            ExpectedOutcome e = value == size ? ExpectedOutcome.restored("unchanged")
                    : ExpectedOutcome.silent("size " + size + " → " + Long.toUnsignedString(value));
            return new Plan(what(ctx, f) + ": size " + size + " → " + Long.toUnsignedString(value), e);
        }
    }

    /** One bit of the preserved data flipped. */
    public record MemfdDataFlip() implements Injector {
        static final Meta META = new Meta("memfd-data-flip", Group.MEMFD, "Flip one bit of a preserved memfd's data",
                "one byte of the data folio holding <offset> (found through memfd_luo_ser → vmalloc chunk → folio array)",
                "nothing checks data: RETRIEVE_FD succeeds and the content differs — silent damage",
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SESSION, TOKEN,
                ParamSpec.u64("offset", "0", List.of(), "byte offset in the file"),
                ParamSpec.integer("bit", "0", 0, 7, List.of(), "bit of that byte"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.File f = ctx.memfd(v);
            long off = v.u64("offset");
            if (Long.compareUnsigned(off, f.memfd().size()) >= 0) {
                throw new Refusal("offset " + Long.toUnsignedString(off) + " is beyond the memfd's size (" + f.memfd().size() + ")");
            }
            long idx = off / PhysicalMemory.PAGE_SIZE;
            MemfdLuoSer.Folio folio = null;
            for (MemfdLuoSer.Folio x : f.memfd().folios()) {
                if (x.index() == idx) {
                    folio = x;
                }
            }
            if (folio == null) {
                throw new Refusal("no folio holds page " + idx + " of " + what(ctx, f));
            }
            long pa = folio.pa() + off % PhysicalMemory.PAGE_SIZE;
            if (!ctx.mem.contains(pa, 1)) {
                throw new Refusal("the folio " + Ctx.hex(folio.pa()) + " is not in RAM");
            }
            int old = ctx.mem.u8(pa);
            int bit = (int) v.integer("bit");
            ctx.write(pa, new byte[] {(byte) (old ^ (1 << bit))}, FieldRef.of("memfd data", "page " + idx));
            return new Plan(what(ctx, f) + ": byte " + off + " (" + Ctx.hex(pa) + ") bit " + bit + " flipped",
                    ExpectedOutcome.silent("byte " + off + " differs"));
        }
    }
}

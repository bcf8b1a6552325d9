package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.abi.Layouts;

/** The count of a block (v7, v2) or of the pre-series session array and file arrays. */
public final class BlockCountInjectors {
    private BlockCountInjectors() {
    }

    static final String COUNT_OUTCOME = "\"luo: Block contains invalid entry count: N\" (v2: \"luo: Block contains too many "
            + "entries: N\"; pre-series sessions: \"luo: Invalid session count: N\") → -EINVAL: sessions → panic in early boot; "
            + "files → \"Failed to deserialize files for session [..] -EINVAL\" → open(/dev/liveupdate) -EIO (pre-series "
            + "files: the array is read up to the count, on past the 2-page array when it is full — no bound, no mismatch check; "
            + "the first entry without a handler (a zeroed slot: compatible '') stops it, the error is ignored; non-RAM → Oops)";

    /**
     * Writes {@code value} where generation's restore reads the count of block {@code b}: a linked
     * block's header (v7, v2), the pre-series session array's 8-byte header, or — a pre-series
     * file array has no header — the session's file_set_ser.count.
     */
    static Plan setCount(Ctx ctx, Chain c, int b, long value) throws Refusal {
        String v = Long.toUnsignedString(value);
        if (c.linked()) {
            long old;
            long total;
            if (c.sessions()) {
                old = ctx.view().sessionBlocks().get(b).count();
                total = 0;
            } else {
                HandoverView.Session s = ctx.session(c.session());
                old = s.fileBlocks().get(b).count();
                total = s.fileCount();
            }
            ctx.writeU64(c.block(b) + 8, value, ChainInjectors.COUNT);
            return new Plan(c.label() + ": block " + b + " of " + c.size() + " (" + Ctx.hex(c.block(b)) + ").count " + old + " → " + v,
                    Rules.linkedCount(ctx.abi(), c, old, value, total));
        }
        if (c.sessions()) {
            long real = ctx.view().sessionBlocks().get(0).count();
            ctx.writeU64(c.block(0), value, Layouts.SESSION_HEADER_V1.ref("count"));
            return new Plan(c.label() + " (" + Ctx.hex(c.block(0)) + "): luo_session_header_ser.count " + real + " → " + v,
                    Rules.preSessionCount(ctx.abi(), real, value));
        }
        HandoverView.Session s = ctx.session(c.session());
        ctx.writeU64(s.entryPa() + Layouts.SESSION_SER.offset("file_set_ser.count"), value, FileSetInjectors.FILE_COUNT);
        return new Plan(c.label() + ": session '" + s.name() + "' file_set_ser.count " + s.fileCount() + " → " + v
                + " (a pre-series file array has no header: its count lives in the session entry)",
                Rules.preFileCount(ctx.abi(), s.name(), s.files().size(), value));
    }

    /** Block count above count_per_block (v7: 51 sessions / 63 files; v2: 102 / 127; pre-series arrays: 819 / 128). */
    public record CountOverCapacity() implements Injector {
        static final Meta META = new Meta("count-over-capacity", Group.COUNTS,
                "Set a block's count above its capacity (v7: 51 sessions / 63 files per block; v2: 102 / 127; pre-series arrays: "
                        + "819 / 128)", "kho_block_header_ser.count of block <block> := <value>", COUNT_OUTCOME,
                Set.of(Stage.HANDOVER, Stage.INCOMING), ChainInjectors.SET, ChainInjectors.block("block", "first", "the block"),
                ParamSpec.u64("value", "auto", List.of("auto"), "new count (auto = capacity + 1); must exceed the capacity"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.chain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            long value = v.is("value", "auto") ? c.capacity() + 1 : v.u64("value");
            if (Long.compareUnsigned(value, c.capacity()) <= 0) {
                throw new Refusal("value " + Long.toUnsignedString(value) + " is within the capacity (" + c.capacity()
                        + "): the kernel accepts it (use zero-count-block for 0, write-u64 for anything else)");
            }
            return setCount(ctx, c, b, value);
        }
    }

    /** count = 0 in a block (by default one in the middle of the chain). */
    public record ZeroCountBlock() implements Injector {
        static final Meta META = new Meta("zero-count-block", Group.COUNTS,
                "Set a block's count to 0 (an empty block in the chain, by default in the middle)",
                "kho_block_header_ser.count of block <block> := 0", COUNT_OUTCOME
                        + " (N = 0; v7 rejects zero-count blocks). v2 has no zero-count check: the block is accepted and "
                        + "skipped (sessions in it: RETRIEVE_SESSION -ENOENT; files: \"File count mismatch\" → open -EIO). Pre-series: "
                        + "session array count 0 → every session RETRIEVE_SESSION -ENOENT; file array count 0 → RETRIEVE_FD -ENOENT",
                Set.of(Stage.HANDOVER, Stage.INCOMING), ChainInjectors.SET, ChainInjectors.block("block", "middle", "the block"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.chain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            return setCount(ctx, c, b, 0);
        }
    }
}

package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.KhoBlockSetRestore;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;

/** Damage to the links of a kho_block chain (kho_block_header_ser.next). */
public final class ChainInjectors {
    private ChainInjectors() {
    }

    static final FieldRef NEXT = Layouts.BLOCK_HEADER.ref("next");
    static final FieldRef COUNT = Layouts.BLOCK_HEADER.ref("count");
    static final List<String> INDEX_WORDS = List.of("first", "middle", "last");
    static final ParamSpec SET = ParamSpec.set("sessions", "which block set: the session chain or one session's file chain");
    static final String CHAIN_OUTCOME = "sessions: \"luo: Block set is corrupted\" (v2: \"luo: Cyclic list detected\") → -EINVAL → "
            + "panic in early boot (luo_restore_fail); files: same line + \"Failed to deserialize files for session [..] -EINVAL\" → "
            + "open(/dev/liveupdate) -EIO; pre-series: refused (contiguous arrays, no next)";

    static ParamSpec block(String name, String def, String desc) {
        return ParamSpec.integer(name, def, 0, 29999, INDEX_WORDS, desc);
    }

    /** A block's next → an earlier block (or itself): Floyd's check finds the cycle. */
    public record CyclicChain() implements Injector {
        static final Meta META = new Meta("cyclic-chain", Group.CHAINS, "Point a block's next back at an earlier block of the same chain",
                "kho_block_header_ser.next of block <from> := PA of block <to> (8 bytes)", CHAIN_OUTCOME,
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SET, block("from", "last", "block whose next is rewritten"),
                block("to", "0", "earlier block it now points to (to = from is a self-loop)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int from = v.index("from", c.size(), c.label());
            int to = v.index("to", c.size(), c.label());
            if (to > from) {
                throw new Refusal("'to' (" + to + ") must not be after 'from' (" + from + "): a cycle points back");
            }
            ctx.writeU64(c.block(from), c.block(to), NEXT);
            if (ctx.stage == Stage.LIVE && from == c.size() - 1) {
                ctx.note("a later kho_block_add() on this set rewrites the tail's next and undoes this");
            }
            return new Plan(c.label() + ": block " + from + " (" + Ctx.hex(c.block(from)) + ").next → block " + to + " ("
                    + Ctx.hex(c.block(to)) + ")", Rules.cyclic(ctx.abi(), c));
        }
    }

    /** next == own PA. */
    public record SelfLoop() implements Injector {
        static final Meta META = new Meta("self-loop", Group.CHAINS, "Point a block's next at itself",
                "kho_block_header_ser.next of block <block> := its own PA", CHAIN_OUTCOME,
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SET, block("block", "last", "block whose next is rewritten"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            ctx.writeU64(c.block(b), c.block(b), NEXT);
            return new Plan(c.label() + ": block " + b + " (" + Ctx.hex(c.block(b)) + ").next → itself", Rules.cyclic(ctx.abi(), c));
        }
    }

    /**
     * Extra fake blocks (valid headers, count 1, preserved by setting their radix bits) appended
     * after the real tail, so the chain is {@code blocks} long.
     */
    public record LongChain() implements Injector {
        static final Meta META = new Meta("long-chain", Group.CHAINS,
                "Extend a chain with fake preserved blocks beyond KHO_MAX_BLOCKS (10000)",
                "borrows (blocks − existing) free pages, writes a header {next = following fake, count = 1} into each, "
                        + "links the real tail's next to the first, and sets their bits in the KHO radix tree (new radix nodes if needed)",
                "10001…20000 blocks: kho_block_add() -ENOSPC, no message (sessions → panic [-ENOSPC]; files → open -EIO); "
                        + "≥ 20001: Floyd's step limit → \"Block set is corrupted\" -EINVAL; ≤ 10000: the fake entries themselves "
                        + "(empty names → -EEXIST; empty compatible → -ENOENT)", Set.of(Stage.HANDOVER), SET,
                ParamSpec.integer("blocks", "10001", 2, 40000, List.of(), "total length of the chain after the injection"))
                .requires("one free page per fake block: 20001 blocks ≈ 80 MiB of free RAM (the default 256 MiB machine is enough)");

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            if (ctx.abi().blockPages() != 1) {
                // the fake blocks are built one page each (v7's KHO_BLOCK_SIZE); v2's 2-page blocks
                // would need order-1 pages preserved as such, which this injector does not build
                throw new Refusal("fake blocks are one page (v7's block size); " + ctx.abi().title() + " uses "
                        + ctx.abi().blockPages() + "-page blocks");
            }
            int total = (int) v.integer("blocks");
            int fakes = total - c.size();
            if (fakes <= 0) {
                throw new Refusal(c.label() + " already has " + c.size() + " blocks");
            }
            long free = ctx.kernel.mm().buddy().freePages();
            long need = fakes + fakes / 32768 * 2L + 8;
            if (free < need) {
                long mib = (need * PhysicalMemory.PAGE_SIZE + (ctx.mem.size() - free * PhysicalMemory.PAGE_SIZE)) >> 20;
                throw new Refusal("needs " + need + " free pages (" + (need * PhysicalMemory.PAGE_SIZE >> 20) + " MiB) for " + fakes
                        + " fake blocks, only " + free + " are free: use a machine with at least ~" + (mib + 16) + " MiB RAM");
            }
            long root = ctx.view().radixRoot();
            if (root == 0) {
                throw new Refusal("no preserved-memory-map in the KHO FDT: the fake blocks could not be preserved");
            }
            List<Long> pages = new ArrayList<>(fakes);
            OwnerKind kind = c.sessions() ? OwnerKind.SESSION_BLOCK : OwnerKind.FILE_BLOCK;
            for (int i = 0; i < fakes; i++) {
                pages.add(ctx.borrowPage(kind, "fake block (long-chain corruption)"));
            }
            for (int i = 0; i < fakes; i++) {
                byte[] hdr = new byte[16];
                luolab.engine.memory.LittleEndian.putU64(hdr, 0, i + 1 < fakes ? pages.get(i + 1) : 0);
                luolab.engine.memory.LittleEndian.putU64(hdr, 8, 1);
                ctx.write(pages.get(i), hdr, Layouts.BLOCK_HEADER.whole());
            }
            ctx.writeU64(c.block(c.size() - 1), pages.get(0), NEXT);
            RadixBytes.preserveAll(ctx, root, pages);
            ExpectedOutcome e;
            if (total >= 2 * ctx.abi().maxBlocks() + 1) {
                e = Ctx.chainRejected(c, -Errno.EINVAL, KhoBlockSetRestore.tooLongLine(ctx.abi()));
            } else if (total > ctx.abi().maxBlocks()) {
                e = Ctx.chainRejected(c, -Errno.ENOSPC).withNote("no kho_block line: Floyd's limit fires only at 20001 blocks");
            } else if (c.sessions()) {
                e = fakes >= 2 ? ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: Failed to insert session [] -EEXIST")
                        : ExpectedOutcome.restored("one extra session with an empty name");
            } else {
                e = ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: No registered handler for compatible ''",
                        "luo: Failed to deserialize files for session [" + c.session() + "] -ENOENT");
            }
            ctx.note(fakes + " fake blocks (" + (fakes * (long) PhysicalMemory.PAGE_SIZE >> 10) + " KiB) and "
                    + (ctx.borrowedPages() - fakes) + " new radix nodes");
            return new Plan(c.label() + ": " + c.size() + " real + " + fakes + " fake preserved blocks = " + total + " blocks", e);
        }
    }

    /** next = 0 early: the rest of the chain is unreachable (and leaked: still reserved). */
    public record ChainTruncate() implements Injector {
        static final Meta META = new Meta("chain-truncate", Group.CHAINS, "End a chain early (next = 0): later blocks become unreachable",
                "kho_block_header_ser.next of block <block> := 0",
                "sessions: silently lost (RETRIEVE_SESSION -ENOENT; their blocks stay reserved); files: \"File count mismatch: "
                        + "expected N, found M\" → \"Failed to deserialize files for session [..] -EINVAL\" → open -EIO",
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), SET, block("block", "first", "the block that becomes the last one"))
                .requires("the chain needs at least 2 blocks (52+ sessions, or 64+ files in the session)");

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            if (b == c.size() - 1) {
                throw new Refusal("block " + b + " is already the end of the " + c.label() + " (" + c.size() + " blocks)");
            }
            ctx.writeU64(c.block(b), 0, NEXT);
            return new Plan(c.label() + ": block " + b + " (" + Ctx.hex(c.block(b)) + ").next → 0, dropping "
                    + (c.size() - 1 - b) + " block(s)", endsAfter(ctx, c, b));
        }
    }

    /**
     * The restore only reaches blocks 0..b of {@code c}: lost sessions are simply not there
     * (RETRIEVE_SESSION -ENOENT), lost files fail luo_file_deserialize's count check.
     */
    static ExpectedOutcome endsAfter(Ctx ctx, Chain c, int b) throws Refusal {
        if (c.sessions()) {
            return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION)
                    .withNote("sessions in blocks " + (b + 1) + ".." + (c.size() - 1) + " are lost");
        }
        HandoverView.Session s = ctx.session(c.session());
        long found = 0;
        for (int i = 0; i <= b; i++) {
            found += ctx.stage == Stage.LIVE ? c.capacity() : s.fileBlocks().get(i).count();
        }
        return Rules.fileMismatch(c.session(), s.fileCount(), found);
    }
}

package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.handover.KhoBlockSetRestore;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.kho.Scratch;
import luolab.engine.memfd.TestFileHandler;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/** Pointers that lead somewhere they should not: out of RAM, into unpreserved or foreign pages. */
public final class PointerInjectors {
    private PointerInjectors() {
    }

    /** The address a wild load reports: the kernel prints the exact faulting address, and so do PhysicalMemory.u64() and read(). */
    static long faultAddress(PhysicalMemory mem, long pa) {
        return pa;
    }

    static ExpectedOutcome wild(Chain c, long faultPa) {
        return c.sessions() ? ExpectedOutcome.oopsPanic(faultPa) : ExpectedOutcome.oops(Restorer.STEP_OPEN, faultPa);
    }

    static long defaultWildPa(PhysicalMemory mem) {
        return (mem.end() + (1L << 30)) & ~0xFFFL;
    }

    /** next → a PA with no RAM behind it: the kernel dereferences it (phys_to_virt, no check). */
    public record NextOutsideRam() implements Injector {
        static final Meta META = new Meta("next-outside-ram", Group.POINTERS,
                "Point a block's next at a physical address with no RAM behind it", "kho_block_header_ser.next of block <block> := <pa>",
                "Floyd's check loads from it (at phys_to_virt(pa)) → \"BUG: unable to handle page fault\" + Oops: sessions (early boot) → panic "
                        + "\"Attempted to kill init!\"; files (in open()) → the task oopses, the engine returns -EFAULT from open",
                Set.of(Stage.LIVE, Stage.HANDOVER, Stage.INCOMING), ChainInjectors.SET,
                ChainInjectors.block("block", "last", "block whose next is rewritten"),
                ParamSpec.u64("pa", "auto", List.of("auto"), "the wild address (auto = end of RAM + 1 GiB)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            long pa = v.is("pa", "auto") ? defaultWildPa(ctx.mem) : v.u64("pa");
            if (pa == 0) {
                throw new Refusal("pa = 0 ends the chain (that is chain-truncate)");
            }
            if (ctx.mem.contains(pa, 16)) {
                throw new Refusal(Ctx.hex(pa) + " is RAM (" + Ctx.hex(ctx.mem.base()) + ".." + Ctx.hex(ctx.mem.end()) + ")");
            }
            ctx.writeU64(c.block(b), pa, ChainInjectors.NEXT);
            return new Plan(c.label() + ": block " + b + ".next → " + Ctx.hex(pa) + " (no RAM)", wild(c, faultAddress(ctx.mem, pa)));
        }
    }

    /**
     * next → a page that was never preserved. After kexec such a page is free memory and reads
     * PAGE_POISON (0xaa…); Floyd's check follows its next (0xaaaaaaaaaaaaaaaa) before any count is
     * checked, so the load faults. (With target=scratch the page is inside KHO scratch: not
     * poisoned, never written, it reads zeros → count 0.)
     */
    public record NextUnpreserved() implements Injector {
        static final Meta META = new Meta("next-unpreserved", Group.POINTERS,
                "Link a block that was never preserved (a driver forgot kho_preserve): after kexec it is poisoned",
                "target=free: header {next 0, count 1} into the highest free page (not preserved); "
                        + "kho_block_header_ser.next of block <block> := that page (or the first scratch page)",
                "free: the page reads 0xaa… after kexec; Floyd's check follows next = 0xaaaaaaaaaaaaaaaa, whose direct-map address "
                        + "is not canonical → general protection fault (Oops): sessions → "
                        + "panic \"Attempted to kill init!\", files → open oopses (-EFAULT); scratch: reads 0 → \"Block contains "
                        + "invalid entry count: 0\" (sessions → panic, files → open -EIO); v2 accepts the empty block: after the last "
                        + "block nothing is lost, after an inner one the rest of the chain is (as chain-truncate), plus a WARN from "
                        + "kho_restore_free", Set.of(Stage.LIVE, Stage.HANDOVER), ChainInjectors.SET,
                ChainInjectors.block("block", "last", "block whose next is rewritten"),
                ParamSpec.choice("target", "free", List.of("free", "scratch"),
                        "free: a free page, given a valid-looking header {0, 1}; scratch: the first page of KHO scratch"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            if (v.is("target", "scratch")) {
                List<Scratch> s = ctx.kernel.scratch();
                if (s.isEmpty()) {
                    throw new Refusal("this kernel has no KHO scratch area");
                }
                long pa = s.get(0).addr();
                ctx.writeU64(c.block(b), pa, ChainInjectors.NEXT);
                return new Plan(c.label() + ": block " + b + ".next → " + Ctx.hex(pa) + " (KHO scratch, not preserved)",
                        emptyBlockLinked(ctx, c, b, pa));
            }
            long page = ctx.freePageHigh();
            byte[] hdr = new byte[16];
            LittleEndian.putU64(hdr, 8, 1);
            ctx.write(page, hdr, Layouts.BLOCK_HEADER.whole());
            ctx.writeU64(c.block(b), page, ChainInjectors.NEXT);
            ctx.note(Ctx.hex(page) + " is a free page of the old kernel (not allocated, not preserved): after kexec it is free memory"
                    + " of the new kernel and reads as PAGE_POISON until someone allocates it");
            return new Plan(c.label() + ": block " + b + ".next → " + Ctx.hex(page) + " (a block that is not preserved)",
                    wild(c, 0xaaaaaaaaaaaaaaaaL).withNote("the count check is never reached: Floyd follows the poisoned next first"));
        }
    }

    /**
     * Block {@code b}'s next → a zeroed page that was never preserved: a block {next 0, count 0}.
     * v7's kho_block_set_restore rejects count 0. v2's luo_block_restore (seed 002) checks only
     * {@code count > count_per_block}, so the page joins the chain as its last block and
     * luo_block_it_read skips it: after the real tail nothing is lost, after an inner block the
     * rest of the chain is cut off. luo_block_destroy then walks the chain and kho_restore_free()s
     * the page; kho_restore_folio finds no KHOP magic on a page that was never preserved and WARNs
     * (kernel-luo.md §2).
     */
    static ExpectedOutcome emptyBlockLinked(Ctx ctx, Chain c, int b, long pa) throws Refusal {
        if (KhoBlockSetRestore.countRejected(ctx.abi(), c.capacity(), 0)) {
            return Ctx.chainRejected(c, -Errno.EINVAL, KhoBlockSetRestore.badCountLine(ctx.abi(), 0));
        }
        // the chain is freed by luo_session_deserialize() / luo_file_deserialize(), in the first
        // open() of /dev/liveupdate: the WARN names that process (matched without its PID)
        String warn = "at kernel/liveupdate/kexec_handover.c kho_restore_free";
        if (b == c.size() - 1) {
            return ExpectedOutcome.restored(ctx.abi().title() + " accepts the empty block {0, 0} after the last one", warn);
        }
        return ChainInjectors.endsAfter(ctx, c, b).withLog(warn);
    }

    /** next → a preserved page that is not a block (memfd_luo_ser, FLB page, luo_ser, kexec metadata). */
    public record NextForeign() implements Injector {
        static final Meta META = new Meta("next-foreign", Group.POINTERS,
                "Point a block's next at a preserved page that is not a block (its first 16 bytes read as a header)",
                "kho_block_header_ser.next of block <block> := PA of the target page",
                "the target's first u64 becomes next, the second count: memfd_luo_ser {pos 0, size 4096} → \"Block contains "
                        + "invalid entry count: 4096\"; FLB page (next = pgcnt = 1), luo_ser, kexec metadata → next is not RAM → oops "
                        + "(luo_ser from a file chain: freed at early boot before file chains are read → depends on its reuse)",
                Set.of(Stage.LIVE, Stage.HANDOVER), ChainInjectors.SET,
                ChainInjectors.block("block", "last", "block whose next is rewritten"),
                ParamSpec.choice("target", "memfd-ser", List.of("memfd-ser", "flb", "luo-ser", "kexec-metadata"),
                        "which preserved page"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.linkedChain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            HandoverView view = ctx.view();
            long target = switch (v.str("target")) {
                case "memfd-ser" -> {
                    for (HandoverView.Session s : view.sessions()) {
                        for (HandoverView.File f : s.files()) {
                            if (f.memfd() != null) {
                                yield f.memfd().serPa();
                            }
                        }
                    }
                    throw new Refusal("no memfd is preserved");
                }
                case "flb" -> view.flbsPa();
                case "luo-ser" -> view.luoSerPa();
                default -> view.kexecMetadataPa();
            };
            if (!ctx.mem.contains(target, 16)) {
                throw new Refusal("target " + v.str("target") + " not found (" + Ctx.hex(target) + ")");
            }
            long next = ctx.u64(target);
            long count = ctx.u64(target + 8);
            ctx.writeU64(c.block(b), target, ChainInjectors.NEXT);
            ExpectedOutcome e;
            if (v.is("target", "luo-ser") && v.str("set").startsWith("files") && !ctx.abi().luoIsFdt()) {
                // luo_early_startup() kho_restore_free()s luo_ser at early_initcall, and file chains are only read at
                // the first open of /dev/liveupdate: by then the page is back in the allocator (kho_init() and the late
                // initcalls allocate after it), so the block reads whatever reused it
                e = ExpectedOutcome.depends("luo_ser is freed at early boot, before the first open reads file chains: the"
                        + " block reads whatever reused that page");
            } else if (next != 0 && !ctx.mem.contains(next, 16)) {
                e = wild(c, faultAddress(ctx.mem, next));
            } else if (next == 0 && KhoBlockSetRestore.countRejected(ctx.abi(), c.capacity(), count)) {
                e = Ctx.chainRejected(c, -Errno.EINVAL, KhoBlockSetRestore.badCountLine(ctx.abi(), count));
            } else {
                e = ExpectedOutcome.depends("the target reads as a plausible block {next " + Ctx.hex(next) + ", count " + count + "}");
            }
            return new Plan(c.label() + ": block " + b + ".next → " + v.str("target") + " at " + Ctx.hex(target) + " (reads as {next "
                    + Ctx.hex(next) + ", count " + Long.toUnsignedString(count) + "})", e);
        }
    }

    /** KHO's preserved-memory map: the FDT property zeroed, or the radix root page zeroed. */
    public record RadixRootZero() implements Injector {
        static final Meta META = new Meta("radix-root-zero", Group.POINTERS,
                "Zero KHO's preserved-memory map: the FDT property (prop) or the radix root page (page)",
                "prop: the 8-byte value of / preserved-memory-map in the KHO FDT := 0; page: the 4 KiB radix root node := zeros",
                "prop: a zero map (no message of its own) → \"disabling KHO revival\" → fresh start, sessions lost, no panic; page: the "
                        + "walk finds nothing and nothing is reserved, yet the FDT was accepted: every preserved page, the KHO FDT's "
                        + "own included, is free and poisoned, and kho_retrieve_subtree() re-reads the FDT in place → no \"LUO\" node "
                        + "→ fresh start, no panic", Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.choice("mode", "prop", List.of("prop", "page"), "what to zero"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView view = ctx.view();
            if (v.is("mode", "prop")) {
                long at = FdtBytes.valuePa(ctx, null, Kho.PROP_PRESERVED_MEMORY_MAP);
                ctx.write(at, new byte[8], luolab.engine.memory.FieldRef.of("fdt", "/" + Kho.PROP_PRESERVED_MEMORY_MAP));
                if (ctx.stage == Stage.LIVE) {
                    ctx.note("the KHO FDT is rewritten from kernel state whenever a subtree is added or removed");
                }
                return new Plan("KHO FDT " + Kho.PROP_PRESERVED_MEMORY_MAP + " " + Ctx.hex(view.radixRoot()) + " → 0",
                        new ExpectedOutcome(OutcomeKind.KHO_DISABLED, 0, Restorer.STEP_BOOT, List.of("KHO: disabling KHO revival"), null,
                                "a zero map has no message of its own (kernel-luo.md §7): kho_populate's error path only"));
            }
            long root = view.radixRoot();
            if (!ctx.mem.contains(root, PhysicalMemory.PAGE_SIZE)) {
                throw new Refusal("the radix root " + Ctx.hex(root) + " is not in RAM");
            }
            ctx.write(root, new byte[PhysicalMemory.PAGE_SIZE], RadixBytes.TABLE);
            // kho_populate() accepted the FDT and the empty walk is no error, so kho_in.fdt_phys stays set; but the
            // FDT page was not reserved either, and every later reader goes back to it through kho_get_fdt()
            // (phys_to_virt(fdt_phys)). The lab poisons free pages, so it reads 0xaa…: bad magic, and
            // fdt_subnode_offset() finds no "LUO" → -ENOENT → LUO starts fresh. (A real kernel reads whatever is
            // left in the freed page.)
            return new Plan("radix root node " + Ctx.hex(root) + " zeroed (512 table entries)",
                    new ExpectedOutcome(OutcomeKind.FRESH_START, 0, Restorer.STEP_BOOT, List.of("KHO: found kexec handover data."), null,
                            "the accepted KHO FDT is itself an unreserved, poisoned page when LUO looks for its subtree"));
        }
    }

    /**
     * A cyclic radix tree: every empty slot of the root table points back at the root. The walk's
     * recursion is bounded by the level, but each level re-reads the root through ~500 slots
     * (~500^5 table reads): kho_radix_walk_tree() does not finish. It runs in kho_memory_init(),
     * before the lockup detector exists, so the boot hangs silently: no panic, no message.
     *
     * <p>{@code level} &lt; 5 makes the loop lower down: the empty slots of the level-L table on the
     * path to the first leaf point back at the root, an ancestor. The walk then re-enters the tree
     * from the top with ~500 times fewer levels left at each pass, so whether it ends (having
     * reserved garbage keys: the root read as a leaf bitmap) or runs past any budget depends on
     * the level and on the bits of the PAs it reads as bitmaps: no definite expectation.
     */
    public record RadixCycle() implements Injector {
        static final int ROOT_LEVEL = KhoRadixTree.TREE_MAX_DEPTH - 1;
        static final Meta META = new Meta("radix-cycle", Group.POINTERS,
                "Point every empty slot of KHO's radix root table back at the root itself (a cyclic radix tree)",
                "kho_radix_node.table[i] := the root node's own PA, for every zero slot i of the root (one page write); "
                        + "level=L < 5: of the level-L table on the path to the first leaf instead, pointing at the root",
                "kho_mem_retrieve() → kho_radix_walk_tree() re-reads the root at every level through every such slot (~500^5 "
                        + "reads): the walk does not finish. It runs in kho_memory_init(), before the lockup detector exists, so "
                        + "the boot hangs silently: a hang, not a panic, no kernel message; every session lost, nothing runs "
                        + "after (the lab stops the boot with a note). level < 5: depends (fewer levels left to multiply: "
                        + "the walk may end, having reserved the garbage the root's bytes encode as leaf bits)", Set.of(Stage.HANDOVER),
                ParamSpec.integer("level", "" + ROOT_LEVEL, 1, ROOT_LEVEL, List.of(),
                        "the table whose empty slots loop back to the root: 5 = the root itself, 1 = the table above a leaf"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            long root = ctx.view().radixRoot();
            if (root == 0 || !ctx.mem.contains(root, PhysicalMemory.PAGE_SIZE)) {
                throw new Refusal("the radix root " + Ctx.hex(root) + " is not in RAM");
            }
            int level = (int) v.integer("level");
            // down the first non-empty slot of each table: the path the walk takes first
            long node = root;
            for (int l = ROOT_LEVEL; l > level; l--) {
                long child = 0;
                for (int i = 0; i < PhysicalMemory.PAGE_SIZE / 8 && child == 0; i++) {
                    child = ctx.mem.u64(node + 8L * i);
                }
                if (child == 0 || !ctx.mem.contains(child, PhysicalMemory.PAGE_SIZE)) {
                    throw new Refusal("the radix tree has no level-" + level + " table in RAM below " + Ctx.hex(node));
                }
                node = child;
            }
            byte[] table = ctx.mem.read(node, PhysicalMemory.PAGE_SIZE);
            int n = 0;
            for (int i = 0; i < PhysicalMemory.PAGE_SIZE / 8; i++) {
                if (LittleEndian.u64(table, i * 8) == 0) {
                    LittleEndian.putU64(table, i * 8, root);
                    n++;
                }
            }
            if (n == 0) {
                throw new Refusal("the radix " + (node == root ? "root " : "level-" + level + " table ") + Ctx.hex(node)
                        + " has no empty slot to point back at the root");
            }
            ctx.write(node, table, RadixBytes.TABLE);
            if (node == root) {
                return new Plan("radix root node " + Ctx.hex(root) + ": " + n + " empty slots → the root itself",
                        ExpectedOutcome.hang(luolab.engine.machine.Kernel.HANG_RADIX_WALK));
            }
            return new Plan("radix level-" + level + " table " + Ctx.hex(node) + ": " + n + " empty slots → the root " + Ctx.hex(root),
                    ExpectedOutcome.depends("a loop " + (ROOT_LEVEL - level) + " level(s) below the root: the walk re-enters the "
                            + "tree with fewer levels left, and ends or runs past the budget depending on the bits it reads"));
        }
    }

    /** luo_ser.flbs_pa: not validated at boot; read when an FLB is first used. */
    public record FlbsPa() implements Injector {
        static final Meta META = new Meta("flbs-pa", Group.POINTERS,
                "Point luo_ser.flbs_pa somewhere else (the kernel never validates it)", "luo_ser.flbs_pa := <pa>",
                "not validated (luo_flb_setup_incoming keeps it); undefined: read when an FLB is first needed — here at FINISH of "
                        + "a session holding a " + TestFileHandler.COMPATIBLE
                        + " file (its handler depends on the sample FLB): wild → oops", Set.of(Stage.LIVE, Stage.HANDOVER),
                ParamSpec.u64("pa", "auto", List.of("auto"), "new flbs_pa (auto = end of RAM + 1 GiB)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView view = ctx.view();
            if (ctx.abi().rootFormat() == luolab.engine.abi.Abi.RootFormat.FDT_SESSION_ARRAY) {
                throw new Refusal(ctx.abi().title() + " has no luo_ser: the FLB page is named by the LUO FDT's luo-flb/luo-flb-header");
            }
            // v7's 32-byte luo_ser or series v2's 24-byte one (no compatible field): flbs_pa is the last u64 of both
            var layout = ctx.abi().luoIsFdt() ? Layouts.LUO_SER_V2 : Layouts.LUO_SER;
            if (!ctx.mem.contains(view.luoSerPa(), layout.size())) {
                throw new Refusal("luo_ser not found");
            }
            long pa = v.is("pa", "auto") ? defaultWildPa(ctx.mem) : v.u64("pa");
            ctx.writeU64(view.luoSerPa() + layout.offset("flbs_pa"), pa, layout.ref("flbs_pa"));
            boolean testFiles = false;
            for (HandoverView.Session s : view.sessions()) {
                for (HandoverView.File f : s.files()) {
                    testFiles |= f.compatible().equals(TestFileHandler.COMPATIBLE);
                }
            }
            ExpectedOutcome e;
            if (!testFiles) {
                e = ExpectedOutcome.restored("no preserved file uses an FLB: never read");
            } else if (pa != 0 && !ctx.mem.contains(pa, 16)) {
                e = ExpectedOutcome.oops(Restorer.STEP_FINISH, faultAddress(ctx.mem, pa + 8));
            } else {
                e = ExpectedOutcome.depends("the FLB page is read from " + Ctx.hex(pa) + " at FINISH");
            }
            return new Plan("luo_ser.flbs_pa " + Ctx.hex(view.flbsPa()) + " → " + Ctx.hex(pa), e);
        }
    }
}

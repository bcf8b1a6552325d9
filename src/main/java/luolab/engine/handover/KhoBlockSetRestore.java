package luolab.engine.handover;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;

/**
 * The restore rules a linked block chain is judged by, per generation, in the order the kernel
 * applies them (kernel-luo.md §4; seed 002 luo_block.c; seed 000 for v5/v7):
 * <ol>
 * <li>Floyd's cycle check ({@code kho_block_set_is_cyclic} in v7, {@code luo_cyclic_blocks_check}
 * in v2) over the whole chain: any cycle is rejected; so is a chain the step limit trips on. The
 * limit tests {@code count++ >= KHO_MAX_BLOCKS} once per iteration while the fast pointer moves two
 * blocks, so it only fires for chains of at least {@code 2 * KHO_MAX_BLOCKS + 1} blocks
 * ({@link #floydLimit}).</li>
 * <li>The walk, block by block: v7 rejects {@code count == 0 || count > count_per_block} ("Block
 * contains invalid entry count"), v2 only {@code count > max} ("Block contains too many
 * entries"); adding block {@code KHO_MAX_BLOCKS + 1} fails with -ENOSPC and no message.</li>
 * </ol>
 * A {@code next} outside RAM is not checked by either: the kernel dereferences it and oopses.
 */
public final class KhoBlockSetRestore {
    private KhoBlockSetRestore() {
    }

    /** What restore does with a chain: {@code err} 0 (adopted), a -errno with its log line, or an oops. */
    public record Verdict(int err, String logLine, boolean oops) {
        static final Verdict ADOPTED = new Verdict(0, null, false);

        public boolean adopted() {
            return err == 0 && !oops;
        }
    }

    /** The shortest chain Floyd's step limit rejects: 2 × KHO_MAX_BLOCKS + 1 (20001). */
    public static int floydLimit(Abi abi) {
        return 2 * abi.maxBlocks() + 1;
    }

    /** True when a block with this count makes restore fail. */
    public static boolean countRejected(Abi abi, int capacity, long count) {
        return (abi.rejectZeroCount() && count == 0) || Long.compareUnsigned(count, capacity) > 0;
    }

    /** The chain view's short reason for a rejected count, or null when restore accepts it. */
    public static String countProblem(long count, int capacity, Abi abi) {
        if (!countRejected(abi, capacity, count)) {
            return null;
        }
        // v2's luo_block_restore has no zero-count check: only "too many entries"
        return abi.rejectZeroCount() ? "invalid entry count " + Long.toUnsignedString(count)
                : "too many entries: " + Long.toUnsignedString(count) + " > " + capacity;
    }

    /** Floyd found a cycle: v7 "luo: Block set is corrupted", v2 "luo: Cyclic list detected". */
    public static String cyclicLine(Abi abi) {
        return abi.blockLogPrefix() + abi.msgCyclic();
    }

    /** Floyd's step limit: v7 "luo: Block set is corrupted", v2 "luo: Linked list too long". */
    public static String tooLongLine(Abi abi) {
        return abi.blockLogPrefix() + abi.msgTooLong();
    }

    /** A rejected count, printed with %llu (unsigned). */
    public static String badCountLine(Abi abi, long count) {
        return abi.blockLogPrefix() + abi.msgBadCount().replace("%d", Long.toUnsignedString(count));
    }

    /** What restore does with {@code c}, a chain walked by {@link BlockChainReader#walk}. */
    public static Verdict verdict(Handover.Chain c, Abi abi) {
        if (c.layout().array()) {
            throw new IllegalArgumentException("a pre-series array has no block-set restore");
        }
        switch (ChainEnd.of(c, abi)) {
            case CYCLE:
                return new Verdict(-Errno.EINVAL, cyclicLine(abi), false);
            case STEP_LIMIT:
                return new Verdict(-Errno.EINVAL, tooLongLine(abi), false);
            case OUTSIDE_RAM:
                return new Verdict(0, null, true);
            default:
                break;
        }
        for (int i = 0; i < c.blocks().size(); i++) {
            Handover.Block b = c.blocks().get(i);
            if (b.problem() != null) {
                return new Verdict(-Errno.EINVAL, badCountLine(abi, b.count()), false);
            }
            if (i >= abi.maxBlocks()) {
                return new Verdict(-Errno.ENOSPC, null, false);
            }
        }
        return Verdict.ADOPTED;
    }
}

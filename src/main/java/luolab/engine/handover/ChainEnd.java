package luolab.engine.handover;

import luolab.engine.abi.Abi;

/**
 * Why {@link BlockChainReader#walk} stopped following {@code next}, the structural half of a
 * chain's fate (the count half is each {@link Handover.Block#problem()}). The kernel's own order
 * (kernel-luo.md §4): Floyd's check runs over the whole chain before any block is restored, so a
 * cycle or the step limit rejects the set outright (v7 "Block set is corrupted", v2 "Cyclic list
 * detected" / "Linked list too long"); a {@code next} outside RAM is never checked, the kernel
 * dereferences it and oopses. Readers that are not restore (inspect, the ImHex export) report
 * the same stops in their own words.
 */
public enum ChainEnd {
    /** The last block's {@code next} is 0 (or the chain is empty, or a fixed pre-series array). */
    NULL_NEXT,
    /** A {@code next} returns to an earlier block: {@link Handover.Chain#cycleTo()} says which. */
    CYCLE,
    /** A {@code next} (or a pre-series array) lies outside RAM: {@link Handover.Chain#endPa()}. */
    OUTSIDE_RAM,
    /** Floyd's step limit ({@link KhoBlockSetRestore#floydLimit}) stopped the walk. */
    STEP_LIMIT;

    /** How the walk of {@code c} under {@code rules} (the generation it was walked with) ended. */
    public static ChainEnd of(Handover.Chain c, Abi rules) {
        if (c.cycleTo() >= 0) {
            return CYCLE;
        }
        if (c.problem() != null && c.problem().endsWith(BlockChainReader.OUTSIDE_RAM)) {
            return OUTSIDE_RAM;
        }
        if (!c.layout().array() && c.blocks().size() >= KhoBlockSetRestore.floydLimit(rules)) {
            return STEP_LIMIT;
        }
        return NULL_NEXT;
    }
}

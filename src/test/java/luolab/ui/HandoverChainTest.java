package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.handover.Handover;
import org.junit.jupiter.api.Test;

/** The chain walker behind the block-chain view, on hand-written block headers. */
class HandoverChainTest {
    private final PhysicalMemory mem = new PhysicalMemory(0x40000000L, 1L << 20);
    private final long a = 0x40001000L;
    private final long b = 0x40002000L;
    private final long c = 0x40003000L;

    private void block(long pa, long next, long count) {
        mem.writeU64(pa, next, Layouts.BLOCK_HEADER.ref("next"));
        mem.writeU64(pa + 8, count, Layouts.BLOCK_HEADER.ref("count"));
    }

    @Test
    void aHealthyChainEndsAtZero() {
        block(a, b, 51);
        block(b, 0, 7);
        Handover.Chain ch = Handover.chain(mem, "sessions", a, 51);
        assertEquals(2, ch.blocks().size());
        assertEquals(-1, ch.cycleTo());
        assertNull(ch.problem());
    }

    @Test
    void aCycleReportsTheBlockItReturnsTo() {
        block(a, b, 51);
        block(b, c, 51);
        block(c, b, 3);
        Handover.Chain ch = Handover.chain(mem, "sessions", a, 51);
        assertEquals(3, ch.blocks().size());
        assertEquals(1, ch.cycleTo());
        assertTrue(ch.problem().startsWith("cyclic"));
    }

    @Test
    void aSelfLoopIsACycleToItself() {
        block(a, a, 1);
        Handover.Chain ch = Handover.chain(mem, "files", a, 63);
        assertEquals(0, ch.cycleTo());
    }

    @Test
    void zeroAndOverCapacityCountsAreFlagged() {
        block(a, b, 0);
        block(b, 0, 64);
        Handover.Chain ch = Handover.chain(mem, "files", a, 63);
        assertEquals("invalid entry count 0", ch.blocks().get(0).problem());
        assertEquals("invalid entry count 64", ch.blocks().get(1).problem());
        assertEquals("invalid entry count 0", ch.problem());
    }

    @Test
    void aNextOutsideRamStopsTheWalk() {
        block(a, 0x7000_0000L, 1);
        Handover.Chain ch = Handover.chain(mem, "files", a, 63);
        assertEquals(1, ch.blocks().size());
        assertEquals("next 0x70000000 is outside RAM", ch.problem());
    }
}

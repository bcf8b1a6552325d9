package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** How a walk stops, and where: what inspect and the ImHex export report instead of walking chains themselves. */
class ChainEndTest {
    private final PhysicalMemory mem = new PhysicalMemory(0x40000000L, 1L << 20);
    private final ChainLayout layout = ChainLayout.sessions(Abi.V7);

    private long block(int i, long next, long count) {
        long pa = 0x40001000L + i * 0x1000L;
        mem.writeU64(pa, next, Layouts.BLOCK_HEADER.ref("next"));
        mem.writeU64(pa + 8, count, Layouts.BLOCK_HEADER.ref("count"));
        return pa;
    }

    private Handover.Chain walk() {
        return BlockChainReader.walk(mem, "sessions", 0x40001000L, layout, Abi.V7);
    }

    @Test
    void aNullNextEndsCleanlyAndCountsAreClamped() {
        block(0, block(1, 0, -1L), 3);
        Handover.Chain c = walk();
        assertEquals(ChainEnd.NULL_NEXT, ChainEnd.of(c, Abi.V7));
        assertEquals(0, c.endPa());
        assertEquals(3, c.blocks().get(0).entries());
        assertEquals(layout.slots(), c.blocks().get(1).entries());
    }

    @Test
    void aCycleEndsAtTheEarlierBlock() {
        long first = block(0, 0x40002000L, 1);
        block(1, first, 1);
        Handover.Chain c = walk();
        assertEquals(ChainEnd.CYCLE, ChainEnd.of(c, Abi.V7));
        assertEquals(first, c.endPa());
        assertEquals(0, c.cycleTo());
    }

    @Test
    void aPointerOutsideRamEndsThere() {
        block(0, 0x7000000000L, 1);
        Handover.Chain c = walk();
        assertEquals(ChainEnd.OUTSIDE_RAM, ChainEnd.of(c, Abi.V7));
        assertEquals(0x7000000000L, c.endPa());
        Handover.Chain array = BlockChainReader.store(mem, "files", 0x7000000000L, ChainLayout.files(Abi.PRE_SERIES), Abi.PRE_SERIES, 1);
        assertEquals(ChainEnd.OUTSIDE_RAM, ChainEnd.of(array, Abi.PRE_SERIES));
        assertEquals(0x7000000000L, array.endPa());
    }
}

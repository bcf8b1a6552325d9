package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import org.junit.jupiter.api.Test;

/**
 * The shared reader on a series v2 handover (seed 002: "luo-v2" LUO FDT → luo-abi-header → 24-byte
 * luo_ser → 2-page blocks of (8192-16)/80 = 102 sessions, 127 files), against seed 002's
 * luo_block_restore: luo_cyclic_blocks_check "Cyclic list detected", then only
 * {@code ser->count > luo_block_count_per_block(bs)} → "Block contains too many entries: %llu" —
 * no zero-count check.
 */
class SeriesV2HandoverReaderTest {
    private final HandoverFixture fx = new HandoverFixture(Abi.SEEDS_V2, 110, 130);

    @Test
    void aHealthyImageIsTwoTwoPageBlocks() {
        Handover h = fx.assertHealthy("luo-v2", List.of(102L, 8L), List.of(127L, 3L), 110);
        assertNotEquals(0, h.luoFdtPa(), "the LUO FDT");
        assertEquals(2, h.sessions().layout().pages());
    }

    @Test
    void aCyclicChainIsCyclicListDetected() {
        fx.setNext(fx.block(1), fx.block(1));
        assertEquals(1, fx.sessions().cycleTo(), "a self-loop");
        fx.assertSessionsRejected("cyclic: block 1 points back to block 1", -Errno.EINVAL, "luo: Cyclic list detected");
    }

    @Test
    void aZeroCountIsAcceptedAndItsEntriesDropped() {
        fx.setCount(fx.block(1), 0);
        Handover h = fx.read();
        assertNull(h.sessions().problem());
        assertEquals(102, h.entries().size(), "the 8 sessions of block 1 are not read");
        assertTrue(KhoBlockSetRestore.verdict(h.sessions(), Abi.SEEDS_V2).adopted());
        fx.assertRestoreAdopts();
    }

    @Test
    void aCountOverCapacityIsTooManyEntries() {
        fx.setCount(fx.block(1), 103);
        fx.assertSessionsRejected("too many entries: 103 > 102", -Errno.EINVAL, "luo: Block contains too many entries: 103");
    }

    @Test
    void aNextOutsideRamStopsTheWalkAndOopses() {
        long wild = fx.machine.memory().end();
        fx.setNext(fx.block(1), wild);
        fx.assertSessionsOops(wild, 2);
    }
}

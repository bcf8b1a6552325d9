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

    private List<Handover.Block> blocks() {
        return fx.sessions().blocks();
    }

    @Test
    void aHealthyImageIsTwoTwoPageBlocks() {
        Handover h = fx.read();
        assertEquals(Abi.SEEDS_V2, h.generation());
        assertEquals("luo-v2", h.compatible());
        assertNotEquals(0, h.luoFdtPa());
        assertEquals(List.of(102L, 8L), h.sessions().blocks().stream().map(Handover.Block::count).toList());
        assertEquals(2, h.sessions().layout().pages());
        assertEquals(110, h.entries().size());
        assertEquals(List.of(127L, 3L), h.entries().get(0).files().blocks().stream().map(Handover.Block::count).toList());
        assertTrue(KhoBlockSetRestore.verdict(h.sessions(), Abi.SEEDS_V2).adopted());
        fx.assertRestoreAdopts();
    }

    @Test
    void aCyclicChainIsCyclicListDetected() {
        fx.setNext(blocks().get(1).pa(), blocks().get(1).pa());
        Handover.Chain s = fx.sessions();
        assertEquals(1, s.cycleTo(), "a self-loop");
        KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(s, Abi.SEEDS_V2);
        assertEquals(-Errno.EINVAL, v.err());
        assertEquals("luo: Cyclic list detected", v.logLine());
        fx.assertRestorePanics(v.logLine());
    }

    @Test
    void aZeroCountIsAcceptedAndItsEntriesDropped() {
        fx.setCount(blocks().get(1).pa(), 0);
        Handover h = fx.read();
        assertNull(h.sessions().problem());
        assertNull(h.sessions().blocks().get(1).problem());
        assertEquals(102, h.entries().size(), "the 8 sessions of block 1 are not read");
        assertTrue(KhoBlockSetRestore.verdict(h.sessions(), Abi.SEEDS_V2).adopted());
        fx.assertRestoreAdopts();
    }

    @Test
    void aCountOverCapacityIsTooManyEntries() {
        fx.setCount(blocks().get(1).pa(), 103);
        Handover.Chain s = fx.sessions();
        assertEquals("too many entries: 103 > 102", s.problem());
        KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(s, Abi.SEEDS_V2);
        assertEquals(-Errno.EINVAL, v.err());
        assertEquals("luo: Block contains too many entries: 103", v.logLine());
        fx.assertRestorePanics(v.logLine());
    }

    @Test
    void aNextOutsideRamStopsTheWalkAndOopses() {
        long wild = fx.machine.memory().end();
        fx.setNext(blocks().get(1).pa(), wild);
        Handover.Chain s = fx.sessions();
        assertEquals(2, s.blocks().size());
        assertEquals(String.format("next 0x%x is outside RAM", wild), s.problem());
        assertTrue(KhoBlockSetRestore.verdict(s, Abi.SEEDS_V2).oops());
        fx.assertRestorePanics("Oops");
    }
}

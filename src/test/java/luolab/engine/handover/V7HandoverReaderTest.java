package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import org.junit.jupiter.api.Test;

/**
 * The shared reader on a v7 handover ("luo-v5", 1-page kho_blocks: 4080/80 = 51 sessions, 4080/64
 * = 63 files per block), against kho_block_set_restore as merged (kernel-luo.md §4, §7): Floyd
 * "Block set is corrupted", {@code count == 0 || count > count_per_block} → "Block contains
 * invalid entry count: %llu", -EINVAL; and against the engine's own restore booted on the bytes.
 */
class V7HandoverReaderTest {
    private final HandoverFixture fx = new HandoverFixture(Abi.V7, 60, 70);

    private List<Handover.Block> blocks() {
        return fx.sessions().blocks();
    }

    @Test
    void aHealthyImageIsTwoSessionBlocksAndTwoFileBlocks() {
        Handover h = fx.read();
        assertEquals(Abi.V7, h.generation());
        assertEquals("luo-v5", h.compatible());
        Handover.Chain s = h.sessions();
        assertNull(s.problem());
        assertEquals(List.of(51L, 9L), s.blocks().stream().map(Handover.Block::count).toList());
        assertEquals(51, s.blocks().get(0).capacity());
        assertEquals(60, h.entries().size());
        Handover.Chain files = h.entries().get(0).files();
        assertEquals(List.of(63L, 7L), files.blocks().stream().map(Handover.Block::count).toList());
        assertEquals(70, h.entries().get(0).fileCount());
        assertTrue(KhoBlockSetRestore.verdict(s, Abi.V7).adopted());
        fx.assertRestoreAdopts();
    }

    @Test
    void aCyclicChainIsTheBlockSetIsCorrupted() {
        fx.setNext(blocks().get(1).pa(), blocks().get(0).pa());
        Handover.Chain s = fx.sessions();
        assertEquals(0, s.cycleTo());
        assertEquals("cyclic: block 2 points back to block 0", s.problem());
        KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(s, Abi.V7);
        assertEquals(-Errno.EINVAL, v.err());
        assertEquals("kho_block: Block set is corrupted", v.logLine());
        fx.assertRestorePanics(v.logLine());
    }

    @Test
    void aZeroCountIsRejected() {
        fx.setCount(blocks().get(1).pa(), 0);
        Handover.Chain s = fx.sessions();
        assertEquals("invalid entry count 0", s.problem());
        assertEquals(51, fx.read().entries().size(), "restore stops at the rejected block");
        KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(s, Abi.V7);
        assertEquals(-Errno.EINVAL, v.err());
        assertEquals("kho_block: Block contains invalid entry count: 0", v.logLine());
        fx.assertRestorePanics(v.logLine());
    }

    @Test
    void aCountOverCapacityIsRejectedAndTargetsStillSeeEveryEntry() {
        fx.setCount(blocks().get(0).pa(), 52);
        Handover.Chain s = fx.sessions();
        assertEquals("invalid entry count 52", s.problem());
        assertEquals(0, fx.read().entries().size());
        Handover targets = Handover.read(fx.machine.memory(), fx.boot.khoFdtPa(), false, Abi.V7, ReadPurpose.TARGETS);
        assertEquals(60, targets.entries().size(), "injectors read 51 (clamped) + 9");
        assertEquals("kho_block: Block contains invalid entry count: 52", KhoBlockSetRestore.verdict(s, Abi.V7).logLine());
        fx.assertRestorePanics("kho_block: Block contains invalid entry count: 52");
    }

    @Test
    void aNextOutsideRamStopsTheWalkAndOopses() {
        long wild = fx.machine.memory().end() + 0x1000;
        fx.setNext(blocks().get(0).pa(), wild);
        Handover.Chain s = fx.sessions();
        assertEquals(1, s.blocks().size());
        assertEquals(String.format("next 0x%x is outside RAM", wild), s.problem());
        assertTrue(KhoBlockSetRestore.verdict(s, Abi.V7).oops());
        fx.assertRestorePanics("Oops");
    }

    @Test
    void aFileBlockCountOverCapacityFailsOnlyThatSession() {
        Handover.Chain files = fx.read().entries().get(0).files();
        fx.setCount(files.blocks().get(1).pa(), 64);
        Handover h = fx.read();
        assertNull(h.sessions().problem(), "the session chain is untouched");
        assertEquals("invalid entry count 64", h.entries().get(0).files().problem());
        assertEquals("kho_block: Block contains invalid entry count: 64",
                KhoBlockSetRestore.verdict(h.entries().get(0).files(), Abi.V7).logLine());
        fx.assertRestoreAdopts(); // files are deserialized at the first open, not in early boot
    }
}

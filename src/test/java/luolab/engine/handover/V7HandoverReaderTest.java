package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    @Test
    void aHealthyImageIsTwoSessionBlocksAndTwoFileBlocks() {
        Handover h = fx.assertHealthy("luo-v5", List.of(51L, 9L), List.of(63L, 7L), 60);
        assertEquals(51, h.sessions().blocks().get(0).capacity());
        assertEquals(70, h.entries().get(0).fileCount());
    }

    @Test
    void aCyclicChainIsTheBlockSetIsCorrupted() {
        fx.setNext(fx.block(1), fx.block(0));
        assertEquals(0, fx.sessions().cycleTo());
        fx.assertSessionsRejected("cyclic: block 1 points back to block 0", -Errno.EINVAL, "luo: Block set is corrupted");
    }

    @Test
    void aZeroCountIsRejected() {
        fx.setCount(fx.block(1), 0);
        assertEquals(51, fx.read().entries().size(), "restore stops at the rejected block");
        fx.assertSessionsRejected("invalid entry count 0", -Errno.EINVAL, "luo: Block contains invalid entry count: 0");
    }

    @Test
    void aCountOverCapacityIsRejectedAndTargetsStillSeeEveryEntry() {
        fx.setCount(fx.block(0), 52);
        assertEquals(0, fx.read().entries().size());
        Handover targets = Handover.read(fx.machine.memory(), fx.boot.khoFdtPa(), false, Abi.V7, ReadPurpose.TARGETS);
        assertEquals(60, targets.entries().size(), "injectors read 51 (clamped) + 9");
        fx.assertSessionsRejected("invalid entry count 52", -Errno.EINVAL, "luo: Block contains invalid entry count: 52");
    }

    @Test
    void aNextOutsideRamStopsTheWalkAndOopses() {
        long wild = fx.machine.memory().end() + 0x1000;
        fx.setNext(fx.block(0), wild);
        fx.assertSessionsOops(wild, 1);
    }

    @Test
    void aFileBlockCountOverCapacityFailsOnlyThatSession() {
        fx.setCount(fx.read().entries().get(0).files().blocks().get(1).pa(), 64);
        Handover h = fx.read();
        assertNull(h.sessions().problem(), "the session chain is untouched");
        Handover.Chain files = h.entries().get(0).files();
        assertEquals("invalid entry count 64", files.problem());
        assertEquals("luo: Block contains invalid entry count: 64", KhoBlockSetRestore.verdict(files, Abi.V7).logLine());
        fx.assertRestoreAdopts(); // files are deserialized at the first open, not in early boot
    }
}

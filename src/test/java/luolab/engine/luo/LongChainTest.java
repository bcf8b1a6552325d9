package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import luolab.engine.EngineTestSupport;
import luolab.engine.abi.Abi;
import luolab.engine.kho.Kho;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * KHO_MAX_BLOCKS = 10000 and Floyd's step limit (§4): the hare moves two blocks per iteration, so
 * the "Block set is corrupted" limit fires only for chains of at least 20001 blocks; chains of
 * 10001..20000 pass the cycle check and fail in kho_block_add() with -ENOSPC and no message.
 * The chains are built from bytes: preserved pages appended to a real one-block session chain.
 */
class LongChainTest {
    private static final long RAM = 1L << 30;

    /** Boots, serializes one real session, then extends its chain to {@code total} blocks. */
    private static Kernel bootWithChainOf(int total) {
        Machine m = EngineTestSupport.boot(RAM);
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        createOk(p, dev, "real-0");
        long head = m.kernel().luo().sessions().outgoingBlocks().headPa();
        BootParams bp = serialize(m);
        Kho kho = m.kernel().kho();
        long prev = head;
        for (int i = 1; i < total; i++) {
            long pa = kho.allocPreserve(4096, OwnerKind.SESSION_BLOCK, "synthetic session block");
            assertTrue(pa > 0, "out of memory at block " + i);
            m.memory().writeU64(pa + 8, 1, null);
            m.memory().write(pa + 16, ("syn-" + i).getBytes(StandardCharsets.US_ASCII), null);
            m.memory().writeU64(prev, pa, null);
            prev = pa;
        }
        assertEquals(total, EngineTestSupport.chain(m.memory(), head, total + 1).size());
        m.bootNext(bp, Abi.V7);
        return m.kernel();
    }

    @Test
    void exactly10000BlocksAreAccepted() {
        Kernel k = bootWithChainOf(10000);
        assertFalse(k.panicked(), () -> k.panicMessage());
        assertEquals(10000, k.luo().sessions().incomingBlocks().nblocks());
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(10000, k.luo().sessions().incoming().size());
        assertTrue(p.retrieveSession(dev, "syn-9999") >= 0);
        assertTrue(p.retrieveSession(dev, "real-0") >= 0);
    }

    @Test
    void block10001FailsWithEnospcAndNoMessage() {
        Kernel k = bootWithChainOf(10001);
        assertRestorePanic(k, "-ENOSPC");
        assertNoLine(k, "Block set is corrupted");
        assertNoLine(k, "Block contains invalid entry count");
    }

    @Test
    void twentyThousandBlocksStillPassTheCycleCheck() {
        Kernel k = bootWithChainOf(20000);
        assertRestorePanic(k, "-ENOSPC");
        assertNoLine(k, "Block set is corrupted");
    }

    @Test
    void twentyThousandAndOneBlocksTripTheStepLimit() {
        Kernel k = bootWithChainOf(20001);
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
    }
}

package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * The step limit of Floyd's check and KHO_MAX_BLOCKS, on a v7-shaped generation whose
 * KHO_MAX_BLOCKS is 3 so that whole chains stay small. Seed 002's luo_cyclic_blocks_check (the
 * same loop as v7's kho_block_set_is_cyclic) tests {@code count++ >= MAX} once per iteration while
 * the fast pointer moves two blocks; it is transcribed below and must agree with the reader's
 * {@link KhoBlockSetRestore#floydLimit}. Chains longer than MAX but shorter than that pass Floyd
 * and fail in the walk with -ENOSPC and no message.
 */
class FloydStepLimitTest {
    private static final Abi MAX3 = new Abi("max3", "v7 with KHO_MAX_BLOCKS 3", Abi.V7.khoCompatible(), Abi.V7.luoCompatible(),
            Abi.V7.rootFormat(), 1, 80, 64, 3, true, Abi.V7.msgCyclic(), Abi.V7.msgTooLong(), Abi.V7.msgBadCount(),
            Abi.V7.msgRetrieveFailed(), Abi.V7.memfdCompatible(), Abi.V7.blockLogPrefix());
    private final PhysicalMemory mem = new PhysicalMemory(0x40000000L, 1L << 20);

    /** A chain of {@code n} blocks, one entry each; returns its head. */
    private long chain(int n) {
        for (int i = 0; i < n; i++) {
            long pa = 0x40001000L + i * 0x1000L;
            mem.writeU64(pa, i + 1 < n ? pa + 0x1000 : 0, Layouts.BLOCK_HEADER.ref("next"));
            mem.writeU64(pa + 8, 1, Layouts.BLOCK_HEADER.ref("count"));
        }
        return 0x40001000L;
    }

    /** The seed's loop, line by line: true when it reports a corrupted set. */
    private boolean kernelFloyd(long head, int max) {
        long fast = head;
        long slow = head;
        int count = 0;
        while (fast != 0) {
            if (count++ >= max) {
                return true;
            }
            if (mem.u64(fast) == 0) {
                break;
            }
            fast = mem.u64(fast);
            if (mem.u64(fast) == 0) {
                break;
            }
            fast = mem.u64(fast);
            slow = mem.u64(slow);
            if (slow == fast) {
                return true;
            }
        }
        return false;
    }

    private Handover.Chain walk(long head) {
        return BlockChainReader.walk(mem, "sessions", head, ChainLayout.sessions(MAX3), MAX3);
    }

    @Test
    void theLimitFiresFromTwiceMaxPlusOneBlocks() {
        assertEquals(7, KhoBlockSetRestore.floydLimit(MAX3));
        for (int n = 1; n <= 9; n++) {
            long head = chain(n);
            boolean floyd = kernelFloyd(head, 3);
            assertEquals(n >= KhoBlockSetRestore.floydLimit(MAX3), floyd, "kernel loop on " + n + " blocks");
            KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(walk(head), MAX3);
            if (floyd) {
                assertEquals(-Errno.EINVAL, v.err(), n + " blocks");
                assertEquals("luo: Block set is corrupted", v.logLine());
            } else if (n > 3) {
                assertEquals(-Errno.ENOSPC, v.err(), n + " blocks: kho_block_add runs out of room");
                assertNull(v.logLine());
            } else {
                assertTrue(v.adopted(), n + " blocks");
            }
        }
    }

    @Test
    void aBadCountBeforeTheLimitIsReportedFirst() {
        long head = chain(5);
        mem.writeU64(head + 0x1000 + 8, 0, Layouts.BLOCK_HEADER.ref("count"));
        Handover.Chain c = walk(head);
        assertEquals("invalid entry count 0", c.problem());
        assertEquals("luo: Block contains invalid entry count: 0", KhoBlockSetRestore.verdict(c, MAX3).logLine());
    }

    @Test
    void theWalkStopsWhereFloydStops() {
        Handover.Chain c = walk(chain(9));
        assertEquals(7, c.blocks().size());
        assertEquals("longer than 3 blocks", c.problem());
    }
}

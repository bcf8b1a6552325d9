package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.chain;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.kexecOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.Process;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kho_block_set_grow/shrink as LUO drives them (§4): a block is added exactly when the count
 * passes a multiple of the per-block capacity, whole tail blocks are dropped when the count falls
 * back, and slots are assigned only at serialize, so closing any session keeps the chain dense.
 */
class BlockSetGrowShrinkTest {
    private Machine m;
    private Process p;
    private int dev;

    @BeforeEach
    void boot() {
        m = EngineTestSupport.boot();
        p = new Process(m.kernel());
        dev = openDev(p);
    }

    private EntryStore sessionBlocks() {
        return m.kernel().luo().sessions().outgoingBlocks();
    }

    private Map<Long, Integer> preserved() {
        Map<Long, Integer> out = new TreeMap<>();
        KhoRadixTree.walk(m.memory(), m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, o) -> {
            out.put(pa, o);
            return true;
        }, null);
        return out;
    }

    @Test
    void noBlockBeforeTheFirstSession() {
        // v7 08/13 "defer session block alloc": nothing is allocated at boot
        EntryStore bs = sessionBlocks();
        assertTrue(bs == null || bs.nblocks() == 0);
        serialize(m);
        assertEquals(0, m.memory().u64(m.kernel().luo().luoSerPa() + 16), "sessions_pa = 0 without sessions");
    }

    @Test
    void sessionSetGrowsAtExactly51() {
        for (int i = 0; i < 51; i++) {
            createOk(p, dev, "s" + i);
            assertEquals(1, sessionBlocks().nblocks(), "after " + (i + 1));
        }
        createOk(p, dev, "s51");
        assertEquals(2, sessionBlocks().nblocks(), "52nd session opens a second block");
        for (int i = 52; i < 102; i++) {
            createOk(p, dev, "s" + i);
        }
        assertEquals(2, sessionBlocks().nblocks(), "102 = 2 * 51");
        createOk(p, dev, "s102");
        assertEquals(3, sessionBlocks().nblocks());
        // the chain is linked in memory as it grows: head -> b1 -> b2 -> 0
        assertEquals(sessionBlocks().blocks(), chain(m.memory(), sessionBlocks().headPa(), 10));
        for (long b : sessionBlocks().blocks()) {
            assertTrue(preserved().containsKey(b), "block pages are kho_alloc_preserve'd");
        }
    }

    @Test
    void fileSetGrowsAtExactly63() {
        int s = createOk(p, dev, "files");
        LuoSession sess = m.kernel().luo().sessions().outgoing().get(0);
        assertEquals(0, sess.fileSet().blocks().nblocks(), "no file block before the first file");
        for (int i = 0; i < 63; i++) {
            memfdOk(p, s, i, "");
            assertEquals(1, sess.fileSet().blocks().nblocks());
        }
        memfdOk(p, s, 63, "");
        assertEquals(2, sess.fileSet().blocks().nblocks(), "64th file opens a second block");
        serialize(m);
        long head = sess.fileSet().blocks().headPa();
        List<Long> c = chain(m.memory(), head, 10);
        assertEquals(2, c.size());
        assertEquals(63, m.memory().u64(c.get(0) + 8));
        assertEquals(1, m.memory().u64(c.get(1) + 8));
        assertEquals(63, m.memory().u64(c.get(1) + 16 + 56), "token of the 64th file in slot 0 of block 1");
    }

    @Test
    void closingSessionsDropsTailBlocksAndTheyAreReused() {
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            fds.add(createOk(p, dev, "s" + i));
        }
        List<Long> blocks = sessionBlocks().blocks();
        assertEquals(3, blocks.size());
        long tail = blocks.get(2);
        // close one from the middle: 102 left, still fits 2 blocks exactly -> tail block freed
        assertEquals(0, p.close(fds.get(40)));
        assertEquals(2, sessionBlocks().nblocks());
        assertEquals(blocks.subList(0, 2), sessionBlocks().blocks(), "the head blocks stay where they are");
        assertEquals(0, m.memory().u64(blocks.get(1)), "new tail's next cleared");
        assertFalse(preserved().containsKey(tail), "freed block is no longer preserved");
        // close more until 51 remain: second block goes too
        for (int i = 0; i < 51; i++) {
            assertEquals(0, p.close(fds.get(i == 40 ? 102 : i)));
        }
        assertEquals(51, m.kernel().luo().sessions().outgoingCount());
        assertEquals(1, sessionBlocks().nblocks());
        assertEquals(0, m.memory().u64(blocks.get(0)));
        // grow again: the buddy allocator hands the freed page back first
        createOk(p, dev, "again");
        assertEquals(2, sessionBlocks().nblocks());
        assertTrue(blocks.contains(sessionBlocks().blocks().get(1)), "a freed block page is reused");

        // every survivor is serialized densely and restored in creation order
        List<String> expected = new ArrayList<>();
        for (LuoSession s : m.kernel().luo().sessions().outgoing()) {
            expected.add(s.name());
        }
        long head = sessionBlocks().headPa();
        serialize(m);
        assertEquals(51, m.memory().u64(head + 8));
        assertEquals(1, m.memory().u64(m.memory().u64(head) + 8));
        m.bootNext(m.lastBoot(), m.kernel().abi());
        Kernel k = m.kernel();
        assertFalse(k.panicked(), k.panicMessage());
        Process p2 = new Process(k);
        openDev(p2);
        List<String> got = new ArrayList<>();
        for (LuoSession s : k.luo().sessions().incoming()) {
            got.add(s.name());
        }
        assertEquals(expected, got);
    }

    @Test
    void lastSessionClosedFreesEverything() {
        Map<Long, Integer> before = preserved();
        int a = createOk(p, dev, "a");
        int b = createOk(p, dev, "b");
        memfdOk(p, b, 1, "x");
        p.close(a);
        p.close(b);
        assertEquals(0, sessionBlocks().nblocks());
        assertEquals(0, sessionBlocks().headPa());
        assertEquals(before, preserved());
        Kernel k = kexecOk(m);
        assertTrue(k.luo().sessions().incomingBlocks().isEmpty(), "sessions_pa was 0");
    }

    @Test
    void failedPreserveGivesTheGrownBlockBack() {
        int s = createOk(p, dev, "full");
        int memfd = -1;
        for (int i = 0; i < 63; i++) {
            int fd = memfdOk(p, s, i, "");
            memfd = i == 0 ? fd : memfd;
        }
        LuoSession sess = m.kernel().luo().sessions().outgoing().get(0);
        int devnull = p.open("/dev/null");
        assertEquals(-Errno.ENOENT, p.preserveFd(s, devnull, 1000), "grow to 64 then no handler");
        assertEquals(1, sess.fileSet().blocks().nblocks(), "shrunk back");
        assertEquals(-Errno.EBADF, p.preserveFd(s, 999, 1001));
        assertEquals(1, sess.fileSet().blocks().nblocks());
        assertEquals(-Errno.EBUSY, p.preserveFd(s, memfd, 1002), "already preserved");
        assertEquals(1, sess.fileSet().blocks().nblocks());
        assertEquals(-Errno.EEXIST, p.preserveFd(s, devnull, 5), "token checked before grow");
        assertEquals(1, sess.fileSet().blocks().nblocks());
        assertEquals(63, sess.fileSet().count());
        Kernel k = kexecOk(m);
        Process p2 = new Process(k);
        openDev(p2);
        assertEquals(63, k.luo().sessions().incoming().get(0).fileSet().count());
    }

    @Test
    void blockPagesArePageSizedAndAligned() {
        for (int i = 0; i < 60; i++) {
            createOk(p, dev, "x" + i);
        }
        for (long b : sessionBlocks().blocks()) {
            assertEquals(0, b & (PhysicalMemory.PAGE_SIZE - 1));
            assertEquals(Integer.valueOf(0), preserved().get(b), "one page (order 0) per block in v7");
        }
    }
}

package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * The outgoing side of KHO_MAX_BLOCKS: kho_block_add() refuses the block after the limit with
 * -ENOSPC and kho_block_set_grow() leaves nothing behind. Reaching 10000 real blocks takes
 * 510,001 sessions, so the same code runs here under a v7 ABI whose limit is 3 blocks.
 */
class BlockLimitTest {
    private static final Abi V7_MAX3 = withMaxBlocks(Abi.V7, 3);

    /** A copy of {@code abi} with another KHO_MAX_BLOCKS (by record components, so new fields copy too). */
    static Abi withMaxBlocks(Abi abi, int maxBlocks) {
        try {
            var comps = Abi.class.getRecordComponents();
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                args[i] = comps[i].getName().equals("maxBlocks") ? maxBlocks
                        : comps[i].getName().equals("id") ? abi.id() + "-max" + maxBlocks
                        : comps[i].getAccessor().invoke(abi);
            }
            return Abi.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Machine boot() {
        return Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, V7_MAX3, Trace.off());
    }

    private static Map<Long, Integer> preserved(Machine m) {
        Map<Long, Integer> out = new TreeMap<>();
        KhoRadixTree.walk(m.memory(), m.kernel().kho().radix().rootPa(), KhoBoot.WALK_BUDGET, (pa, o) -> {
            out.put(pa, o);
            return true;
        }, null);
        return out;
    }

    @Test
    void sessionAfterTheLastBlockIsEnospc() {
        Machine m = boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        for (int i = 0; i < 3 * 51; i++) {
            createOk(p, dev, "s" + i);
        }
        Map<Long, Integer> before = preserved(m);
        assertEquals(-Errno.ENOSPC, p.createSession(dev, "one-too-many"));
        assertEquals(153, m.kernel().luo().sessions().outgoingCount());
        assertEquals(3, m.kernel().luo().sessions().outgoingBlocks().nblocks());
        assertEquals(before, preserved(m), "nothing allocated by the failed grow stays");
        Kernel k = EngineTestSupport.kexecOk(m);
        Process q = new Process(k);
        openDev(q);
        assertEquals(153, k.luo().sessions().incoming().size());
    }

    @Test
    void fileAfterTheLastBlockIsEnospc() {
        Machine m = boot();
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "files");
        for (int i = 0; i < 3 * 63; i++) {
            memfdOk(p, s, i, "");
        }
        Map<Long, Integer> before = preserved(m);
        int fd = p.memfdCreate("extra", 0);
        assertEquals(-Errno.ENOSPC, p.preserveFd(s, fd, 1000));
        assertEquals(189, m.kernel().luo().sessions().outgoing().get(0).fileSet().count());
        assertEquals(before, preserved(m));
    }

    /** A real 1-block chain extended by preserved synthetic blocks to {@code total}. */
    private static Kernel bootWithChainOf(int total) {
        Machine m = boot();
        Process p = new Process(m.kernel());
        createOk(p, openDev(p), "real");
        long head = m.kernel().luo().sessions().outgoingBlocks().headPa();
        BootParams bp = serialize(m);
        long prev = head;
        for (int i = 1; i < total; i++) {
            long pa = m.kernel().kho().allocPreserve(4096, OwnerKind.SESSION_BLOCK, "synthetic");
            m.memory().writeU64(pa + 8, 1, null);
            m.memory().write(pa + 16, ("syn-" + i).getBytes(), null);
            m.memory().writeU64(prev, pa, null);
            prev = pa;
        }
        m.bootNext(bp, V7_MAX3);
        return m.kernel();
    }

    @Test
    void restoreLimitsScaleWithTheBlockLimit() {
        Kernel three = bootWithChainOf(3);
        assertFalse(three.panicked());
        for (int n : new int[] {4, 6}) {
            Kernel k = bootWithChainOf(n);
            assertRestorePanic(k, "-ENOSPC");
            assertNoLine(k, "Block set is corrupted");
        }
        Kernel k = bootWithChainOf(7);
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
    }
}

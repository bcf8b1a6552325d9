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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kernel-luo.md §7 edge case: luo_session_insert() grows the outgoing block set to count + 1
 * before the duplicate-name check, and the -EEXIST path does not shrink it. With a non-zero
 * multiple of 51 sessions, a duplicate CREATE_SESSION leaves an empty block linked at the tail;
 * if the count is still a multiple of 51 at reboot the next kernel sees a block with count 0.
 */
class DuplicateNameEmptyBlockTest {
    private Machine m;
    private Process p;
    private int dev;
    private final List<Integer> fds = new ArrayList<>();

    @BeforeEach
    void boot() {
        m = EngineTestSupport.boot();
        p = new Process(m.kernel());
        dev = openDev(p);
    }

    private void create(int n) {
        for (int i = fds.size(); i < n; i++) {
            fds.add(createOk(p, dev, "edge-" + i));
        }
    }

    private EntryStore blocks() {
        return m.kernel().luo().sessions().outgoingBlocks();
    }

    @Test
    void duplicateAt51LeavesAnEmptyLinkedBlockAndTheNextKernelPanics() {
        create(51);
        assertEquals(1, blocks().nblocks());
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-7"));
        assertEquals(51, m.kernel().luo().sessions().outgoingCount(), "no session was added");
        assertEquals(2, blocks().nblocks(), "...but the grown block stayed");
        long head = blocks().headPa();
        long tail = blocks().blocks().get(1);
        assertEquals(tail, m.memory().u64(head), "and it is linked");

        serialize(m);
        assertEquals(51, m.memory().u64(head + 8));
        assertEquals(0, m.memory().u64(tail + 8), "the empty block goes to the next kernel with count 0");
        m.bootNext(m.lastBoot(), Abi.V7);
        Kernel k = m.kernel();
        assertLine(k, "Block contains invalid entry count: 0");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void everyDuplicateAtTheBoundaryIsHarmlessOnceCountMovesOn() {
        create(51);
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-0"));
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-50"), "a second attempt reuses the same empty block");
        assertEquals(2, blocks().nblocks());
        create(52);
        assertEquals(2, blocks().nblocks());
        Kernel k = EngineTestSupport.kexecOk(m);
        assertNoLine(k, "invalid entry count");
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        assertEquals(52, k.luo().sessions().incoming().size());
        assertTrue(p2.retrieveSession(dev2, "edge-51") >= 0);
    }

    @Test
    void closingASessionAfterTheDuplicateShrinksTheEmptyBlockAway() {
        create(51);
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-3"));
        assertEquals(2, blocks().nblocks());
        assertEquals(0, p.close(fds.get(3)));
        assertEquals(1, blocks().nblocks(), "50 <= (2 - 1) * 51: tail dropped");
        Kernel k = EngineTestSupport.kexecOk(m);
        Process p2 = new Process(k);
        openDev(p2);
        assertEquals(50, k.luo().sessions().incoming().size());
    }

    @Test
    void duplicateBelowTheBoundaryGrowsNothing() {
        create(50);
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-1"));
        assertEquals(1, blocks().nblocks());
        create(51);
        assertEquals(1, blocks().nblocks());
        EngineTestSupport.kexecOk(m);
    }

    @Test
    void duplicateAt102PanicsToo() {
        create(102);
        assertEquals(-Errno.EEXIST, p.createSession(dev, "edge-101"));
        assertEquals(3, blocks().nblocks());
        assertEquals(0, m.kexec());
        assertLine(m.kernel(), "Block contains invalid entry count: 0");
        assertRestorePanic(m.kernel(), "-EINVAL");
    }

    @Test
    void filesDoNotHaveTheProblem() {
        int s = createOk(p, dev, "files");
        int first = -1;
        for (int i = 0; i < 63; i++) {
            int fd = memfdOk(p, s, i, "");
            first = i == 0 ? fd : first;
        }
        LuoSession sess = m.kernel().luo().sessions().outgoing().get(0);
        assertEquals(-Errno.EEXIST, p.preserveFd(s, first, 5), "duplicate token: checked before grow");
        assertEquals(-Errno.EBUSY, p.preserveFd(s, first, 100), "grow, then -EBUSY: shrunk back");
        assertEquals(-Errno.ENOENT, p.preserveFd(s, p.open("/dev/null"), 101), "grow, then -ENOENT: shrunk back");
        assertEquals(1, sess.fileSet().blocks().nblocks());
        Kernel k = EngineTestSupport.kexecOk(m);
        Process p2 = new Process(k);
        int dev2 = openDev(p2);
        int s2 = p2.retrieveSession(dev2, "files");
        assertTrue(p2.retrieveFd(s2, 62) >= 0);
        assertFalse(k.panicked());
    }
}

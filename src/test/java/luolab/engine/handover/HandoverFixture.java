package luolab.engine.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;

/**
 * A machine of one generation with sessions and memfds, serialized for kexec: memory then holds
 * exactly what the next kernel reads. Tests damage the bytes, read them with the shared reader
 * and boot the next kernel to see what its restore really does.
 */
final class HandoverFixture {
    final Abi abi;
    final Machine machine;
    final BootParams boot;

    /** {@code sessions} sessions "s-0".., session 0 holding {@code files} memfds. */
    HandoverFixture(Abi abi, int sessions, int files) {
        this.abi = abi;
        machine = Machine.coldBoot(256L << 20, abi, new Trace(Trace.Mode.COARSE));
        Process p = new Process(machine.kernel());
        int dev = p.open("/dev/liveupdate");
        assertTrue(dev >= 0, "open /dev/liveupdate: " + dev);
        for (int s = 0; s < sessions; s++) {
            int sfd = p.createSession(dev, "s-" + s);
            assertTrue(sfd >= 0, "create session " + s + ": " + sfd);
            for (int f = 0; s == 0 && f < files; f++) {
                int r = p.preserveMemfd(sfd, f + 1, new byte[] {(byte) f});
                assertTrue(r >= 0, "preserve memfd " + f + ": " + r);
            }
        }
        int[] err = new int[1];
        boot = machine.serializeForKexec(err);
        assertNotNull(boot, "serialize failed: " + err[0]);
    }

    /** What the next kernel would restore, read from bytes. */
    Handover read() {
        return Handover.read(machine.memory(), boot.khoFdtPa(), false, abi);
    }

    /** The session chain (or array) as read. */
    Handover.Chain sessions() {
        Handover.Chain c = read().sessions();
        assertNotNull(c, "no session chain: " + read().luoProblem());
        return c;
    }

    /** PA of block {@code i} of the session chain. */
    long block(int i) {
        return sessions().blocks().get(i).pa();
    }

    /** The entry counts of a chain's blocks, in order. */
    static List<Long> counts(Handover.Chain c) {
        return c.blocks().stream().map(Handover.Block::count).toList();
    }

    /**
     * An undamaged linked image: read as the generation that wrote it with its compatible, blocks
     * of the given counts (sessions; session 0's files), every session listed, and adopted both by
     * the restore rules and by the next kernel booted on it.
     */
    Handover assertHealthy(String compat, List<Long> sessionCounts, List<Long> fileCounts, int sessions) {
        Handover h = read();
        assertEquals(abi, h.generation());
        assertEquals(compat, h.compatible());
        assertNull(h.sessions().problem());
        assertEquals(sessionCounts, counts(h.sessions()));
        assertEquals(fileCounts, counts(h.entries().get(0).files()));
        assertEquals(sessions, h.entries().size());
        assertTrue(KhoBlockSetRestore.verdict(h.sessions(), abi).adopted());
        assertRestoreAdopts();
        return h;
    }

    /**
     * The session chain as read now must carry {@code problem}, restore's verdict on it must be
     * {@code err} with {@code line}, and the next kernel booted on the bytes must panic with it.
     */
    void assertSessionsRejected(String problem, int err, String line) {
        Handover.Chain s = sessions();
        assertEquals(problem, s.problem());
        KhoBlockSetRestore.Verdict v = KhoBlockSetRestore.verdict(s, abi);
        assertEquals(err, v.err());
        assertEquals(line, v.logLine());
        assertRestorePanics(line);
    }

    /** The session chain stops at a {@code next} of {@code wild}, which restore dereferences: an oops. */
    void assertSessionsOops(long wild, int blocksRead) {
        Handover.Chain s = sessions();
        assertEquals(blocksRead, s.blocks().size());
        assertEquals(String.format("next 0x%x is outside RAM", wild), s.problem());
        assertTrue(KhoBlockSetRestore.verdict(s, abi).oops());
        assertRestorePanics("Oops");
    }

    void setNext(long blockPa, long next) {
        machine.memory().writeU64(blockPa + Layouts.BLOCK_HEADER.offset("next"), next, Layouts.BLOCK_HEADER.ref("next"));
    }

    void setCount(long blockPa, long count) {
        machine.memory().writeU64(blockPa + Layouts.BLOCK_HEADER.offset("count"), count, Layouts.BLOCK_HEADER.ref("count"));
    }

    /** The jump: the next kernel of the same generation boots from these bytes. */
    Kernel bootNext() {
        machine.bootNext(boot, abi);
        return machine.kernel();
    }

    /** Boots the next kernel and asserts it panicked in early boot after logging {@code line}. */
    void assertRestorePanics(String line) {
        Kernel k = bootNext();
        assertTrue(k.panicked(), "the next kernel should panic; log: " + k.log().lines());
        assertTrue(k.log().contains(line), "expected \"" + line + "\" in " + k.log().lines());
    }

    /** Boots the next kernel and asserts it adopted the sessions without complaint. */
    void assertRestoreAdopts() {
        Kernel k = bootNext();
        assertTrue(!k.panicked(), "the next kernel panicked: " + k.log().lines());
    }
}

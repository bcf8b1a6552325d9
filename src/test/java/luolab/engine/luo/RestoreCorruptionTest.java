package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.levelOf;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static luolab.engine.EngineTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * Corrupted handover bytes and their exact outcome in the next kernel (§7): the corruption is a
 * plain write to physical memory between serialize and the jump, and the engine must react the
 * way kho_block_set_restore()/luo_early_startup()/luo_session_deserialize() do.
 */
class RestoreCorruptionTest {

    /** A machine with {@code sessions} sessions created and serialized, stopped before the jump. */
    private static final class Staged {
        final Machine m;
        final Process p;
        final BootParams bp;
        final List<Long> sessionBlocks;

        Staged(int sessions) {
            m = EngineTestSupport.boot();
            p = new Process(m.kernel());
            int dev = openDev(p);
            for (int i = 0; i < sessions; i++) {
                createOk(p, dev, "c-" + i);
            }
            sessionBlocks = m.kernel().luo().sessions().outgoingBlocks().blocks();
            bp = serialize(m);
        }

        void setNext(long pa, long next) {
            // struct kho_block_header_ser.next @0
            m.memory().writeU64(pa, next, null);
        }

        void setCount(long pa, long count) {
            // struct kho_block_header_ser.count @8
            m.memory().writeU64(pa + 8, count, null);
        }

        Kernel boot() {
            m.bootNext(bp, Abi.V7);
            return m.kernel();
        }
    }

    private static void assertDeadAfterPanic(Machine m) {
        Process p = new Process(m.kernel());
        assertTrue(p.open("/dev/liveupdate") < 0, "a panicked kernel runs no syscalls");
        int[] err = new int[1];
        assertEquals(null, m.serializeForKexec(err));
        assertTrue(err[0] < 0, "kexec from a panicked kernel is refused");
        assertTrue(m.kexec() < 0);
    }

    @Test
    void intactChainRestoresWithoutPanic() {
        Staged s = new Staged(120);
        assertEquals(3, s.sessionBlocks.size());
        Kernel k = s.boot();
        assertFalse(k.panicked(), k.panicMessage());
        assertEquals(3, k.luo().sessions().incomingBlocks().nblocks());
    }

    @Test
    void cyclicChainPanics() {
        Staged s = new Staged(120);
        s.setNext(s.sessionBlocks.get(2), s.sessionBlocks.get(0));
        Kernel k = s.boot();
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
        assertNoLine(k, "Block contains invalid entry count");
        assertDeadAfterPanic(s.m);
    }

    @Test
    void cycleBackToTheMiddlePanics() {
        Staged s = new Staged(220);
        assertEquals(5, s.sessionBlocks.size());
        s.setNext(s.sessionBlocks.get(4), s.sessionBlocks.get(2));
        Kernel k = s.boot();
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void selfLoopOnTheHeadPanics() {
        Staged s = new Staged(10);
        s.setNext(s.sessionBlocks.get(0), s.sessionBlocks.get(0));
        Kernel k = s.boot();
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void selfLoopOnTheTailPanics() {
        Staged s = new Staged(120);
        s.setNext(s.sessionBlocks.get(2), s.sessionBlocks.get(2));
        Kernel k = s.boot();
        assertLine(k, "Block set is corrupted");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void zeroCountInTheMiddlePanics() {
        Staged s = new Staged(120);
        s.setCount(s.sessionBlocks.get(1), 0);
        Kernel k = s.boot();
        assertLine(k, "Block contains invalid entry count: 0");
        assertRestorePanic(k, "-EINVAL");
        assertNoLine(k, "Block set is corrupted");
        assertDeadAfterPanic(s.m);
    }

    @Test
    void countAboveCapacityPanics() {
        Staged s = new Staged(120);
        s.setCount(s.sessionBlocks.get(0), 52);
        Kernel k = s.boot();
        assertLine(k, "Block contains invalid entry count: 52");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void hugeCountIsPrintedUnsigned() {
        Staged s = new Staged(3);
        s.setCount(s.sessionBlocks.get(0), -1L);
        Kernel k = s.boot();
        assertLine(k, "Block contains invalid entry count: 18446744073709551615");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void fullBlocksAtCapacityAreAccepted() {
        Staged s = new Staged(102);
        assertEquals(51, s.m.memory().u64(s.sessionBlocks.get(0) + 8));
        assertEquals(51, s.m.memory().u64(s.sessionBlocks.get(1) + 8));
        Kernel k = s.boot();
        assertFalse(k.panicked());
        Process p = new Process(k);
        openDev(p);
        assertEquals(102, k.luo().sessions().incoming().size());
    }

    @Test
    void lowerCountHidesTrailingEntries() {
        // a shortened count is legal: the entries past it are simply not read
        Staged s = new Staged(120);
        s.setCount(s.sessionBlocks.get(2), 1);
        Kernel k = s.boot();
        assertFalse(k.panicked());
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(103, k.luo().sessions().incoming().size());
        assertEquals(-Errno.ENOENT, p.retrieveSession(dev, "c-119"));
        assertTrue(p.retrieveSession(dev, "c-102") >= 0);
    }

    @Test
    void truncatedChainLosesTailSessionsSilently() {
        Staged s = new Staged(120);
        s.setNext(s.sessionBlocks.get(0), 0);
        Kernel k = s.boot();
        assertFalse(k.panicked());
        Process p = new Process(k);
        openDev(p);
        assertEquals(51, k.luo().sessions().incoming().size());
    }

    // ---- file chains: errors surface at open(), never a panic --------------------------------

    private static final class FileStaged {
        final Machine m = EngineTestSupport.boot();
        final List<Long> fileBlocks;
        final BootParams bp;
        final long victimEntry;

        FileStaged() {
            Process p = new Process(m.kernel());
            int dev = openDev(p);
            int a = createOk(p, dev, "before");
            memfdOk(p, a, 7, "kept");
            int v = createOk(p, dev, "victim");
            for (int i = 0; i < 130; i++) {
                memfdOk(p, v, i, "v" + i);
            }
            createOk(p, dev, "after");
            LuoSession victim = m.kernel().luo().sessions().outgoing().get(1);
            fileBlocks = victim.fileSet().blocks().blocks();
            long head = m.kernel().luo().sessions().outgoingBlocks().headPa();
            victimEntry = head + 16 + 80;
            bp = serialize(m);
        }

        Kernel boot() {
            m.bootNext(bp, Abi.V7);
            Kernel k = m.kernel();
            assertFalse(k.panicked(), "file-chain errors never panic: " + k.panicMessage());
            return k;
        }
    }

    private static void assertOpenFailsWithEio(Kernel k) {
        Process p = new Process(k);
        assertEquals(-Errno.EIO, p.open("/dev/liveupdate"));
        assertEquals(-Errno.EIO, p.open("/dev/liveupdate"), "the deserialize error is cached");
        assertEquals(-Errno.EIO, new Process(k).open("/dev/liveupdate"));
    }

    @Test
    void fileChainZeroCountFailsOpenWithEio() {
        FileStaged f = new FileStaged();
        assertEquals(3, f.fileBlocks.size());
        assertEquals("victim", f.m.memory().cstring(f.victimEntry, 64));
        f.m.memory().writeU64(f.fileBlocks.get(1) + 8, 0, null);
        Kernel k = f.boot();
        assertEquals(1, k.luo().sessions().incomingBlocks().nblocks(), "session chain itself is fine");
        assertOpenFailsWithEio(k);
        assertLine(k, "Block contains invalid entry count: 0");
        assertLine(k, "Failed to deserialize files for session [victim] -EINVAL");
        assertEquals(2, k.luo().sessions().incoming().size(), "sessions restored before the failure stay (leaked)");
        assertEquals(0, k.luo().sessions().incoming().get(1).fileSet().count(), "victim kept with no files");
    }

    @Test
    void fileChainCycleFailsOpenWithEio() {
        FileStaged f = new FileStaged();
        f.m.memory().writeU64(f.fileBlocks.get(2), f.fileBlocks.get(0), null);
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "Block set is corrupted");
        assertLine(k, "Failed to deserialize files for session [victim] -EINVAL");
    }

    @Test
    void fileChainOverCapacityFailsOpenWithEio() {
        FileStaged f = new FileStaged();
        f.m.memory().writeU64(f.fileBlocks.get(0) + 8, 64, null);
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "Block contains invalid entry count: 64");
        assertLine(k, "Failed to deserialize files for session [victim] -EINVAL");
    }

    @Test
    void fileCountMismatch() {
        FileStaged f = new FileStaged();
        assertEquals(130, f.m.memory().u64(f.victimEntry + 72));
        f.m.memory().writeU64(f.victimEntry + 72, 131, null);
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "File count mismatch: expected 131, found 130");
        assertLine(k, "Failed to deserialize files for session [victim] -EINVAL");
        // v7 10/13 luo_file.c luo_file_deserialize() and luo_session.c luo_session_deserialize_one(): both pr_warn
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "File count mismatch: expected 131, found 130"));
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "Failed to deserialize files for session [victim] -EINVAL"));
    }

    /** file_set_ser.count is a u64: a value with the top bit set is a huge count, not a negative one (fuzz regression). */
    @Test
    void fileCountAboveTwoToThe63() {
        FileStaged f = new FileStaged();
        f.m.memory().writeU64(f.victimEntry + 72, 0x80f21b105345dcbbL, null);
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "File count mismatch: expected " + Long.toUnsignedString(0x80f21b105345dcbbL) + ", found 130");
        assertLine(k, "Failed to deserialize files for session [victim] -EINVAL");
    }

    @Test
    void unknownHandlerCompatible() {
        FileStaged f = new FileStaged();
        long entry = f.fileBlocks.get(0) + 16;
        byte[] compat = new byte[48];
        byte[] name = "memfd-v9".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, compat, 0, name.length);
        f.m.memory().write(entry, compat, null);
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "No registered handler for compatible 'memfd-v9'");
        // luo_file.c luo_file_deserialize_one(): pr_warn
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "luo: No registered handler for compatible 'memfd-v9'"));
        assertLine(k, "Failed to deserialize files for session [victim] -ENOENT");
    }

    @Test
    void filesZeroWithNonZeroCountIsOnlyAWarning() {
        FileStaged f = new FileStaged();
        f.m.memory().writeU64(f.victimEntry + 64, 0, null);
        Kernel k = f.boot();
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(3, k.luo().sessions().incoming().size());
        int v = p.retrieveSession(dev, "victim");
        assertTrue(v >= 0);
        assertEquals(-Errno.ENOENT, p.retrieveFd(v, 0), "accepted with 0 files");
        int b = p.retrieveSession(dev, "before");
        assertEquals("kept", text(p, p.retrieveFd(b, 7), 4));
    }

    @Test
    void duplicateSessionNameInTheChain() {
        FileStaged f = new FileStaged();
        byte[] name = new byte[64];
        byte[] before = "before".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(before, 0, name, 0, before.length);
        f.m.memory().write(f.victimEntry + 80, name, null);   // "after" renamed to "before"
        Kernel k = f.boot();
        assertOpenFailsWithEio(k);
        assertLine(k, "Failed to insert session [before] -EEXIST");
        // luo_session.c luo_session_deserialize_one(): pr_warn
        assertEquals(KernelLog.Level.WARNING, levelOf(k, "luo: Failed to insert session [before] -EEXIST"));
    }

    @Test
    void sixtyFourCharNameIsTruncatedTo63() {
        FileStaged f = new FileStaged();
        byte[] name = new byte[64];
        java.util.Arrays.fill(name, (byte) 'N');
        f.m.memory().write(f.victimEntry + 80, name, null);
        Kernel k = f.boot();
        Process p = new Process(k);
        int dev = openDev(p);
        assertTrue(p.retrieveSession(dev, "N".repeat(63)) >= 0, "strscpy keeps 63 chars + NUL");
    }

    // ---- luo_ser itself ----------------------------------------------------------------------

    @Test
    void incompatibleLuoSerPanics() {
        Staged s = new Staged(1);
        long luoSer = s.m.kernel().luo().luoSerPa();
        s.m.memory().write(luoSer, new byte[] {'l', 'u', 'o', '-', 'v', '4', 0, 0}, null);
        Kernel k = s.boot();
        assertLine(k, "LUO state is incompatible with 'luo-v5'");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void sessionsPaOfZeroIsAFreshStart() {
        Staged s = new Staged(5);
        s.m.memory().writeU64(s.m.kernel().luo().luoSerPa() + 16, 0, null);
        Kernel k = s.boot();
        assertFalse(k.panicked());
        Process p = new Process(k);
        openDev(p);
        assertEquals(0, k.luo().sessions().incoming().size());
    }

    @Test
    void garbageRootFdtDisablesKhoRevivalWithoutPanic() {
        Staged s = new Staged(5);
        s.m.memory().writeU32(s.bp.khoFdtPa(), 0x12345678, null);
        Kernel k = s.boot();
        assertFalse(k.panicked());
        assertLine(k, "disabling KHO revival");
        Process p = new Process(k);
        int dev = openDev(p);
        assertEquals(-Errno.ENOENT, p.retrieveSession(dev, "c-0"));
    }
}

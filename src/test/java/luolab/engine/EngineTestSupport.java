package luolab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;

/** Shared helpers for the engine tests: boot, open the device, kexec in two halves, read chains. */
public final class EngineTestSupport {
    /** The panic text of liveupdate_early_init(): luo_restore_fail() is panic(fmt, ...). */
    public static String restoreFail(String pe) {
        return "The incoming tree failed to initialize properly [" + pe + "], disabling live update";
    }

    private EngineTestSupport() {
    }

    public static Machine boot() {
        return Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
    }

    public static Machine boot(long ram) {
        return Machine.coldBoot(ram, Abi.V7, Trace.off());
    }

    public static Machine boot(Trace.Mode mode) {
        return Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, new Trace(mode));
    }

    /** open("/dev/liveupdate") in a fresh process; fails the test if it does not succeed. */
    public static int openDev(Process p) {
        int fd = p.open("/dev/liveupdate");
        assertTrue(fd >= 0, "open /dev/liveupdate: " + Errno.pe(fd));
        return fd;
    }

    /** The first half of kexec: serialize and stop before the jump. */
    public static BootParams serialize(Machine m) {
        int[] err = new int[1];
        BootParams bp = m.serializeForKexec(err);
        assertNotNull(bp, "serializeForKexec failed: " + Errno.pe(err[0]));
        assertEquals(0, err[0]);
        return bp;
    }

    /** Full kexec that must boot a kernel without panic. */
    public static Kernel kexecOk(Machine m) {
        assertEquals(0, m.kexec(), "kexec");
        Kernel k = m.kernel();
        assertFalse(k.panicked(), () -> "unexpected panic: " + k.panicMessage() + "\n" + dmesg(k));
        return k;
    }

    public static int createOk(Process p, int dev, String name) {
        int fd = p.createSession(dev, name);
        assertTrue(fd >= 0, "create session '" + name + "': " + Errno.pe(fd));
        return fd;
    }

    public static int memfdOk(Process p, int session, long token, String text) {
        int fd = p.preserveMemfd(session, token, text.getBytes(StandardCharsets.US_ASCII));
        assertTrue(fd >= 0, "preserve memfd token 0x" + Long.toHexString(token) + ": " + Errno.pe(fd));
        return fd;
    }

    /** Reads back the text a selftest helper memfd holds (first {@code len} bytes). */
    public static String text(Process p, int fd, int len) {
        byte[] b = p.pread(fd, len, 0);
        assertNotNull(b, "pread fd " + fd);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Follows the physical {next} links of a block chain, as the next kernel would (bounded). */
    public static List<Long> chain(PhysicalMemory mem, long head, int limit) {
        List<Long> out = new ArrayList<>();
        long pa = head;
        while (pa != 0 && out.size() < limit) {
            out.add(pa);
            pa = mem.u64(pa);
        }
        return out;
    }

    public static String dmesg(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (KernelLog.Line l : k.log().lines()) {
            sb.append(l.text()).append('\n');
        }
        return sb.toString();
    }

    /** True if some log line of {@code k} is exactly {@code text}. */
    public static boolean hasLine(Kernel k, String text) {
        for (KernelLog.Line l : k.log().lines()) {
            if (l.text().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** A log line ending with {@code suffix} (lines carry the kernel's pr_fmt prefix). */
    public static boolean hasLineEnding(Kernel k, String suffix) {
        for (KernelLog.Line l : k.log().lines()) {
            if (l.text().endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public static long countLinesContaining(Kernel k, String fragment) {
        return k.log().lines().stream().filter(l -> l.text().contains(fragment)).count();
    }

    /** The level of the first line ending with {@code suffix}; fails if there is none. */
    public static KernelLog.Level levelOf(Kernel k, String suffix) {
        for (KernelLog.Line l : k.log().lines()) {
            if (l.text().endsWith(suffix)) {
                return l.level();
            }
        }
        fail("expected a log line ending with \"" + suffix + "\" in:\n" + dmesg(k));
        return null;
    }

    public static void assertLine(Kernel k, String suffix) {
        if (!hasLineEnding(k, suffix)) {
            fail("expected a log line ending with \"" + suffix + "\" in:\n" + dmesg(k));
        }
    }

    public static void assertNoLine(Kernel k, String fragment) {
        if (countLinesContaining(k, fragment) != 0) {
            fail("unexpected log line containing \"" + fragment + "\" in:\n" + dmesg(k));
        }
    }

    /** The kernel panicked through luo_restore_fail() with {@code pe} ("-EINVAL"). */
    public static void assertRestorePanic(Kernel k, String pe) {
        assertTrue(k.panicked(), () -> "expected a panic:\n" + dmesg(k));
        assertEquals(restoreFail(pe), k.panicMessage());
        assertLine(k, "Kernel panic - not syncing: " + restoreFail(pe));
        assertLine(k, "---[ end Kernel panic - not syncing: " + restoreFail(pe) + " ]---");
    }
}

package luolab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** An oops inside a LUO call kills the task with LUO's locks held: later LUO calls cannot proceed. */
class OopsWedgesLuoTest {
    @Test
    void secondOpenAfterAnOopsFailsInsteadOfSeeingHalfBuiltState() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        int s = p.createSession(dev, "flb-user");
        assertEquals(0, p.preserveFd(s, p.testFileCreate(5), 1));
        int[] err = new int[1];
        BootParams bp = m.serializeForKexec(err);
        long flbsField = m.kernel().luo().luoSerPa() + Layouts.LUO_SER.offset("flbs_pa");
        m.memory().writeU64(flbsField, 0x3_0000_0000L, null);   // no RAM there
        m.bootNext(bp, Abi.V7);
        assertFalse(m.kernel().panicked());
        Process q = new Process(m.kernel());
        int dev2 = q.open("/dev/liveupdate");
        int r = q.retrieveSession(dev2, "flb-user");
        assertTrue(r >= 0);
        assertTrue(q.retrieveFd(r, 1) >= 0);
        assertEquals(-Errno.EFAULT, q.finishSession(r), "the FLB page is read at the last finish");
        assertTrue(m.kernel().log().contains("BUG: unable to handle page fault for address: ffff888300000008"));
        // show_fault_oops() pr_alert; __die_header() printk(KERN_DEFAULT) = default_message_loglevel 4
        assertEquals(KernelLog.Level.ALERT, levelOf(m, "BUG: unable to handle page fault"));
        assertEquals(KernelLog.Level.WARNING, levelOf(m, "Oops: Oops: 0000 [#1] SMP"));
        // without the oops this would be -EBUSY (exclusive open); with it the call would block forever
        Process blocked = new Process(m.kernel());
        assertEquals(-Errno.EIO, blocked.open("/dev/liveupdate"));
        // the blocked task is the one that made the call, not the one that oopsed
        assertTrue(blocked.pid() != q.pid());
        assertEquals(1, m.kernel().log().lines().stream()
                .filter(l -> l.isNote() && l.text().startsWith("task luolab:" + blocked.pid() + " would block forever")).count());
        // kernel/hung_task.c check_hung_uninterruptible_tasks(): silent once TAINT_DIE is set (by the oops)
        assertFalse(m.kernel().log().lines().stream().anyMatch(l -> l.text().startsWith("INFO: task ")));
        assertFalse(m.kernel().log().contains("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message."));
        assertEquals(-Errno.EIO, blocked.open("/dev/liveupdate"));
        assertEquals(1, m.kernel().log().lines().stream().filter(l -> l.isNote() && l.text().contains("would block forever")).count(),
                "noted once per task");
    }

    private static KernelLog.Level levelOf(Machine m, String start) {
        return m.kernel().log().lines().stream().filter(l -> l.text().startsWith(start)).findFirst().orElseThrow().level();
    }
}

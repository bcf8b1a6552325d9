package luolab.engine.trace;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.luo.Luo;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.machine.OopsText;
import luolab.engine.memory.PageFault;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated dmesg must be trustworthy for kernel reviewers: what the lab adds to explain itself
 * is a {@link KernelLog.Level#NOTE}, never a line at a kernel level, and the kernel's own messages
 * keep the kernel's format. docs/kernel-log-messages.md lists every line.
 */
class KernelLogFidelityTest {

    /** Texts the lab writes for teaching; the kernel prints none of them. */
    static final List<String> LAB_ONLY = List.of(
            "incoming sessions wait for the first open",
            "preserved ranges",
            "booting as after a cold boot",
            "MiB of scratch",
            "K RAM at",
            "kexec aborted",
            "would block forever on a LUO lock",
            "no block slot left",
            "but no file blocks",
            "grow on an incoming block set",
            "freed with file count",
            "the kernel loaded from phys_to_virt",
            "early_memremap() (fixmap)");

    /** pr_fmt prefixes of the modelled kernel code: a lab note must not wear one. */
    static final List<String> KERNEL_PREFIXES = List.of("luo: ", "KHO: ", "memfd_luo: ", "kexec_core: ", "kho_block: ");

    static Stream<Abi> generations() {
        return Abi.ALL.stream();
    }

    /** A cold boot with a session holding a memfd, a kexec, and the first open in the new kernel. */
    private static List<Kernel> cycle(Abi abi) {
        Machine m = Machine.coldBoot(abi);
        Kernel first = m.kernel();
        Process p = new Process(first);
        int dev = openDev(p);
        memfdOk(p, createOk(p, dev, "fidelity"), 0x1a, "hello kexec world");
        assertEquals(0, m.kexec(abi));
        Kernel second = m.kernel();
        Process q = new Process(second);
        openDev(q);
        return List.of(first, second);
    }

    static void assertNoLabTextAtKernelLevel(Kernel k) {
        List<String> bad = new ArrayList<>();
        for (KernelLog.Line l : k.log().lines()) {
            if (l.level().kernel()) {
                for (String t : LAB_ONLY) {
                    if (l.text().contains(t)) {
                        bad.add(l.level() + " " + l.text());
                    }
                }
            } else {
                for (String pr : KERNEL_PREFIXES) {
                    if (l.text().startsWith(pr)) {
                        bad.add("lab note wearing a pr_fmt prefix: " + l.text());
                    }
                }
            }
        }
        if (!bad.isEmpty()) {
            fail("lab-only text printed as kernel output:\n" + String.join("\n", bad));
        }
    }

    @ParameterizedTest
    @MethodSource("generations")
    void labNotesAreNeverKernelOutput(Abi abi) {
        List<Kernel> boots = cycle(abi);
        for (Kernel k : boots) {
            assertFalse(k.panicked(), k.panicMessage());
            assertNoLabTextAtKernelLevel(k);
        }
        Kernel second = boots.get(1);
        assertTrue(second.log().lines().stream().anyMatch(l -> l.isNote() && l.text().startsWith("kho_mem_retrieve(): reserved ")),
                "the reservation is explained in a lab note");
        assertTrue(second.log().lines().stream().anyMatch(l -> l.isNote() && l.text().startsWith("incoming sessions wait")),
                "the deferred deserialization is explained in a lab note");
        // the kernel's own line of that boot is there, at a kernel level
        assertTrue(second.log().contains("luo: Retrieved live update data, liveupdate number: 1"));
    }

    @Test
    void notesPrintTaggedAndTakeNoKernelTime() {
        KernelLog log = new KernelLog(Trace.off(), 1);
        KernelLog.Line a = log.info("luo: first");
        KernelLog.Line n = log.note("explained by the lab");
        KernelLog.Line b = log.info("luo: second");
        assertEquals("[  lab note  ] explained by the lab", n.toString());
        assertEquals(a.toString().indexOf(']'), n.toString().indexOf(']'), "the tag is as wide as a timestamp");
        assertEquals(137, b.micros() - a.micros(), "a note does not advance the kernel's clock");
        assertFalse(log.contains("explained by the lab"), "contains() searches kernel output only");
        assertTrue(KernelLog.hasNotes(log.lines()));
        assertFalse(KernelLog.Level.NOTE.kernel());
        assertFalse(KernelLog.Level.NOTE.problem());
    }

    /** luo_file.c luo_file_freeze(): pr_warn "Freeze failed for token[%#0llx] …": the # flag adds no 0x to zero. */
    @Test
    void tokenUsesPrintfAlternateHex() {
        assertEquals("0", Luo.tokenHex(0));
        assertEquals("0x2", Luo.tokenHex(2));
        assertEquals("0xffffffffffffffff", Luo.tokenHex(-1));
    }

    /**
     * arch/x86/mm/fault.c show_fault_oops(): "… for address: %px" — 16 hex digits, no "0x" — of the
     * virtual address: phys_to_virt(pa) = pa + 0xffff888000000000 (x86-64 direct map, no KASLR);
     * then __die_header() "Oops: %s: %04lx [#%d]…" with str "Oops".
     */
    @Test
    void pageFaultPrintsTheDirectMapAddress() {
        assertEquals(List.of("BUG: unable to handle page fault for address: ffff888300000008", "Oops: Oops: 0000 [#1] SMP"),
                OopsText.lines(new PageFault(0x3_0000_0008L), 1));
        // below PAGE_SIZE: show_fault_oops()'s NULL pointer wording (kho_add_subtree() on a NULL kho_out.fdt)
        assertEquals(List.of("BUG: kernel NULL pointer dereference, address: 0000000000000000", "Oops: Oops: 0000 [#2] SMP"),
                OopsText.lines(PageFault.nullPointer(0), 2));
    }

    /** "WARNING: CPU: %d PID: %d at …": current's PID — init (1) unless a user process's syscall runs the code. */
    @Test
    void warnHeaderNamesTheTaskRunningTheCode() {
        KernelLog log = new KernelLog(Trace.off(), 1);
        assertEquals("WARNING: CPU: 0 PID: 1 at kernel/liveupdate/luo_file.c luo_file_freeze",
                log.warnOn("kernel/liveupdate/luo_file.c", "luo_file_freeze").text());
        int prev = log.enterTask(1001);
        assertEquals("WARNING: CPU: 0 PID: 1001 at kernel/liveupdate/luo_file.c luo_file_deserialize",
                log.warnOn("kernel/liveupdate/luo_file.c", "luo_file_deserialize").text());
        log.leaveTask(prev);
        assertEquals(1, log.currentPid());
        // each process of a kernel gets its own PID, from FIRST_USER_PID on
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        assertEquals(Kernel.FIRST_USER_PID, new Process(m.kernel()).pid());
        assertEquals(Kernel.FIRST_USER_PID + 1, new Process(m.kernel()).pid());
    }

    /** kernel/panic.c panic(): after "Kernel panic - not syncing: %s", pr_emerg "---[ end Kernel panic - not syncing: %s ]---". */
    @Test
    void panicEndsWithTheEndTrailer() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        m.kernel().panic("test");
        List<KernelLog.Line> lines = m.kernel().log().lines();
        assertEquals("Kernel panic - not syncing: test", lines.get(lines.size() - 2).text());
        assertEquals("---[ end Kernel panic - not syncing: test ]---", lines.get(lines.size() - 1).text());
        assertEquals(KernelLog.Level.EMERG, lines.get(lines.size() - 1).level());
    }

    /**
     * A wild PA whose direct-map address is not canonical is a #GP, not a page fault: traps.c
     * exc_general_protection() "general protection fault, probably for non-canonical address
     * 0x%lx" through __die_header(), and no "BUG:" line.
     */
    @Test
    void nonCanonicalDirectMapAddressIsAGeneralProtectionFault() {
        assertEquals(List.of("Oops: general protection fault, probably for non-canonical address 0xaaaa332aaaaaaaaa: 0000 [#1] SMP"),
                OopsText.lines(new PageFault(0xaaaa_aaaa_aaaa_aaaaL), 1));
        assertTrue(OopsText.canonical(0xffff_8880_0000_0000L));
        assertFalse(OopsText.canonical(0x8000_0000_0000_0000L));
    }

    /** lib/vsprintf.c err_ptr(): %pe prints the name, or the signed decimal for a code errname() lacks. */
    @Test
    void percentPeFormat() {
        assertEquals("-ENOENT", Errno.pe(-Errno.ENOENT));
        assertEquals("-EINVAL", Errno.pe(Errno.EINVAL));
        assertEquals("-133", Errno.pe(-133));
    }

    /**
     * kho_block.c / luo_block.c: pr_fmt is KBUILD_MODNAME ": ", and both objects are linked into the
     * composite luo.o (luo-y in kernel/liveupdate/Makefile, v7 07/13 and seed 002), so "luo: ".
     */
    @Test
    void blockSetMessagesCarryLuoPrefix() {
        for (Abi abi : Abi.ALL) {
            assertEquals("luo: ", abi.blockLogPrefix(), abi.id());
        }
    }

    /**
     * kernel/hung_task.c check_hung_uninterruptible_tasks() returns early once an oops has set
     * TAINT_DIE, so a call blocked behind the oopsed task prints no "INFO: task" line;
     * kernel_kexec() (kernel/kexec_core.c): pr_notice "Starting new kernel".
     */
    @Test
    void hungTaskAndKexecLinesUseTheKernelFormat() {
        Machine m = Machine.coldBoot(Abi.V7);
        Kernel k = m.kernel();
        k.oops(new luolab.engine.memory.PageFault(0x3_0000_0000L));
        assertEquals(-Errno.EIO, new Process(k).open("/dev/liveupdate"));
        assertFalse(k.log().lines().stream().anyMatch(l -> l.text().startsWith("INFO: task ")));
        assertNoLabTextAtKernelLevel(k);

        Machine m2 = Machine.coldBoot(Abi.V7);
        Kernel old = m2.kernel();
        assertEquals(0, m2.kexec(Abi.V7));
        KernelLog.Line start = old.log().lines().stream().filter(l -> l.text().equals("kexec_core: Starting new kernel"))
                .findFirst().orElseThrow();
        assertEquals(KernelLog.Level.NOTICE, start.level());
    }
}

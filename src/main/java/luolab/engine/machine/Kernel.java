package luolab.engine.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.Scratch;
import luolab.engine.luo.Flb;
import luolab.engine.luo.Luo;
import luolab.engine.memfd.MemfdLuo;
import luolab.engine.memfd.SampleFlb;
import luolab.engine.memfd.TestFileHandler;
import luolab.engine.memory.DirectMap;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * One boot of Linux on the machine. Its Java objects (allocator, KHO, LUO, handlers) die at
 * kexec; the next Kernel is built from physical memory and {@link BootParams} alone.
 */
public final class Kernel {
    private final Machine machine;
    private final Abi abi;
    private final int boot;
    private final KernelLog log;
    private final KernelMemory mm;
    private final Trace trace;
    private final List<Scratch> scratch;
    private Kho kho;
    private Luo luo;
    private Flb sampleFlb;
    /** Null while the kernel runs; set once, by panic() or hang(). */
    private StopReason stop;
    private boolean tainted;
    private boolean wedged;
    /** PIDs of the tasks already noted as blocked on a LUO lock (see reportBlocked). */
    private final java.util.Set<Integer> blockedReported = new java.util.HashSet<>();
    /** die_counter of __die_header(): the "[#N]" of this boot's Nth oops. */
    private int dieCounter;
    /** The next user process's PID (FIRST_USER_PID on, per boot; init is 1). */
    private int nextPid = FIRST_USER_PID;
    /** kho_in.kexec_count, a u32 held unsigned (0..4294967295), as the kernel prints it with %u. */
    private long kexecCount;
    private String bootSummary = "";

    private Kernel(Machine machine, Abi abi, int boot, List<Scratch> scratch) {
        this.machine = machine;
        this.abi = abi;
        this.boot = boot;
        this.trace = machine.trace();
        this.log = new KernelLog(trace, boot);
        this.mm = new KernelMemory(machine.memory(), trace);
        this.scratch = List.copyOf(scratch);
    }

    public Abi abi() {
        return abi;
    }

    public int boot() {
        return boot;
    }

    public KernelLog log() {
        return log;
    }

    public KernelMemory mm() {
        return mm;
    }

    public Kho kho() {
        return kho;
    }

    public Luo luo() {
        return luo;
    }

    public Flb sampleFlb() {
        return sampleFlb;
    }

    /** The kernel called panic(). A hung kernel has not: see {@link #hung()} and {@link #dead()}. */
    public boolean panicked() {
        return stop != null && stop.isPanic();
    }

    /** The boot hangs silently (the lab stopped it); no panic, no message from the kernel. */
    public boolean hung() {
        return stop != null && stop.isHang();
    }

    /** Panicked or hung: nothing runs on this kernel any more. */
    public boolean dead() {
        return stop != null;
    }

    /** Why the kernel stopped (a panic or a hang, and its text); null while it runs. */
    public StopReason stopReason() {
        return stop;
    }

    /** The panic message; null unless the kernel panicked (a hung kernel did not: see {@link #stopReason()}). */
    public String panicMessage() {
        return panicked() ? stop.text() : null;
    }

    public boolean tainted() {
        return tainted;
    }

    public List<Scratch> scratch() {
        return scratch;
    }

    public Machine machine() {
        return machine;
    }

    public String release() {
        return "6.19.0-luolab-" + abi.id();
    }

    // ---- cold boot -----------------------------------------------------------------------------

    static Kernel coldBoot(Machine m, Abi abi, int boot) {
        PhysicalMemory mem = m.memory();
        long image = imageSize(mem);
        List<Scratch> scratch = reserveScratch(mem, image);
        Kernel k = new Kernel(m, abi, boot, scratch);
        k.trace.setPhase(Phase.RUNNING);
        try (var f = k.trace.at("start_kernel")) {
            k.log.info("Linux version " + k.release() + " (LUO Lab) #" + boot);
            // the kernel's "Memory: %luK/%luK available (…)" needs figures the lab does not model
            k.log.note("machine: " + (mem.size() >> 10) + "K RAM at 0x" + Long.toHexString(mem.base()));
            k.markImageAndScratch(mem.base(), image, scratch);
            k.freeRunsExcept(mem.base(), image, scratch, Map.of(), false);
            k.initKhoAndLuo();
        }
        return k;
    }

    /** The kernel image and early allocations: 1/32 of RAM, between 256 KiB and 8 MiB. */
    static long imageSize(PhysicalMemory mem) {
        long s = Math.max(256L << 10, Math.min(8L << 20, mem.size() / 32));
        return s & ~((long) PhysicalMemory.PAGE_SIZE - 1);
    }

    /**
     * kho_reserve_scratch(): scratch = 200% of the kernel's reserved memory (kho_scratch default),
     * as [0] lowmem, [1] global, [2] node 0 — only movable (CMA) allocations may use it, so
     * nothing preserved ever lands there, and the next kernel boots inside it.
     */
    static List<Scratch> reserveScratch(PhysicalMemory mem, long image) {
        long half = (image / 2) & ~((long) PhysicalMemory.PAGE_SIZE - 1);
        List<Scratch> s = new ArrayList<>();
        s.add(new Scratch(mem.base() + image, half));
        s.add(new Scratch(mem.end() - image, image));
        s.add(new Scratch(mem.end() - image - half, half));
        return s;
    }

    private void markRange(long pa, long size, PageState state, OwnerKind kind, String label) {
        int id = machine.memory().label(label);
        PhysicalMemory mem = machine.memory();
        for (long p = pa; p < pa + size; p += PhysicalMemory.PAGE_SIZE) {
            mem.setMeta(PhysicalMemory.pfn(p), PageMeta.pack(state, kind, 0, false, p == pa, id));
        }
    }

    /**
     * memblock_free_all(): everything but the image, scratch and reserved (preserved) ranges goes
     * to the buddy allocator. After a kexec that memory's old content is gone: it is poisoned.
     */
    private void freeRunsExcept(long imageBase, long image, List<Scratch> scratch, Map<Long, Integer> reserved, boolean poison) {
        PhysicalMemory mem = machine.memory();
        long n = mem.nrPages();
        long base = mem.basePfn();
        boolean[] keep = new boolean[(int) n];
        markKeep(keep, base, imageBase, image);
        for (Scratch s : scratch) {
            markKeep(keep, base, s.addr(), s.size());
        }
        for (Map.Entry<Long, Integer> e : reserved.entrySet()) {
            long pfn = e.getKey();
            long cnt = 1L << e.getValue();
            // only the part inside RAM: a corrupted radix key can claim an order up to 52
            for (long p = Math.max(pfn, base); p < Math.min(pfn + cnt, base + n); p++) {
                long i = p - pfn;
                keep[(int) (p - base)] = true;
                long m = mem.meta(p);
                mem.setMeta(p, PageMeta.pack(PageState.INCOMING, PageMeta.kind(m), e.getValue(), false, i == 0, PageMeta.labelId(m)));
            }
        }
        long i = 0;
        while (i < n) {
            if (keep[(int) i]) {
                i++;
                continue;
            }
            long start = i;
            while (i < n && !keep[(int) i] && i - start < Integer.MAX_VALUE) {
                i++;
            }
            if (poison) {
                mem.poisonRange(base + start, (int) (i - start));
            }
            mm.buddy().addFreeRange(base + start, i - start);
        }
    }

    private static void markKeep(boolean[] keep, long basePfn, long pa, long size) {
        for (long p = pa; p < pa + size; p += PhysicalMemory.PAGE_SIZE) {
            long idx = PhysicalMemory.pfn(p) - basePfn;
            if (idx >= 0 && idx < keep.length) {
                keep[(int) idx] = true;
            }
        }
    }

    // ---- kexec boot ----------------------------------------------------------------------------

    static Kernel kexecBoot(Machine m, BootParams bp, Abi abi, int boot) {
        PhysicalMemory mem = m.memory();
        long image = imageSize(mem);
        if (bp.khoFdtPa() == 0 && bp.scratch().isEmpty()) {
            return kexecBootWithoutHandover(m, abi, boot, image);
        }
        Kernel k = new Kernel(m, abi, boot, bp.scratch());
        k.trace.setPhase(Phase.EARLY_BOOT);
        try (var f = k.trace.at("start_kernel")) {
            k.log.info("Linux version " + k.release() + " (LUO Lab) #" + boot);
            // kexec placed this kernel's image inside scratch; until KHO is read it lives only there
            Scratch home = bp.scratch().isEmpty() ? new Scratch(mem.base(), image) : bp.scratch().get(1 % bp.scratch().size());
            long imageBase = home.addr();
            long imageLen = Math.min(image, home.size());
            KhoBoot.Result r;
            try {
                r = KhoBoot.populate(mem, bp.khoFdtPa(), abi.khoCompatible(), k.trace, k.log);
            } catch (PageFault pf) {
                k.oopsPanic(pf);
                return k;
            }
            if (r.walkError() == -Errno.EAGAIN) {
                k.hang(HANG_RADIX_WALK, "kho_radix_walk_tree() does not finish: the kernel hangs here without a message"
                        + " (kho_memory_init() runs before the lockup detector exists); the lab stops this boot");
                return k;
            }
            for (Scratch s : bp.scratch()) {
                k.markRange(s.addr(), s.size(), PageState.SCRATCH, OwnerKind.SCRATCH, "KHO scratch");
            }
            k.markRange(imageBase, imageLen, PageState.KERNEL, OwnerKind.KERNEL_IMAGE, "kernel image (boot " + boot + ")");
            k.freeRunsExcept(imageBase, imageLen, bp.scratch(), r.accepted() ? r.preserved() : Map.of(), true);
            k.bootSummary = r.accepted() ? r.preserved().size() + " preserved ranges reserved" : "KHO revival disabled";
            // kho_mem_retrieve() reserves silently; the lab says what it did
            k.log.note(r.accepted() ? "kho_mem_retrieve(): reserved " + r.preserved().size() + " preserved ranges, freed the rest of RAM"
                    : "KHO revival disabled: nothing reserved, booting as after a cold boot");
            k.kho = new Kho(k.mm, k.log, abi.khoCompatible());
            if (r.accepted()) {
                k.kho.adoptIncomingFrom(r.fdtPa(), r.preserved());
            }
            k.initKhoAndLuo();
        }
        return k;
    }

    /**
     * A kexec from a kernel whose KHO was disabled (kho_init() failed): kho_fill_kimage() returned
     * 0 without setting image->kho.fdt or adding the scratch segment, and kho_locate_mem_hole()
     * returned 1, so the image went wherever kexec's ordinary search put it. The new kernel finds
     * no handover, so kho_populate() never runs (no message), and kho_memory_init() calls
     * kho_reserve_scratch() as on a cold boot. Unlike a cold boot, the old content is gone.
     */
    private static Kernel kexecBootWithoutHandover(Machine m, Abi abi, int boot, long image) {
        PhysicalMemory mem = m.memory();
        List<Scratch> scratch = reserveScratch(mem, image);
        Kernel k = new Kernel(m, abi, boot, scratch);
        k.trace.setPhase(Phase.EARLY_BOOT);
        try (var f = k.trace.at("start_kernel")) {
            k.log.info("Linux version " + k.release() + " (LUO Lab) #" + boot);
            k.markImageAndScratch(mem.base(), image, scratch);
            k.freeRunsExcept(mem.base(), image, scratch, Map.of(), true);
            k.bootSummary = "no KHO handover";
            k.initKhoAndLuo();
        }
        return k;
    }

    /** The kernel image and the freshly reserved scratch areas (kho_reserve_scratch()), with its log line. */
    private void markImageAndScratch(long base, long image, List<Scratch> scratch) {
        markRange(base, image, PageState.KERNEL, OwnerKind.KERNEL_IMAGE, "kernel image (boot " + boot + ")");
        for (Scratch s : scratch) {
            markRange(s.addr(), s.size(), PageState.SCRATCH, OwnerKind.SCRATCH, "KHO scratch");
        }
        // kho_reserve_scratch() prints only its failure ("Failed to reserve scratch area, …")
        log.note("kho_reserve_scratch(): " + (scratch.stream().mapToLong(Scratch::size).sum() >> 20) + " MiB of scratch in "
                + scratch.size() + " areas (lowmem, global, node 0)");
    }

    /**
     * The initcalls that bring up KHO and LUO, in initcall-level order (init/main.c): the
     * early_initcall liveupdate_early_init() first, from do_pre_smp_initcalls(); it reads the
     * handover only through kho_in (kho_retrieve_subtree(), kho_restore_*()), which kho_populate()
     * and kho_memory_init() set up before any initcall. Its failure is luo_restore_fail(), a panic,
     * so no later initcall runs. Then the fs_initcall kho_init() (outgoing FDT, incoming and
     * outgoing kexec-metadata), then the late_initcalls: luo_late_startup() and the handlers.
     */
    private void initKhoAndLuo() {
        if (kho == null) {
            kho = new Kho(mm, log, abi.khoCompatible());
        }
        try {
            luo = new Luo(abi, kho, machine.memory(), trace, log);
            int err;
            try (var f = trace.at("do_pre_smp_initcalls", "liveupdate_early_init")) {
                err = luo.earlyStartup();
            }
            if (err != 0) {
                // luo_restore_fail() is panic(fmt, ...): the message is printed once, by panic()
                panic("The incoming tree failed to initialize properly [" + Errno.pe(err) + "], disabling live update");
                return;
            }
            try (var f = trace.at("do_initcalls")) {
                kho.init(release(), scratch);
            }
            this.kexecCount = kho.incomingKexecCount();
            try (var f = trace.at("do_initcalls", "luo_late_startup")) {
                luo.lateStartup(luo.liveupdateNum());
            }
            try (var f = trace.at("do_initcalls", "memfd_luo_init")) {
                luo.registerFileHandler(new MemfdLuo(abi.memfdCompatible(), kho, mm, log));
            }
            try (var f = trace.at("do_initcalls", "luolab_test_init")) {
                sampleFlb = SampleFlb.create(kho, machine.memory(), boot);
                luo.registerFlb(sampleFlb);
                luo.registerFileHandler(new TestFileHandler(sampleFlb));
            }
            if (luo.sessions().incomingBlocks() != null && !luo.sessions().incomingBlocks().isEmpty()) {
                log.note("incoming sessions wait for the first open of /dev/liveupdate (luo_session_deserialize())");
            }
        } catch (PageFault pf) {
            oopsPanic(pf);
        }
    }

    /** An access to a wild physical address in early boot: oops, and panic since init cannot die. */
    void oopsPanic(PageFault pf) {
        printOops(pf);
        panic("Attempted to kill init! exitcode=0x0000000b");
    }

    /** The oops lines for the faulting load (OopsText), and a note on where the address comes from. */
    private void printOops(PageFault pf) {
        for (String l : OopsText.lines(pf, ++dieCounter)) {
            log.log(OopsText.level(l), l);
        }
        switch (pf.via()) {
            case DIRECT_MAP -> log.note(String.format("the kernel loaded from phys_to_virt(0x%x) = 0x%x: no RAM at that physical"
                    + " address", pf.pa(), DirectMap.physToVirt(pf.pa())));
            case EARLY_REMAP -> log.note(OopsText.EARLY_REMAP_NOTE);
            case VIRTUAL -> { }
        }
    }

    /** stopReason().text() of a boot the lab stopped because kho_mem_retrieve()'s walk never ends. */
    public static final String HANG_RADIX_WALK = "boot hangs in kho_radix_walk_tree() (no kernel message)";

    /**
     * A boot that would hang silently: the kernel prints nothing, so the lab only notes why it
     * stops the boot. It is not a panic ({@link #panicked()} stays false, no {@code Panic} event),
     * but the kernel counts as dead from here on ({@link #dead()}): nothing runs after it.
     */
    void hang(String message, String note) {
        if (dead()) {
            return;
        }
        stop = StopReason.hang(message);
        log.note(note);
        trace.emit(new TraceEvent.Hang(trace.phase(), trace.stack(), message));
    }

    public void panic(String message) {
        if (dead()) {
            return;
        }
        stop = StopReason.panic(message);
        log.log(KernelLog.Level.EMERG, "Kernel panic - not syncing: " + message);
        // kernel/panic.c panic(): pr_emerg "---[ end Kernel panic - not syncing: %s ]---" last
        log.log(KernelLog.Level.EMERG, "---[ end Kernel panic - not syncing: " + message + " ]---");
        trace.emit(new TraceEvent.Panic(trace.phase(), trace.stack(), message));
    }

    /** A page fault in a syscall: the task oopses, the syscall never returns normally. */
    public void oops(PageFault pf) {
        tainted = true;
        wedged = true;
        printOops(pf);
    }

    /**
     * After an oops inside a LUO call the task is killed with LUO's locks held (the session
     * rwsem, a session mutex), so in Linux every later LUO call blocks forever. The lab cannot
     * hang; it fails those calls with -EIO instead (see {@link #reportBlocked(String, int)}).
     */
    public boolean wedged() {
        return wedged;
    }

    /**
     * Task {@code comm}:{@code pid} made a LUO call that would block forever on a lock the oopsed
     * task holds. The kernel prints nothing for it: kernel/hung_task.c
     * check_hung_uninterruptible_tasks() returns at once when {@code test_taint(TAINT_DIE)} ("If
     * the system crashed already then all bets are off, do not report extra hung tasks"), and
     * oops_end() set TAINT_DIE. So no "INFO: task %s:%d blocked for more than %ld seconds." line:
     * only a lab note naming the blocked task, once per task.
     */
    public void reportBlocked(String comm, int pid) {
        if (blockedReported.add(pid)) {
            log.note("task " + comm + ":" + pid + " would block forever on a LUO lock held by the task that oopsed; the lab fails "
                    + "its call with -EIO instead. The kernel reports nothing: its hung-task detector is silent once an oops "
                    + "has set TAINT_DIE (kernel/hung_task.c check_hung_uninterruptible_tasks())");
        }
    }

    /** PIDs the lab gives user processes, from this one on each boot (see {@link #allocPid()}). */
    public static final int FIRST_USER_PID = 1000;

    /** A PID for a new user process of this kernel (WARN headers print it for code run in its syscalls). */
    public int allocPid() {
        return nextPid++;
    }

    /** The comm of the lab's user processes (they have no program name of their own). */
    public static final String USER_COMM = "luolab";

    public String bootSummary() {
        return bootSummary;
    }

    /**
     * kho_in.kexec_count: kexec boots since the cold boot as the previous kernel's kexec-metadata
     * told kho_init(); 0 on a cold boot, when that record was missing or refused, or if the boot
     * panicked before kho_init().
     */
    public long kexecCount() {
        return kexecCount;
    }

    /**
     * kernel_kexec() → liveupdate_reboot(): serialize everything; on error the kexec is aborted
     * and the syscall returns it. On success returns the boot parameter for the next kernel.
     */
    BootParams prepareKexec(int[] err) {
        try (var f = trace.at("__do_sys_reboot", "kernel_kexec")) {
            err[0] = 0;
            try {
                err[0] = luo == null ? 0 : luo.reboot();
            } catch (PageFault pf) {
                oops(pf);
                err[0] = -Errno.EFAULT;
            }
            if (err[0] != 0) {
                // kernel_kexec() prints nothing here: reboot(2) just returns the error
                log.note("liveupdate_reboot() returned " + Errno.pe(err[0]) + ": kexec aborted, reboot(2) returns it");
                trace.setPhase(Phase.RUNNING);
                return null;
            }
            trace.setPhase(Phase.FINALIZE);
            boolean khoOn = kho != null && kho.enabled();
            try (var g = trace.enter("kho_fill_kimage")) {
                // kho_fill_kimage(): "if (!kho_enable ...) return 0;" — no image->kho.fdt and no
                // scratch segment for a kernel whose kho_init() failed
                if (khoOn) {
                    trace.emit(new TraceEvent.FdtNode(trace.phase(), trace.stack(), "KHO", "/", kho.fdtPa()));
                }
                // kernel/kexec_core.c kernel_kexec(): pr_notice("Starting new kernel\n"), pr_fmt "kexec_core: "
                log.notice("kexec_core: Starting new kernel");
            }
            return khoOn ? new BootParams(kho.fdtPa(), scratch) : new BootParams(0, List.of());
        }
    }
}

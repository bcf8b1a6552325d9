package luolab.engine.machine;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The simulated computer: one physical memory, the kernel currently running on it, and the boot
 * parameter of the last kexec. A kexec drops the old {@link Kernel} object entirely; the new one
 * is constructed from {@link #memory()} and {@link BootParams} only.
 */
public final class Machine {
    /** RAM starts at 1 GiB (as on QEMU's arm64 "virt" board), so PA 0 is never memory. */
    public static final long DEFAULT_RAM_BASE = 0x4000_0000L;
    public static final long DEFAULT_RAM_SIZE = 256L << 20;

    private final PhysicalMemory memory;
    private final Trace trace;
    private Kernel kernel;
    private BootParams lastBoot;
    private int boots;

    private Machine(PhysicalMemory memory, Trace trace) {
        this.memory = memory;
        this.trace = trace;
        trace.attach(memory);
    }

    /** Power on with a kernel of generation {@code abi}. */
    public static Machine coldBoot(long ramSize, Abi abi, Trace trace) {
        Machine m = new Machine(new PhysicalMemory(DEFAULT_RAM_BASE, ramSize), trace);
        m.kernel = Kernel.coldBoot(m, abi, ++m.boots);
        return m;
    }

    public static Machine coldBoot(Abi abi) {
        return coldBoot(DEFAULT_RAM_SIZE, abi, Trace.off());
    }

    /**
     * The other half of a kexec in a fresh process: boot a kernel on an exported memory image.
     * Proves no Java state crosses — only bytes and the boot parameter.
     */
    public static Machine bootFromImage(PhysicalMemory image, BootParams params, Abi abi, Trace trace, int bootNumber) {
        Machine m = new Machine(image, trace);
        m.boots = bootNumber;
        m.lastBoot = params;
        trace.emit(new TraceEvent.Kexec(Phase.KEXEC, trace.stack(), params.khoFdtPa(), bootNumber, abi.id()));
        m.kernel = Kernel.kexecBoot(m, params, abi, bootNumber);
        return m;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public Trace trace() {
        return trace;
    }

    public Kernel kernel() {
        return kernel;
    }

    public BootParams lastBoot() {
        return lastBoot;
    }

    public int boots() {
        return boots;
    }

    /**
     * reboot(LINUX_REBOOT_CMD_KEXEC) into a kernel of generation {@code next}. Returns 0 once the
     * new kernel has booted (it may have panicked: see {@link Kernel#panicked()}), or the error
     * that aborted the kexec (the old kernel keeps running).
     */
    public int kexec(Abi next) {
        int[] err = new int[1];
        BootParams bp = serializeForKexec(err);
        if (bp == null) {
            return err[0];
        }
        bootNext(bp, next);
        return 0;
    }

    /**
     * The first half of a kexec: liveupdate_reboot() and kho_fill_kimage(), stopping right
     * before the jump. Memory now holds exactly what the next kernel will read; corruption
     * injected here is what it sees. Returns the boot parameter, or null with {@code err[0]} set
     * when the kexec is aborted (the old kernel keeps running).
     */
    public BootParams serializeForKexec(int[] err) {
        if (kernel.dead()) {
            err[0] = -Errno.EIO;
            return null;
        }
        BootParams bp = kernel.prepareKexec(err);
        if (bp != null) {
            lastBoot = bp;
        }
        return bp;
    }

    /** The second half: the jump. The old Kernel object is dropped; the new one sees memory + {@code bp}. */
    public void bootNext(BootParams bp, Abi next) {
        trace.setPhase(Phase.KEXEC);
        trace.emit(new TraceEvent.Kexec(Phase.KEXEC, trace.stack(), bp.khoFdtPa(), boots + 1, next.id()));
        lastBoot = bp;
        kernel = null;
        kernel = Kernel.kexecBoot(this, bp, next, ++boots);
    }

    public int kexec() {
        return kexec(kernel.abi());
    }

    /** Power cycle: memory content is lost, a fresh kernel boots (used to leave a panicked state). */
    public void powerCycle(Abi abi) {
        memory.poisonRangeSilently(memory.basePfn(), (int) memory.nrPages());
        kernel = Kernel.coldBoot(this, abi, ++boots);
    }
}

package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;

/**
 * One live-update cycle with corruption: capture what was preserved, inject at any stage,
 * serialize, jump, restore and classify.
 *
 * <pre>
 *   CorruptionRun run = CorruptionRun.begin(machine);   // old kernel, sessions built
 *   run.serialize();                                    // memory = the handover
 *   run.inject("cyclic-chain", Params.of("set", "sessions"));
 *   Outcome o = run.finishCycle();                      // jump, open, retrieve, classify
 * </pre>
 */
public final class CorruptionRun {
    private final Machine machine;
    private final Expectation expectation;
    private final List<CorruptionReport> reports = new ArrayList<>();
    private BootParams bootParams;
    private int kexecError;
    private boolean jumped;

    private CorruptionRun(Machine machine, Expectation expectation) {
        this.machine = machine;
        this.expectation = expectation;
    }

    /** Starts on the running old kernel: records its outgoing sessions and files as the expectation. */
    public static CorruptionRun begin(Machine m) {
        return new CorruptionRun(m, Expectation.capture(m.kernel()));
    }

    public Machine machine() {
        return machine;
    }

    public Expectation expectation() {
        return expectation;
    }

    public List<CorruptionReport> reports() {
        return List.copyOf(reports);
    }

    public BootParams bootParams() {
        return bootParams;
    }

    public CorruptionReport inject(Injector i, Params p) {
        CorruptionReport r = i.apply(machine, p);
        reports.add(r);
        return r;
    }

    /** By catalog name; an unknown name gives an error report. */
    public CorruptionReport inject(String name, Params p) {
        Injector i = Catalog.byName(name);
        if (i == null) {
            CorruptionReport r = CorruptionReport.refused(name, null, p == null ? "" : p.toString(), "no injector named '" + name + "'");
            reports.add(r);
            return r;
        }
        return inject(i, p);
    }

    /** serializeForKexec(): false if liveupdate_reboot() aborted the kexec. */
    public boolean serialize() {
        int[] err = new int[1];
        bootParams = machine.serializeForKexec(err);
        kexecError = err[0];
        return bootParams != null;
    }

    /** bootNext(): the new kernel boots from memory and the boot parameter (it may panic). */
    public void jump() {
        if (bootParams == null) {
            throw new IllegalStateException("serialize() first");
        }
        machine.bootNext(bootParams, machine.kernel().abi());
        jumped = true;
    }

    /** Whatever is left of serialize → jump, then restore and classify. */
    public Outcome finishCycle() {
        if (!jumped) {
            if (bootParams == null && !serialize()) {
                return Restorer.kexecAborted(machine, expectation, kexecError);
            }
            jump();
        }
        return Restorer.run(machine, expectation);
    }
}

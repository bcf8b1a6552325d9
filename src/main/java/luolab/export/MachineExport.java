package luolab.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.scenario.Counts;
import luolab.scenario.MemoryImage;
import luolab.scenario.Op;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;

/**
 * The machine at a kexec jump, for every export that must agree byte for byte with
 * {@code luolab export}: run a scenario up to a step, then do the old kernel's half of the kexec
 * (liveupdate_reboot() serialization). The memory image, the .hexpat placements and the .dtb all
 * come from the same {@link Prepared} machine.
 */
public final class MachineExport {
    private MachineExport() {
    }

    /** The serialized machine, what the next kernel is told, and where in the scenario it was taken. */
    public record Prepared(Scenario scenario, Machine machine, BootParams bootParams, Abi abi, String atText, int resumeStep,
            List<StepOutcome> unmet, Counts counts) {
        public PhysicalMemory memory() {
            return machine.memory();
        }

        public MemoryImage.Handover handover() {
            PhysicalMemory mem = machine.memory();
            return new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), bootParams.khoFdtPa(),
                    bootParams.scratch(), abi.id(), machine.boots() + 1);
        }

        public MemoryImage.ExportInfo info() {
            return new MemoryImage.ExportInfo(scenario.name(), scenario.source(), atText, resumeStep);
        }
    }

    /**
     * {@code at} is "kexec" (the first top-level kexec step) or a 1-based step number N (after step N;
     * if step N+1 is a kexec, that kexec's ABI is the one handed over to).
     */
    public static Prepared prepare(Scenario s, String at, Trace.Mode mode) throws ExportException {
        int n = s.steps().size();
        int end;
        int resume;
        Abi nextAbi = null;
        String atText;
        if (at.equalsIgnoreCase("kexec")) {
            int k = s.firstKexec();
            if (k < 0) {
                throw new ExportException("bad --at kexec: scenario \"" + s.name() + "\" has no top-level kexec step (give --at STEP)", false);
            }
            end = k;
            resume = k + 1;
            nextAbi = kexecAbi(s, k);
            atText = "kexec (step " + (k + 1) + ")";
        } else {
            int step;
            try {
                step = Integer.parseInt(at.trim());
            } catch (NumberFormatException e) {
                throw new ExportException("bad --at \"" + at + "\": give \"kexec\" or a step number 1.." + n, false);
            }
            if (step < 1 || step > n) {
                throw new ExportException("bad --at " + step + ": scenario \"" + s.name() + "\" has steps 1.." + n, false);
            }
            end = step;
            resume = step;
            atText = "after step " + step;
            if (step < n && s.steps().get(step).action() instanceof Op.Kexec) {
                nextAbi = kexecAbi(s, step);
                resume = step + 1;
                atText += ", kexec (step " + (step + 1) + ")";
            }
        }
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(mode).steps(0, end));
        List<StepOutcome> unmet = r.outcomes().stream().filter(o -> !o.ok()).toList();
        Machine m = r.machine();
        if (m.kernel().dead()) {
            throw new ExportException("cannot export: the kernel (boot " + m.kernel().boot() + ") "
                    + m.kernel().stopReason().verb() + ": " + m.kernel().stopReason().text(), true);
        }
        Abi abi = nextAbi != null ? nextAbi : m.kernel().abi();
        Counts c = Counts.outgoing(m.kernel());
        int[] e = new int[1];
        BootParams bp = m.serializeForKexec(e);
        if (bp == null) {
            throw new ExportException("cannot export: liveupdate_reboot() failed with " + Errno.pe(e[0]) + ", the kexec would be aborted", true);
        }
        return new Prepared(s, m, bp, abi, atText, resume, unmet, c);
    }

    /** memory.bin, handover.json, kho.dtb, export.json (see {@link MemoryImage}); returns pages with data. */
    public static long writeImage(Prepared p, Path dir) throws IOException {
        return MemoryImage.write(dir, p.memory(), p.handover(), p.info());
    }

    /** The ImHex pattern whose placements match {@link #writeImage}'s memory.bin. */
    public static String hexpat(Prepared p) {
        HandoverStructs.Result found = HandoverStructs.walk(p.memory(), p.bootParams().khoFdtPa(), p.machine().kernel().abi());
        PhysicalMemory mem = p.memory();
        return HexpatWriter.write(mem.base(), mem.size(), new HexpatWriter.Source(p.scenario().name(), p.atText(),
                p.machine().kernel().abi().id()), found);
    }

    private static Abi kexecAbi(Scenario s, int index) {
        Op.Kexec k = (Op.Kexec) s.steps().get(index).action();
        return k.abi() == null ? null : Abi.byId(k.abi());
    }
}

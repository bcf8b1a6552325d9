package luolab.ui.corrupt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import luolab.engine.Errno;
import luolab.engine.abi.StructLayout;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.CorruptionReport;
import luolab.engine.corrupt.Expectation;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.Outcome;
import luolab.engine.corrupt.Params;
import luolab.engine.corrupt.Restorer;
import luolab.engine.corrupt.Write;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.CorruptStep;
import luolab.scenario.Op;
import luolab.scenario.RunContext;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepError;
import luolab.scenario.StepExecutor;
import luolab.scenario.StepRegistry;
import luolab.scenario.StepResult;
import luolab.ui.model.GuardedRunner;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.RunTexts;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.model.ScenarioException;
import luolab.ui.model.StructOverlays;

/**
 * The engine-side half of injecting from the workbench (no JavaFX here; runs on the engine
 * thread or a worker): re-runs a scenario text with the {@code corrupt} op recording what each
 * injection wrote and where in the trace, and classifies the restore that follows an injection
 * with the corruption catalog's {@link Restorer} / {@link Outcome}.
 */
public final class CorruptRuns {
    private CorruptRuns() {
    }

    /** One write of an injection, named and decoded for the diff view. */
    public record DiffRow(long pa, int length, String what, String owner, String before, String after, String beforeHex,
            String afterHex) {
    }

    /**
     * What one {@code corrupt} step did in a run: its StepMark index, the trace positions just
     * before and after its writes (-1 if it never ran), the report (null if it never ran, e.g. a
     * "handover" step whose kexec did not happen).
     */
    public record Applied(String path, boolean handover, int mark, int start, int end, CorruptionReport report,
            List<DiffRow> rows) {
        public boolean ok() {
            return report != null && report.ok();
        }

        public String error() {
            return report == null ? "it was never written: no kexec followed it" : report.error();
        }
    }

    /** A run of a scenario text: what the workbench shows, the parsed scenario, and each corrupt step's effect by step path. */
    public record Result(LoadedRun loaded, Scenario scenario, RunResult result, Map<String, Applied> applied) {
        public Applied at(int topLevelIndex) {
            return applied.get(String.valueOf(topLevelIndex + 1));
        }
    }

    /** Parses and runs {@code json} (FULL trace if it fits in this JVM's heap), recording every corrupt step. */
    public static Result run(Path source, String json) throws ScenarioException {
        return run(source, json, GuardedRunner.jvm(), (t, f) -> { }, () -> false);
    }

    /**
     * Parses and runs {@code json} with {@code runner}, recording every corrupt step: a FULL trace
     * when it fits in the heap, else the trace is off ({@code loaded().traced()} is false, trace
     * positions in {@link Applied} are all 0 and writes the injector did not name stay "raw
     * bytes"); progress, cancel ({@link luolab.ui.model.RunCancelled}) and failures as for an
     * opened file.
     */
    public static Result run(Path source, String json, GuardedRunner runner, ScenarioBackend.Progress progress,
            BooleanSupplier cancelled) throws ScenarioException {
        Map<String, Applied> applied = new LinkedHashMap<>();
        StepRegistry reg = registry(recordingCorrupt(applied), null);
        String name = source == null ? "scenario.json" : source.getFileName().toString();
        Scenario s;
        try {
            s = new ScenarioParser(reg).parse(name, json);
        } catch (luolab.scenario.ScenarioException e) {
            throw new ScenarioException(name + " is not a valid scenario:\n" + e.getMessage());
        }
        GuardedRunner.Run g = runner.run(new ScenarioRunner(reg), s, progress, cancelled);
        RunResult r = g.result();
        int n = applied.size();
        String line = s.name() + " — " + g.traceText() + ", " + RunTexts.outcome(r.summary())
                + (n == 0 ? "" : ", " + n + " corrupt step" + (n == 1 ? "" : "s"));
        LoadedRun loaded = g.loaded(s.name(), source, json, line);
        return new Result(loaded, s, r, Map.copyOf(applied));
    }

    /** The standard ops with {@code corrupt} (and optionally {@code kexec}) replaced. */
    static StepRegistry registry(StepExecutor<CorruptStep.Corrupt> corrupt, StepExecutor<Op.Kexec> kexec) {
        StepRegistry std = StepRegistry.standard();
        StepRegistry r = new StepRegistry();
        for (String n : std.names()) {
            StepRegistry.OpSpec<?> spec = std.spec(n);
            if (n.equals("corrupt")) {
                r.register(new StepRegistry.OpSpec<>(n, CorruptStep.Corrupt.class, spec.kind(), null, corrupt));
            } else if (n.equals("kexec") && kexec != null) {
                r.register(new StepRegistry.OpSpec<>(n, Op.Kexec.class, spec.kind(), null, wrapKexec(std, kexec)));
            } else {
                r.register(spec);
            }
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static StepExecutor<Op.Kexec> wrapKexec(StepRegistry std, StepExecutor<Op.Kexec> before) {
        StepExecutor<Op.Kexec> real = (StepExecutor<Op.Kexec>) std.spec("kexec").executor();
        return (op, ctx) -> {
            before.execute(op, ctx);
            return real.execute(op, ctx);
        };
    }

    /** Parameters of a corrupt step as text (loop variables substituted), like CorruptStep does. */
    static Params params(CorruptStep.Corrupt op, RunContext ctx) throws StepError {
        Map<String, String> p = new LinkedHashMap<>();
        if (op.params() instanceof JsonObject o) {
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                JsonElement v = e.getValue();
                p.put(e.getKey(), ctx.text(v.isJsonPrimitive() ? v.getAsString() : v.toString()));
            }
        }
        return Params.of(p);
    }

    /**
     * The corrupt op as {@code CorruptStep} runs it (same semantics and results), plus a record of
     * each injection: its trace positions and its writes, named and decoded.
     */
    static StepExecutor<CorruptStep.Corrupt> recordingCorrupt(Map<String, Applied> out) {
        return (op, ctx) -> {
            Injector inj = Catalog.byName(op.injector());
            Params params = params(op, ctx);
            Machine m = ctx.machine();
            String path = ctx.step().path();
            int mark = m.trace().size() - 1;
            boolean handover = "handover".equals(op.at());
            out.put(path, new Applied(path, handover, mark, -1, -1, null, List.of()));
            if (handover) {
                ctx.beforeNextJump(() -> {
                    CorruptionReport rep = applyRecorded(inj, params, m, path, mark, true, out);
                    return rep;
                });
                return StepResult.info(inj.name() + " will be written after serialization, before the jump");
            }
            CorruptionReport rep = applyRecorded(inj, params, m, path, mark, false, out);
            return StepResult.call(rep.ok() ? 0 : -Errno.EINVAL, rep.ok() ? rep.toString() : "corruption refused: " + rep.error());
        };
    }

    private static CorruptionReport applyRecorded(Injector inj, Params params, Machine m, String path, int mark, boolean handover,
            Map<String, Applied> out) {
        Trace t = m.trace();
        int start = t.size();
        Map<Long, String> owners = new LinkedHashMap<>();
        CorruptionReport rep = inj.apply(m, params);
        int end = t.size();
        List<DiffRow> rows = new ArrayList<>();
        if (rep.ok()) {
            for (Write w : rep.writes()) {
                long pfn = PhysicalMemory.pfn(w.pa());
                owners.computeIfAbsent(pfn, k -> m.memory().contains(w.pa(), 1) ? m.memory().describe(k) : "");
                rows.add(row(w, owners.get(pfn), t.events(), start, m.memory()));
            }
        }
        out.put(path, new Applied(path, handover, mark, start, end, rep, List.copyOf(rows)));
        return rep;
    }

    /** Names a write by its ABI field (given by the injector, else the last named write that covered it) and decodes it. */
    static DiffRow row(Write w, String owner, List<TraceEvent> ev, int before, PhysicalMemory mem) {
        byte[] oldB = w.oldBytes();
        byte[] newB = w.newBytes();
        String oldHex = HexFormat.ofDelimiter(" ").formatHex(oldB);
        String newHex = HexFormat.ofDelimiter(" ").formatHex(newB);
        StructLayout layout = w.field() == null ? null : StructOverlays.layout(w.struct());
        StructLayout.Field field = null;
        if (layout != null) {
            try {
                field = layout.field(w.field());
            } catch (IllegalArgumentException e) {
                field = null;
            }
        }
        if (field != null && field.size() == oldB.length) {
            return new DiffRow(w.pa(), oldB.length, w.struct() + "." + w.field(), owner, StructOverlays.format(field, oldB),
                    StructOverlays.format(field, newB), oldHex, newHex);
        }
        if (w.field() != null) {
            return new DiffRow(w.pa(), oldB.length, w.struct() + "." + w.field(), owner, oldHex, newHex, oldHex, newHex);
        }
        // raw bytes: find the struct field the kernel last wrote there
        for (int i = Math.min(before, ev.size()) - 1; i >= 0; i--) {
            if (!(ev.get(i) instanceof TraceEvent.MemWrite mw) || mw.what() == null) {
                continue;
            }
            int len = mw.newBytes().length;
            if (w.pa() < mw.pa() || w.pa() >= mw.pa() + len) {
                continue;
            }
            StructLayout l = StructOverlays.layout(mw.what().struct());
            if (l == null) {
                break;
            }
            long base = mw.pa();
            if (mw.what().field() != null) {
                try {
                    base -= l.offset(mw.what().field());
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
            int off = (int) (w.pa() - base);
            StructLayout.Field f = l.fieldAt(off);
            if (f == null) {
                break;
            }
            long fieldPa = base + f.offset();
            int inField = (int) (w.pa() - fieldPa);
            String what = l.name() + "." + f.name() + (inField == 0 && oldB.length == f.size() ? ""
                    : oldB.length == 1 ? " byte " + inField : " bytes " + inField + ".." + (inField + oldB.length - 1));
            if (w.pa() >= fieldPa && w.pa() + oldB.length <= fieldPa + f.size() && mem.contains(fieldPa, f.size())) {
                byte[] after = mem.read(fieldPa, f.size());
                byte[] beforeField = after.clone();
                System.arraycopy(oldB, 0, beforeField, (int) (w.pa() - fieldPa), oldB.length);
                return new DiffRow(w.pa(), oldB.length, what, owner, StructOverlays.format(f, beforeField),
                        StructOverlays.format(f, after), oldHex, newHex);
            }
            return new DiffRow(w.pa(), oldB.length, what, owner, oldHex, newHex, oldHex, newHex);
        }
        return new DiffRow(w.pa(), oldB.length, "raw bytes", owner, oldHex, newHex, oldHex, newHex);
    }

    // ---- the restore that follows ----------------------------------------------------------------

    /**
     * What the restore after an injection did, in the kernel's terms. {@code outcome} is the
     * catalog's classification (null when the kexec was aborted); {@code problems} the new
     * kernel's warnings, errors and panic lines; {@code kexecStep} the 0-based kexec step.
     */
    public record Summary(int kexecStep, int boot, Outcome outcome, List<KernelLog.Line> problems, String abortedBy) {
    }

    /**
     * Runs {@code scenario} (no trace) through step {@code lastStep}, capturing what userspace
     * preserved just before the kexec at {@code kexecStep}; then plays the selftests' restore
     * (open, RETRIEVE_SESSION, RETRIEVE_FD, compare, FINISH) and classifies it. Null if cancelled
     * or the kexec step never ran.
     */
    public static Summary classify(Scenario scenario, int kexecStep, int lastStep, BooleanSupplier cancel) {
        Expectation[] exp = new Expectation[1];
        Map<String, Applied> ignored = new LinkedHashMap<>();
        String kexecPath = String.valueOf(kexecStep + 1);
        StepRegistry reg = registry(recordingCorrupt(ignored), (op, ctx) -> {
            if (ctx.step().path().equals(kexecPath)) {
                exp[0] = Expectation.capture(ctx.kernel());
            }
            return null;
        });
        RunOptions opts = RunOptions.of(Trace.Mode.OFF).steps(0, lastStep + 1);
        if (cancel != null) {
            opts = opts.withCancel(cancel);
        }
        RunResult r = new ScenarioRunner(reg).run(scenario, opts);
        if (r.cancelled() || exp[0] == null) {
            return null;
        }
        Machine m = r.machine();
        Kernel k = m.kernel();
        var kexecOutcome = r.outcomes().stream().filter(o -> o.index() == kexecStep).findFirst().orElse(null);
        if (kexecOutcome != null && kexecOutcome.result() != null && kexecOutcome.result() < 0) {
            return new Summary(kexecStep, k.boot(), null, problems(k), Errno.pe(kexecOutcome.result()));
        }
        Outcome o = Restorer.run(m, exp[0]);
        return new Summary(kexecStep, m.kernel().boot(), o, problems(m.kernel()), null);
    }

    private static List<KernelLog.Line> problems(Kernel k) {
        List<KernelLog.Line> out = new ArrayList<>();
        for (KernelLog.Line l : k.log().lines()) {
            if (l.level().problem()) {
                out.add(l);
            }
        }
        return out;
    }

    /** Parses a scenario text with the standard ops. */
    public static Scenario parse(Path source, String json) throws ScenarioException {
        try {
            return new ScenarioParser().parse(source == null ? "scenario.json" : source.getFileName().toString(), json);
        } catch (luolab.scenario.ScenarioException e) {
            throw new ScenarioException(e.getMessage());
        }
    }
}

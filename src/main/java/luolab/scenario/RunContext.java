package luolab.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.StopReason;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.user.Process;
import luolab.engine.user.SessionFile;

/**
 * The state of a running scenario as executors see it: the machine, the current user process
 * (a new one after each kexec — fds die, sessions survive through memory), fd variables bound by
 * "as", loop variables of enclosing repeats, and the expectation counters.
 */
public final class RunContext {
    /** A variable: an fd of the process of generation {@code gen}, or why it has none. */
    private record Binding(int fd, int gen, String error) {
    }

    private final StepRegistry registry;
    private final Scenario scenario;
    private final Machine machine;
    private final RunOptions opts;
    private Process process;
    private int generation;
    private int deviceFd = -1;
    private final Map<String, Binding> vars = new HashMap<>();
    private final Map<Integer, String> fdVar = new HashMap<>();
    private final String[] loopNames = new String[16];
    private final long[] loopValues = new long[16];
    private int loopDepth;
    private long met;
    private long failed;
    private final List<String> failures = new ArrayList<>();
    private Step current;
    private int topIndex;
    private Counts handedOver;
    private final List<KernelLog> logs = new ArrayList<>();
    private final List<BootLog> finishedBoots = new ArrayList<>();
    private Kernel trackedKernel;
    private long lastProgressNanos;
    private final WorkMeter meter;
    private boolean cancelSeen;

    RunContext(StepRegistry registry, Scenario scenario, Machine machine, RunOptions opts) {
        this.registry = registry;
        this.scenario = scenario;
        this.machine = machine;
        this.opts = opts;
        this.process = new Process(machine.kernel());
        this.trackedKernel = machine.kernel();
        int n = scenario.steps().size();
        int first = Math.max(0, Math.min(opts.firstStep(), n));
        this.meter = new WorkMeter(scenario.steps(), first, opts.endStep() < 0 ? n : Math.min(opts.endStep(), n),
                machine.trace().mode());
    }

    // ---- what executors use --------------------------------------------------------------------

    public Machine machine() {
        return machine;
    }

    public Kernel kernel() {
        return machine.kernel();
    }

    public Process process() {
        return process;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The step being executed (its envelope: expect, as, close, path). */
    public Step step() {
        return current;
    }

    /** Substitutes loop variables: "many-test-${i}" → "many-test-17". */
    public String text(String raw) throws StepError {
        if (raw == null || raw.indexOf("${") < 0) {
            return raw;
        }
        return template(raw).expand(loopScope(raw));
    }

    /** Arguments come from the parsed scenario, so the same few strings repeat millions of times. */
    private final Map<String, Template> templates = new HashMap<>();

    private Template template(String raw) throws StepError {
        Template t = templates.get(raw);
        if (t == null) {
            t = Template.parse(raw);
            templates.put(raw, t);
        }
        return t;
    }

    private Template.Scope loopScope(String raw) {
        return name -> loopValue(name, raw);
    }

    private long loopValue(String name, String raw) throws StepError {
        for (int d = loopDepth - 1; d >= 0; d--) {
            if (loopNames[d].equals(name)) {
                return loopValues[d];
            }
        }
        List<String> known = new ArrayList<>();
        for (int d = 0; d < loopDepth; d++) {
            known.add(loopNames[d]);
        }
        throw new StepError("unknown variable ${" + name + "} in \"" + raw + "\""
                + (known.isEmpty() ? " (loop variables exist only inside repeat)" : " (loop variables here: " + String.join(", ", known) + ")"));
    }

    /** A u64 token, decimal or 0x-hex, after substitution. */
    public long token(String raw) throws StepError {
        if (raw != null && raw.startsWith("${")) {
            Template t = template(raw);
            if (t.isBareVariable()) {
                // what parsing the printed value would give; a negative loop value (a repeat
                // with a negative start) still goes the long way, to its error message
                long v = loopValue(t.bareVariable(), raw);
                if (v >= 0) {
                    return v;
                }
            }
        }
        String t = text(raw);
        try {
            return Values.parseUnsigned(t, "token");
        } catch (IllegalArgumentException e) {
            throw new StepError(e.getMessage());
        }
    }

    /** An fd: a literal number or a variable bound by an earlier step's "as". */
    public int fd(String ref) throws StepError {
        String r = text(ref).trim();
        if (isDecimal(r)) {
            try {
                return Integer.parseInt(r);
            } catch (NumberFormatException e) {
                throw new StepError("fd number out of range: " + r);
            }
        }
        Binding b = vars.get(r);
        if (b == null) {
            throw new StepError("unknown variable \"" + r + "\" (no earlier step bound it with \"as\")");
        }
        if (b.error() != null) {
            throw new StepError("variable \"" + r + "\" has no fd: " + b.error());
        }
        if (b.gen() != generation) {
            throw new StepError("variable \"" + r + "\" is an fd of the process before the kexec; fds do not survive a kexec"
                    + " (retrieve the session again)");
        }
        return b.fd();
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code name} (after substitution) is a variable some step bound with "as". */
    public boolean isVariable(String name) throws StepError {
        return vars.containsKey(text(name).trim());
    }

    /** The /dev/liveupdate fd: {@code ref} if given, else the one opened last in this boot. */
    public int device(String ref) throws StepError {
        if (ref != null) {
            return fd(ref);
        }
        if (deviceFd < 0) {
            throw new StepError("no /dev/liveupdate is open in this boot (add an open_device step)");
        }
        return deviceFd;
    }

    /** The session behind a session fd. */
    public LuoSession session(String ref) throws StepError {
        int fd = fd(ref);
        if (process.file(fd) instanceof SessionFile sf) {
            return sf.session();
        }
        throw new StepError("fd " + fd + " (" + text(ref) + ") is not a session fd"
                + (process.file(fd) == null ? ": it is not open" : ": it is " + process.file(fd).name()));
    }

    /** close(fd), forgetting variables that named it. */
    public int close(int fd) {
        int rc = process.close(fd);
        if (rc == 0) {
            String v = fdVar.remove(fd);
            if (v != null) {
                Binding b = vars.get(v);
                if (b != null && b.fd() == fd && b.gen() == generation) {
                    vars.put(v, new Binding(-1, generation, "it was closed (step " + (current == null ? "?" : current.path()) + ")"));
                }
            }
            if (fd == deviceFd) {
                deviceFd = -1;
            }
        }
        return rc;
    }

    /** Remembers {@code fd} as the default /dev/liveupdate for session steps. */
    public void setDevice(int fd) {
        deviceFd = fd;
    }

    private final List<java.util.function.Supplier<luolab.engine.corrupt.CorruptionReport>> beforeJump = new ArrayList<>();

    /** A corruption to write at the next kexec, after serialization and before the jump. */
    public void beforeNextJump(java.util.function.Supplier<luolab.engine.corrupt.CorruptionReport> injection) {
        beforeJump.add(injection);
    }

    /** Runs (and forgets) the corruptions waiting for the jump; returns their reports. */
    public List<luolab.engine.corrupt.CorruptionReport> runBeforeJump() {
        List<luolab.engine.corrupt.CorruptionReport> out = new ArrayList<>();
        for (var s : beforeJump) {
            out.add(s.get());
        }
        beforeJump.clear();
        return out;
    }

    /** Called by the kexec executor just before the jump: what is about to be handed over. */
    public void handingOver(Counts c) {
        handedOver = c;
    }

    /** After a successful kexec: the old process is gone; a new one runs on the new kernel. */
    public void kexecDone() {
        trackKernel();
        process = new Process(machine.kernel());
        generation++;
        deviceFd = -1;
        fdVar.clear();
    }

    public Counts handedOver() {
        return handedOver;
    }

    /** Logs of the boots so far, oldest first, the current one last. */
    public List<KernelLog> logs() {
        trackKernel();
        List<KernelLog> l = new ArrayList<>(logs);
        l.add(machine.kernel().log());
        return l;
    }

    /** Runs a nested step (for control-flow ops such as repeat); returns whether it met its expectation. */
    public boolean run(Step st) {
        Step outer = current;
        try {
            return exec(st).ok;
        } finally {
            current = outer;
        }
    }

    /** Binds loop variable {@code name} for nested steps (until {@link #popLoop()}). */
    public void pushLoop(String name) throws StepError {
        if (loopDepth == loopNames.length) {
            throw new StepError("repeat nested too deeply");
        }
        loopNames[loopDepth] = name;
        loopValues[loopDepth] = 0;
        loopDepth++;
    }

    public void setLoop(long value) {
        loopValues[loopDepth - 1] = value;
    }

    public void popLoop() {
        loopDepth--;
    }

    /** True once the caller asked to cancel (latched: the answer never goes back to false). */
    public boolean cancelled() {
        if (!cancelSeen && opts.cancel() != null && opts.cancel().getAsBoolean()) {
            cancelSeen = true;
        }
        return cancelSeen;
    }

    /** Progress inside a top-level repeat (throttled). */
    public void progressIteration(long done, long total) {
        if (opts.progress() == null || loopDepth > 1) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastProgressNanos < 20_000_000L) {
            return;
        }
        lastProgressNanos = now;
        opts.progress().onProgress(new RunOptions.Progress(topIndex, scenario.steps().size(), done, total,
                current == null ? "" : current.op(), meter.fraction(topIndex, done, total)));
    }

    public long metCount() {
        return met;
    }

    public long failedCount() {
        return failed;
    }

    // ---- the runner's side ---------------------------------------------------------------------

    void progressStep(int index, int steps, String desc) {
        if (opts.progress() != null) {
            lastProgressNanos = System.nanoTime();
            opts.progress().onProgress(new RunOptions.Progress(index, steps, 0, 0, desc, meter.fraction(index, 0, 0),
                    meter.opaque(index)));
        }
    }

    private record Judged(boolean ok, Integer code, String message) {
    }

    StepOutcome runTop(int index, Step st, String desc) {
        topIndex = index;
        long met0 = met;
        long failed0 = failed;
        failures.clear();
        Judged j = exec(st);
        current = null;
        String msg = j.message;
        if (st.action() instanceof Op.Repeat && !failures.isEmpty()) {
            msg = msg + "; first failures: " + String.join(" | ", failures);
        }
        return new StepOutcome(index, st.path(), st.op(), desc, j.code, st.expectedText(), j.ok, msg, met - met0, failed - failed0);
    }

    private Judged exec(Step st) {
        current = st;
        StepRegistry.OpSpec<?> spec = registry.specFor(st.action());
        StepResult r;
        String noUserspace;
        if (spec == null) {
            r = StepResult.check(false, "op " + st.op() + " has no executor in this registry");
        } else if ((noUserspace = noUserspace(spec, st)) != null) {
            r = StepResult.check(false, noUserspace);
        } else {
            try {
                r = spec.run(st.action(), this);
            } catch (StepError e) {
                r = new StepResult(null, false, e.getMessage(), true);
            } catch (RuntimeException | StackOverflowError e) {
                r = new StepResult(null, false, "internal error in " + st.op() + ": " + e, true);
            }
        }
        boolean ok;
        String msg = r.message() == null ? "" : r.message();
        Integer code = r.code();
        if (code != null) {
            boolean codeOk = st.meets(code);
            ok = codeOk && (r.check() == null || code < 0 || r.check());
            if (!codeOk) {
                msg = "expected " + st.expectedText() + ", got " + (code < 0 ? Errno.pe(code) : describeSuccess(spec, code))
                        + (msg.isEmpty() ? "" : " — " + msg);
            }
            if (spec != null && spec.kind() == StepRegistry.Kind.FD) {
                bindResult(st, code);
            }
        } else {
            ok = r.check() == null || r.check();
        }
        if (r.counted()) {
            if (ok) {
                met++;
            } else {
                failed++;
            }
        }
        if (!ok && r.counted() && loopDepth > 0 && failures.size() < 5) {
            StringBuilder where = new StringBuilder();
            for (int d = 0; d < loopDepth; d++) {
                where.append(loopNames[d]).append('=').append(loopValues[d]).append(' ');
            }
            failures.add(where + "step " + st.path() + " " + st.op() + ": " + msg);
        }
        return new Judged(ok, code, msg);
    }

    /**
     * Why a system call step cannot run, or null. A kernel that stopped runs no process any more:
     * a boot that hangs (a KHO radix walk that never ends, in early boot) never reaches userspace,
     * and panic() halts the machine (the lab's panics all happen while booting, before init runs).
     * No call is made and no errno comes back — the step did not run (the engine's -EIO for calls
     * on a dead kernel is only its guard). A lab corruption step is no system call: it still runs.
     */
    private String noUserspace(StepRegistry.OpSpec<?> spec, Step st) {
        Kernel k = kernel();
        if (k == null || !k.dead() || st.action() instanceof CorruptStep.Corrupt
                || (spec.kind() != StepRegistry.Kind.CALL && spec.kind() != StepRegistry.Kind.FD)) {
            return null;
        }
        return stoppedMessage(k.boot(), k.stopReason(), st.op());
    }

    /** The message of a step that did not run because boot {@code boot} stopped (also shown by the CLI and the UI). */
    public static String stoppedMessage(int boot, StopReason why, String op) {
        if (why.isHang()) {
            return "boot " + boot + " hangs in early boot: no userspace ran, so " + op + " cannot run — " + why.text();
        }
        return "boot " + boot + " panicked: the machine is halted, so " + op + " cannot run — Kernel panic - not syncing: " + why.text();
    }

    private static String describeSuccess(StepRegistry.OpSpec<?> spec, int code) {
        return spec != null && spec.kind() == StepRegistry.Kind.FD ? "fd " + code : "success (" + code + ")";
    }

    private void bindResult(Step st, int code) {
        String as;
        try {
            as = st.as() == null ? null : text(st.as());
        } catch (StepError e) {
            return;
        }
        if (code >= 0) {
            if (as != null) {
                Binding old = vars.get(as);
                if (old != null && old.gen() == generation && old.fd() >= 0) {
                    fdVar.remove(old.fd());
                }
                vars.put(as, new Binding(code, generation, null));
                fdVar.put(code, as);
            }
            if (st.close()) {
                close(code);
            }
        } else if (as != null) {
            vars.put(as, new Binding(-1, generation, "step " + st.path() + " (" + st.op() + ") failed with " + Errno.pe(code)));
        }
    }

    private void trackKernel() {
        Kernel k = machine.kernel();
        if (k != trackedKernel) {
            if (trackedKernel != null) {
                logs.add(trackedKernel.log());
                finishedBoots.add(new BootLog(trackedKernel.boot(), trackedKernel.abi().id(), trackedKernel.log().lines(),
                        trackedKernel.stopReason()));
            }
            trackedKernel = k;
        }
    }

    List<BootLog> finishBoots() {
        trackKernel();
        List<BootLog> all = new ArrayList<>(finishedBoots);
        Kernel k = machine.kernel();
        all.add(new BootLog(k.boot(), k.abi().id(), k.log().lines(), k.stopReason()));
        return all;
    }
}

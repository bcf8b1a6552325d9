package luolab.engine.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.MemoryListener;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;

/**
 * The recorder every engine layer reports to, and the simulated kernel context (current phase and
 * call stack). FULL records byte- and page-level history (so the {@link Stepper} can go back);
 * COARSE only what the kernel did; OFF nothing but still tracks phase and stack for log lines.
 */
public final class Trace implements MemoryListener {
    public enum Mode { OFF, COARSE, FULL }

    private final Mode mode;
    private final List<TraceEvent> events = new ArrayList<>();
    private final List<Consumer<TraceEvent>> observers = new ArrayList<>();
    private Phase phase = Phase.RUNNING;
    private CallStack stack = CallStack.ROOT;

    public Trace(Mode mode) {
        this.mode = mode;
    }

    public static Trace off() {
        return new Trace(Mode.OFF);
    }

    public Mode mode() {
        return mode;
    }

    /** Makes memory report its changes here (only FULL traces want them). */
    public void attach(PhysicalMemory mem) {
        mem.setListener(mode == Mode.FULL ? this : null);
    }

    public void addObserver(Consumer<TraceEvent> o) {
        observers.add(o);
    }

    public List<TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public int size() {
        return events.size();
    }

    public Phase phase() {
        return phase;
    }

    public CallStack stack() {
        return stack;
    }

    public boolean detailed() {
        return mode == Mode.FULL;
    }

    public boolean recording() {
        return mode != Mode.OFF;
    }

    // ---- context ------------------------------------------------------------------------------

    /** Enters a kernel function; close the scope (try-with-resources) when it returns. */
    public Scope enter(String function) {
        if (mode == Mode.OFF) {
            return NOOP;
        }
        CallStack saved = stack;
        stack = stack.push(function);
        return new Scope(saved);
    }

    /** Runs as if called from a fresh context (a new syscall, an initcall). */
    public Scope at(String... functions) {
        if (mode == Mode.OFF) {
            return NOOP;
        }
        CallStack saved = stack;
        CallStack s = CallStack.ROOT;
        for (String f : functions) {
            s = s.push(f);
        }
        stack = s;
        return new Scope(saved);
    }

    /** With tracing off nobody reads the stack, so entering a function costs nothing. */
    private final Scope NOOP = new Scope(null);

    public final class Scope implements AutoCloseable {
        private final CallStack saved;

        private Scope(CallStack saved) {
            this.saved = saved;
        }

        @Override
        public void close() {
            if (saved != null) {
                stack = saved;
            }
        }
    }

    public void setPhase(Phase p) {
        if (p != phase) {
            Phase from = phase;
            phase = p;
            emit(new TraceEvent.PhaseChange(p, stack, from));
        }
    }

    // ---- recording ----------------------------------------------------------------------------

    public void emit(TraceEvent e) {
        if (mode == Mode.OFF || (mode == Mode.COARSE && !e.coarse())) {
            return;
        }
        events.add(e);
        for (Consumer<TraceEvent> o : observers) {
            o.accept(e);
        }
    }

    public void log(KernelLog.Line line) {
        if (mode != Mode.OFF) {
            emit(new TraceEvent.Log(phase, stack, line));
        }
    }

    public void error(int errno, String function) {
        if (mode != Mode.OFF) {
            emit(new TraceEvent.Error(phase, stack, errno, function));
        }
    }

    public void allocated(long pa, int order, OwnerKind kind, String owner) {
        if (mode == Mode.FULL) {
            emit(new TraceEvent.PagesAllocated(phase, stack, pa, order, kind, owner));
        }
    }

    public void freed(long pa, int order) {
        if (mode == Mode.FULL) {
            emit(new TraceEvent.PagesFreed(phase, stack, pa, order));
        }
    }

    @Override
    public void onWrite(long pa, byte[] oldBytes, byte[] newBytes, FieldRef what) {
        emit(new TraceEvent.MemWrite(phase, stack, pa, allZero(oldBytes) ? null : oldBytes, newBytes, what));
    }

    @Override
    public void onPageContent(long pfn, byte[] oldData, boolean oldPoisoned, boolean newPoisoned) {
        emit(new TraceEvent.PageContent(phase, stack, pfn, oldData, oldPoisoned, newPoisoned));
    }

    @Override
    public void onRangePoisoned(long startPfn, int count, long[] oldMeta, byte[][] oldData) {
        emit(new TraceEvent.RangePoisoned(phase, stack, startPfn, count, oldMeta, oldData));
    }

    @Override
    public void onMeta(long pfn, long oldMeta, long newMeta) {
        emit(new TraceEvent.PageMetaChange(phase, stack, pfn, oldMeta, newMeta));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

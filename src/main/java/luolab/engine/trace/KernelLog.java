package luolab.engine.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * dmesg. Lines carry the kernel's own prefixes ("luo: ", "KHO: ", "memfd_luo: ") from pr_fmt, a
 * log level, and a deterministic timestamp: simulated time advances by a fixed tick per line, so
 * two runs of a scenario print identical logs.
 *
 * <p>{@link Level#NOTE} lines are the lab's own annotations (what the simulation did where the
 * kernel prints nothing): they are never kernel output, carry no timestamp, and every printer shows
 * them with {@link #NOTE_TAG} instead. docs/kernel-log-messages.md lists every line and its source.
 */
public final class KernelLog {
    /** Kernel log levels (KERN_EMERG … KERN_INFO), and NOTE for the lab's annotations. */
    public enum Level {
        EMERG,
        /** KERN_ALERT: e.g. show_fault_oops()'s "BUG: unable to handle page fault" line. */
        ALERT,
        ERR, WARNING, NOTICE, INFO,
        /** Not printed by the kernel: the lab's explanation of a step the kernel does silently. */
        NOTE;

        /** True for lines the simulated kernel prints (everything but NOTE). */
        public boolean kernel() {
            return this != NOTE;
        }

        /** KERN_WARNING and more severe: what a reader looks at first. */
        public boolean problem() {
            return this == EMERG || this == ALERT || this == ERR || this == WARNING;
        }
    }

    /** Where a kernel line has its timestamp, a lab note has this tag (same width, 14 columns). */
    public static final String NOTE_TAG = "[  lab note  ]";
    /** Tooltip / legend text for lab notes. */
    public static final String NOTE_HINT = "lab note — not printed by the kernel";
    /** The line text printers put before a log that has lab notes. */
    public static final String NOTE_LEGEND = "(" + NOTE_TAG + " lines are the lab's annotations, not printed by the kernel)";

    /** Whether any of {@code lines} is a lab note. */
    public static boolean hasNotes(List<Line> lines) {
        for (Line l : lines) {
            if (l.isNote()) {
                return true;
            }
        }
        return false;
    }

    public record Line(int boot, long micros, Level level, String text) {
        public boolean isNote() {
            return level == Level.NOTE;
        }

        @Override
        public String toString() {
            if (isNote()) {
                return NOTE_TAG + " " + text;
            }
            return String.format("[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, text);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final Trace trace;
    private final int boot;
    private long micros;
    private int currentPid = 1;

    public KernelLog(Trace trace, int boot) {
        this.trace = trace;
        this.boot = boot;
    }

    public Line log(Level level, String text) {
        // the kernel's clock moves between its own lines only: a lab note takes no time
        if (level.kernel()) {
            micros += 137;
        }
        Line l = new Line(boot, micros, level, text);
        lines.add(l);
        trace.log(l);
        return l;
    }

    public Line info(String text) {
        return log(Level.INFO, text);
    }

    public Line warn(String text) {
        return log(Level.WARNING, text);
    }

    public Line err(String text) {
        return log(Level.ERR, text);
    }

    public Line notice(String text) {
        return log(Level.NOTICE, text);
    }

    /** A lab annotation: never kernel output (see {@link Level#NOTE}). */
    public Line note(String text) {
        return log(Level.NOTE, text);
    }

    /**
     * The first line of a WARN_ON() splat, abbreviated: the kernel's "WARNING: CPU: %d PID: %d at
     * %s:%d %pS" without the line number and offset (the lab has neither), and without the "cut
     * here" marker, module list, registers and stack that follow it. PID is current's: see
     * {@link #enterTask(int)}.
     */
    public Line warnOn(String file, String function) {
        return warn("WARNING: CPU: 0 PID: " + currentPid + " at " + file + " " + function);
    }

    /**
     * The kernel's {@code current->pid} while it runs code: 1 by default — boot code and the
     * initcalls run in init (PID 1), and reboot(LINUX_REBOOT_CMD_KEXEC) is issued by systemd
     * (PID 1, "systemctl kexec") — and a user process's PID while its system call runs. Returns
     * the previous value for {@link #leaveTask(int)}.
     */
    public int enterTask(int pid) {
        int prev = currentPid;
        currentPid = pid;
        return prev;
    }

    /** Back to the task that ran before {@link #enterTask(int)}. */
    public void leaveTask(int prev) {
        currentPid = prev;
    }

    public int currentPid() {
        return currentPid;
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Whether a kernel line (not a lab note) contains {@code fragment}. */
    public boolean contains(String fragment) {
        for (Line l : lines) {
            if (l.level().kernel() && l.text().contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}

package luolab.engine.corrupt;

import java.util.List;
import luolab.engine.Errno;

/**
 * What kernel-luo.md §7 (and the engine's kernel code path) says a corruption leads to:
 * the kind, the errno and the step that returns it, the log lines (each must appear, as a
 * substring, in the next kernel's log) and the stop text ({@code stopText}, compared with
 * {@link Outcome#stopText()}: for PANIC the panic message, for HANG the lab's reason for stopping
 * the boot, since a hang has no panic message; null when the kind names no stop).
 */
public record ExpectedOutcome(OutcomeKind kind, int errno, String step, List<String> logLines, String stopText, String note) {
    public ExpectedOutcome {
        logLines = List.copyOf(logLines);
    }

    static ExpectedOutcome panic(String message, String... log) {
        return new ExpectedOutcome(OutcomeKind.PANIC, 0, Restorer.STEP_BOOT, List.of(log), message, "");
    }

    /** The next kernel hangs silently while booting; {@code why} is the lab's reason (e.g. Kernel.HANG_RADIX_WALK). */
    static ExpectedOutcome hang(String why) {
        return new ExpectedOutcome(OutcomeKind.HANG, 0, Restorer.STEP_BOOT, List.of(), why, "");
    }

    /** liveupdate_early_init() → luo_restore_fail(): the only place LUO panics. */
    static ExpectedOutcome restoreFail(int err, String... log) {
        return panic("The incoming tree failed to initialize properly [" + Errno.pe(err) + "], disabling live update", log);
    }

    /** The early-boot oops on a wild physical address (phys_to_virt, no checks). */
    static ExpectedOutcome oopsPanic(long pa) {
        return panic("Attempted to kill init! exitcode=0x0000000b", luolab.engine.machine.OopsText.forPhys(pa).toArray(String[]::new));
    }

    static ExpectedOutcome errno(int err, String step, String... log) {
        return new ExpectedOutcome(OutcomeKind.ERRNO, err, step, List.of(log), null, "");
    }

    static ExpectedOutcome oops(String step, long pa) {
        return new ExpectedOutcome(OutcomeKind.OOPS, -Errno.EFAULT, step,
                luolab.engine.machine.OopsText.forPhys(pa), null, "");
    }

    static ExpectedOutcome khoDisabled(String... log) {
        return new ExpectedOutcome(OutcomeKind.KHO_DISABLED, 0, Restorer.STEP_BOOT, List.of(log), null, "");
    }

    /** Everything comes back; {@code log} are lines the restore still prints (WARNs). */
    static ExpectedOutcome restored(String note, String... log) {
        return new ExpectedOutcome(OutcomeKind.RESTORED, 0, null, List.of(log), null, note);
    }

    static ExpectedOutcome silent(String note) {
        return new ExpectedOutcome(OutcomeKind.SILENT_DAMAGE, 0, null, List.of(), null, note);
    }

    static ExpectedOutcome depends(String note) {
        return new ExpectedOutcome(OutcomeKind.DEPENDS, 0, null, List.of(), null, note);
    }

    /** The same outcome with {@code more} log lines expected too. */
    ExpectedOutcome withLog(String... more) {
        List<String> all = new java.util.ArrayList<>(logLines);
        all.addAll(List.of(more));
        return new ExpectedOutcome(kind, errno, step, all, stopText, note);
    }

    ExpectedOutcome withNote(String n) {
        return new ExpectedOutcome(kind, errno, step, logLines, stopText, n);
    }

    /** True when {@code o} matches: same kind, same errno and step (prefix), stop text and every log line. */
    public boolean matches(Outcome o) {
        return mismatch(o) == null;
    }

    /** Why {@code o} does not match, or null. */
    public String mismatch(Outcome o) {
        if (kind == OutcomeKind.DEPENDS) {
            return null;
        }
        if (o.kind() != kind) {
            return "expected " + kind.label() + ", got " + o.summary();
        }
        if (kind == OutcomeKind.ERRNO || kind == OutcomeKind.OOPS) {
            if (o.errno() != errno) {
                return "expected " + Errno.pe(errno) + ", got " + o.summary();
            }
            if (step != null && (o.step() == null || !o.step().startsWith(step))) {
                return "expected the error at '" + step + "', got " + o.summary();
            }
        }
        String said = o.stopText();
        if (stopText != null && (said == null || !said.contains(stopText))) {
            return "expected " + kind.label() + " '" + stopText + "', got " + o.summary();
        }
        for (String l : logLines) {
            if (!o.logContains(l)) {
                return "log line missing: '" + l + "'";
            }
        }
        return null;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder(kind.label());
        if (kind == OutcomeKind.ERRNO || kind == OutcomeKind.OOPS) {
            sb.append(' ').append(Errno.pe(errno)).append(" at ").append(step);
        }
        if (stopText != null) {
            sb.append(": \"").append(stopText).append('"');
        }
        for (String l : logLines) {
            sb.append("; log \"").append(l).append('"');
        }
        if (note != null && !note.isEmpty()) {
            sb.append(" (").append(note).append(')');
        }
        return sb.toString();
    }
}

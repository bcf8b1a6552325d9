package luolab.engine.corrupt;

import java.util.List;
import luolab.engine.Errno;

/**
 * How a run ended (see {@link OutcomeKind}), where, and why (the kernel log line), plus the fate
 * of every preserved session and file. {@code stopText}: the text of the kernel's
 * {@link luolab.engine.machine.StopReason} when the next kernel stopped (PANIC: the panic message;
 * HANG: why the lab stopped the boot, which prints nothing, so it is the {@code reason} too); null
 * for every other kind. The kind says which of the two it is.
 */
public record Outcome(OutcomeKind kind, int errno, String step, String stopText, String reason, List<SessionFate> sessions,
        List<String> log) {

    public Outcome {
        sessions = List.copyOf(sessions);
        log = List.copyOf(log);
    }

    public enum Fate { RESTORED, DAMAGED, LOST }

    public record SessionFate(String name, Fate fate, int errno, String step, String reason, List<FileFate> files) {
        public SessionFate {
            files = List.copyOf(files);
        }
    }

    public record FileFate(long token, Fate fate, int errno, String step, String reason) {
    }

    public boolean logContains(String fragment) {
        for (String l : log) {
            if (l.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /** The step's kind without session names or tokens ("RETRIEVE_FD", "open /dev/liveupdate"). */
    public String stepKind() {
        if (step == null) {
            return null;
        }
        for (String s : List.of(Restorer.STEP_RETRIEVE_SESSION, Restorer.STEP_RETRIEVE_FD, Restorer.STEP_READ, Restorer.STEP_FINISH)) {
            if (step.startsWith(s)) {
                return s;
            }
        }
        return step;
    }

    /** A short label for counting outcomes of many runs. */
    public String key() {
        return switch (kind) {
            case ERRNO, OOPS -> kind.label() + " " + Errno.pe(errno) + " at " + stepKind();
            case PANIC -> "panic: " + stopText;
            case HANG -> "hang: " + reason;
            default -> kind.label();
        };
    }

    public long count(Fate f) {
        return sessions.stream().filter(s -> s.fate() == f).count();
    }

    public long fileCount(Fate f) {
        return sessions.stream().flatMap(s -> s.files().stream()).filter(x -> x.fate() == f).count();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder(key());
        if (reason != null && !reason.isEmpty()) {
            sb.append(" — \"").append(reason).append('"');
        }
        sb.append(" [sessions: ").append(count(Fate.RESTORED)).append(" restored, ").append(count(Fate.DAMAGED)).append(" damaged, ")
                .append(count(Fate.LOST)).append(" lost; files: ").append(fileCount(Fate.RESTORED)).append(" restored, ")
                .append(fileCount(Fate.DAMAGED)).append(" damaged, ").append(fileCount(Fate.LOST)).append(" lost]");
        return sb.toString();
    }

    /** Multi-line: the summary and every session's and file's fate with its reason. */
    public String details() {
        StringBuilder sb = new StringBuilder(summary());
        for (SessionFate s : sessions) {
            sb.append("\n  session '").append(s.name()).append("': ").append(s.fate());
            if (s.fate() == Fate.LOST) {
                sb.append(" (").append(Errno.pe(s.errno())).append(" at ").append(s.step()).append(s.reason() == null ? "" : ": " + s.reason()).append(')');
            }
            for (FileFate f : s.files()) {
                sb.append("\n    token 0x").append(Long.toHexString(f.token())).append(": ").append(f.fate());
                if (f.fate() != Fate.RESTORED) {
                    sb.append(" (").append(f.errno() == 0 ? "" : Errno.pe(f.errno()) + " at ").append(f.step() == null ? "" : f.step())
                            .append(f.reason() == null ? "" : ": " + f.reason()).append(')');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}

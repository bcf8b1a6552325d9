package luolab.scenario;

import luolab.engine.Errno;

/**
 * How one top-level step went. {@code index} is 0-based (the step is printed as {@code path},
 * 1-based). {@code result} is the call's result (fd, byte count, 0 or -errno), null for checks,
 * notes and repeats. For a repeat, {@code met}/{@code failed} count the expectations of all its
 * iterations.
 */
public record StepOutcome(int index, String path, String op, String description, Integer result, String expected,
        boolean ok, String message, long met, long failed) {

    public String resultText() {
        if (result == null) {
            return "";
        }
        return result < 0 ? Errno.pe(result) : String.valueOf(result);
    }
}

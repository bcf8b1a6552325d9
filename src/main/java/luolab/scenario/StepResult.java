package luolab.scenario;

/**
 * What an executor reports. {@code code}: the syscall-style result (≥ 0 success, or -errno),
 * compared with the step's expectation; null for pure checks. {@code check}: for checks (and
 * calls with an extra condition such as get_name's "equals") whether the condition held; null if
 * none. {@code counted}: false for narration and control flow, which are not expectations.
 */
public record StepResult(Integer code, Boolean check, String message, boolean counted) {

    /** A system call's result. */
    public static StepResult call(int code, String message) {
        return new StepResult(code, null, message, true);
    }

    /** A call that succeeded or failed, plus a condition checked on success. */
    public static StepResult callChecked(int code, boolean ok, String message) {
        return new StepResult(code, ok, message, true);
    }

    /** A check (expect_*, check_content). */
    public static StepResult check(boolean ok, String message) {
        return new StepResult(null, ok, message, true);
    }

    /** Narration or control flow: not an expectation, always fine. */
    public static StepResult info(String message) {
        return new StepResult(null, true, message, false);
    }

    /** Control flow (repeat) whose success is the success of what it ran; its own result is not counted. */
    public static StepResult composite(boolean ok, String message) {
        return new StepResult(null, ok, message, false);
    }
}

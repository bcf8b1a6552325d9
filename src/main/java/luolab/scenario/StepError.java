package luolab.scenario;

/**
 * A step could not even be attempted: an unknown variable, a bad fd name, a token that is not a
 * number after substitution. The runner reports the step as failed with this message; it never
 * propagates further.
 */
public final class StepError extends Exception {
    public StepError(String message) {
        super(message, null, false, false);
    }
}

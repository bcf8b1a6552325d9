package luolab.ui.model;

/** A scenario that cannot be opened or run; the message is meant for the user (no stack trace). */
public class ScenarioException extends Exception {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}

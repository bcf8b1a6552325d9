package luolab.scenario;

/**
 * A scenario that cannot be loaded: malformed JSON, an unknown op, a missing or bad field. The
 * message is one line that starts with the file position: {@code default-demo.json:12:7: unknown
 * op "creat_session" in step 3 (did you mean "create_session"?)}.
 */
public final class ScenarioException extends Exception {
    private final SourcePos pos;

    public ScenarioException(SourcePos pos, String message) {
        super(pos + ": " + message, null, false, false);
        this.pos = pos;
    }

    public SourcePos pos() {
        return pos;
    }
}

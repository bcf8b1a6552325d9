package luolab.ui.model;

/** The user cancelled a run before it finished; the message says where it stopped. */
public final class RunCancelled extends ScenarioException {
    public RunCancelled(String message) {
        super(message);
    }
}

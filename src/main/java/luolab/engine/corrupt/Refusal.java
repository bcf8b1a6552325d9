package luolab.engine.corrupt;

/** An injector cannot run with these parameters on this machine; becomes an error report, never escapes apply(). */
final class Refusal extends Exception {
    Refusal(String message) {
        super(message, null, false, false);
    }
}

package luolab.export;

/** An export that cannot be made; {@code failed} = the run itself failed (a panic, an aborted kexec), not the input. */
public final class ExportException extends Exception {
    private final boolean failed;

    public ExportException(String message, boolean failed) {
        super(message, null, false, false);
        this.failed = failed;
    }

    public boolean failed() {
        return failed;
    }
}

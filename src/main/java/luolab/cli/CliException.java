package luolab.cli;

/**
 * A user-facing failure: printed as one line on stderr ("luolab run: …"), no stack trace, and the
 * command exits with {@link #exitCode()} (2 = bad input by default).
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) {
        this(message, Main.EXIT_USAGE);
    }

    public CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

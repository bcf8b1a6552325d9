package luolab.engine.fdt;

import java.util.Objects;

/**
 * A libfdt-style failure. Checked on purpose: the kernel code this project simulates handles
 * every negative libfdt return explicitly, and callers here should too.
 */
public final class FdtException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FdtError error;

    public FdtException(FdtError error, String detail) {
        super(Objects.requireNonNull(error, "error").symbol() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.error = error;
    }

    public FdtError error() {
        return error;
    }

    /** The negative value libfdt would have returned. */
    public int code() {
        return error.code();
    }
}

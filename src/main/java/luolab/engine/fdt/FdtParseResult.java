package luolab.engine.fdt;

import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of {@link FdtReader#parse}: a tree, or a libfdt error with the blob offset where it
 * was detected and a human-readable detail for the UI.
 */
public final class FdtParseResult {
    private final FdtTree tree;
    private final FdtError error;
    private final long errorOffset;
    private final String detail;

    private FdtParseResult(FdtTree tree, FdtError error, long errorOffset, String detail) {
        this.tree = tree;
        this.error = error;
        this.errorOffset = errorOffset;
        this.detail = detail;
    }

    static FdtParseResult ok(FdtTree tree) {
        return new FdtParseResult(Objects.requireNonNull(tree), null, -1, "");
    }

    static FdtParseResult failed(FdtError error, long errorOffset, String detail) {
        return new FdtParseResult(null, Objects.requireNonNull(error), errorOffset, Objects.requireNonNull(detail));
    }

    public boolean isOk() {
        return tree != null;
    }

    /** 0 on success, otherwise the negative libfdt code (e.g. -9 for FDT_ERR_BADMAGIC). */
    public int code() {
        return error == null ? 0 : error.code();
    }

    public Optional<FdtError> error() {
        return Optional.ofNullable(error);
    }

    public Optional<FdtTree> tree() {
        return Optional.ofNullable(tree);
    }

    /** Offset from the start of the blob at which the problem was found, or -1. */
    public long errorOffset() {
        return errorOffset;
    }

    public String detail() {
        return detail;
    }

    public FdtTree orElseThrow() throws FdtException {
        if (tree == null) {
            throw new FdtException(error, detail + (errorOffset >= 0 ? " (at blob offset 0x" + Long.toHexString(errorOffset) + ")" : ""));
        }
        return tree;
    }

    @Override
    public String toString() {
        return isOk()
                ? "FdtParseResult[ok]"
                : "FdtParseResult[" + error.symbol() + " at " + errorOffset + ": " + detail + "]";
    }
}

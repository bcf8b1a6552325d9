package luolab.engine.fdt;

/** Internal control flow of {@link FdtReader} for a detected error; never escapes its public methods. */
final class FdtReadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient FdtError error;
    final long offset;

    FdtReadFailure(FdtError error, long offset, String detail) {
        super(detail, null, false, false);
        this.error = error;
        this.offset = offset;
    }
}

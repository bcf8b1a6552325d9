package luolab.engine.fdt;

import java.util.Optional;

/**
 * libfdt error numbers, with the exact values of {@code libfdt.h}. libfdt functions return
 * them negated ({@code -FDT_ERR_TRUNCATED} == -8), and so does this package wherever it
 * reports a bare {@code int} code.
 */
public enum FdtError {
    NOTFOUND(1),
    EXISTS(2),
    NOSPACE(3),
    BADOFFSET(4),
    BADPATH(5),
    BADPHANDLE(6),
    BADSTATE(7),
    TRUNCATED(8),
    BADMAGIC(9),
    BADVERSION(10),
    BADSTRUCTURE(11),
    BADLAYOUT(12),
    INTERNAL(13),
    BADNCELLS(14),
    BADVALUE(15),
    BADOVERLAY(16),
    NOPHANDLES(17),
    BADFLAGS(18),
    ALIGNMENT(19);

    private final int number;

    FdtError(int number) {
        this.number = number;
    }

    /** The positive {@code FDT_ERR_*} number. */
    public int number() {
        return number;
    }

    /** The value a libfdt function returns for this error: {@code -number()}. */
    public int code() {
        return -number;
    }

    /** The C macro name, which is also what {@code fdt_strerror()} returns. */
    public String symbol() {
        return "FDT_ERR_" + name();
    }

    /** Maps a libfdt return value (negative) or error number (positive) to the error. */
    public static Optional<FdtError> fromCode(int code) {
        int n = Math.abs(code);
        for (FdtError e : values()) {
            if (e.number == n) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code fdt_strerror()}: non-negative values are not errors in libfdt's convention. */
    public static String strerror(int code) {
        if (code > 0) {
            return "<valid offset/length>";
        }
        if (code == 0) {
            return "<no error>";
        }
        return fromCode(code).map(FdtError::symbol).orElse("<unknown error>");
    }
}

package luolab.engine;

/**
 * Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h). Engine calls return them
 * negated, as kernel functions do, so a scenario can compare against the selftests' expectations.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private static final String[] NAMES = new String[128];

    static {
        NAMES[EPERM] = "EPERM";
        NAMES[ENOENT] = "ENOENT";
        NAMES[EIO] = "EIO";
        NAMES[E2BIG] = "E2BIG";
        NAMES[EBADF] = "EBADF";
        NAMES[EAGAIN] = "EAGAIN";
        NAMES[ENOMEM] = "ENOMEM";
        NAMES[EFAULT] = "EFAULT";
        NAMES[EBUSY] = "EBUSY";
        NAMES[EEXIST] = "EEXIST";
        NAMES[EINVAL] = "EINVAL";
        NAMES[EMFILE] = "EMFILE";
        NAMES[ENOTTY] = "ENOTTY";
        NAMES[EFBIG] = "EFBIG";
        NAMES[ENOSPC] = "ENOSPC";
        NAMES[ENODATA] = "ENODATA";
        NAMES[EOPNOTSUPP] = "EOPNOTSUPP";
    }

    private Errno() {
    }

    /** "EINVAL" for 22 or -22. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < NAMES.length && NAMES[e] != null ? NAMES[e] : "E" + e;
    }

    /** The kernel's %pe rendering of an error pointer: "-EINVAL". */
    public static String pe(int err) {
        if (err == 0) {
            return "0";
        }
        // lib/vsprintf.c err_ptr(): a code errname() does not know prints as a plain signed decimal
        int e = Math.abs(err);
        return e < NAMES.length && NAMES[e] != null ? "-" + NAMES[e] : "-" + e;
    }

    /** Parses "EINVAL", "-EINVAL", "22" or "-22" into a positive errno; -1 if unknown. */
    public static int parse(String s) {
        String t = s.trim();
        if (t.startsWith("-")) {
            t = t.substring(1);
        }
        if (t.matches("\\d+")) {
            return Integer.parseInt(t);
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (t.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }
}

package luolab.scenario;

import java.util.Locale;

/** Parsing of the small value syntaxes scenarios use: numbers ("0x1A", "4660"), RAM sizes ("256M"). */
public final class Values {
    private Values() {
    }

    /** An unsigned 64-bit number, decimal or 0x-hex (tokens are u64). */
    public static long parseUnsigned(String s, String what) {
        String t = s.trim().replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number (decimal or 0x-hex), got \"" + s + "\"");
        }
    }

    /** "256M", "1G", "512K", "268435456" or "0x10000000" → bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !t.startsWith("0X")) {
            t = t.substring(0, t.length() - 1);
        }
        long mul = 1;
        if (!t.startsWith("0X") && !t.isEmpty()) {
            char c = t.charAt(t.length() - 1);
            switch (c) {
                case 'K' -> mul = 1L << 10;
                case 'M' -> mul = 1L << 20;
                case 'G' -> mul = 1L << 30;
                case 'T' -> mul = 1L << 40;
                default -> mul = 1;
            }
            if (mul != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        long v;
        try {
            v = parseUnsigned(t.toLowerCase(Locale.ROOT), "size");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ram must be a size like \"256M\", \"1G\" or a byte count, got \"" + s + "\"");
        }
        return Math.multiplyExact(v, mul);
    }

    /**
     * A count as people read it, the same in every locale: "1,964", "2,000", "1,000,000". The
     * default locale would write "1.964" (German) or "1 964" (French) and make run texts differ
     * between machines and break tests that match them.
     */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Human size: "256 MiB", "4 KiB", "1.5 GiB". */
    public static String human(long bytes) {
        String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + u[i];
    }
}

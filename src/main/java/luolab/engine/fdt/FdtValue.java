package luolab.engine.fdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Renders property values as text. A blob carries no types, so both renderings guess:
 * {@link #toDtsValue} guesses exactly as {@code dtc -I dtb -O dts} does, {@link #describe}
 * adds this project's convention that an 8-byte value is a little-endian u64 (how KHO stores
 * physical addresses) and shortens long values for a UI.
 */
public final class FdtValue {

    public enum Kind { EMPTY, STRING, U64_LE, CELLS, BYTES }

    /** Standard properties whose 8-byte values are cells, not KHO-style LE u64s. */
    private static final Set<String> CELL_PROPERTIES = Set.of(
            "reg", "ranges", "dma-ranges", "phandle", "linux,phandle", "interrupts", "interrupts-extended",
            "clocks", "bus-range");

    private static final int DESCRIBE_MAX_CELLS = 16;
    private static final int DESCRIBE_MAX_BYTES = 32;

    private FdtValue() {
    }

    public static Kind guess(String name, byte[] value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.length == 0) {
            return Kind.EMPTY;
        }
        if (isDtcString(value)) {
            return Kind.STRING;
        }
        if (value.length == 8 && !name.startsWith("#") && !CELL_PROPERTIES.contains(name)) {
            return Kind.U64_LE;
        }
        return value.length % 4 == 0 ? Kind.CELLS : Kind.BYTES;
    }

    /** One-line text for a UI, e.g. {@code "luo-v1"}, {@code 0x1a2b000}, {@code <0x01 0x02>}, {@code [00 ff]}. */
    public static String describe(String name, byte[] value) {
        return switch (guess(name, value)) {
            case EMPTY -> "(empty)";
            case STRING -> dtsStrings(value);
            case U64_LE -> "0x" + Long.toHexString(littleEndianU64(value));
            case CELLS -> {
                int cells = Math.min(value.length / 4, DESCRIBE_MAX_CELLS);
                String shown = "<" + dtsCells(value, cells * 4);
                yield cells * 4 == value.length ? shown + ">" : shown + " \u2026> (" + value.length + " bytes)";
            }
            case BYTES -> {
                int n = Math.min(value.length, DESCRIBE_MAX_BYTES);
                String shown = "[" + dtsBytes(value, n);
                yield n == value.length ? shown + "]" : shown + " \u2026] (" + value.length + " bytes)";
            }
        };
    }

    private static long littleEndianU64(byte[] v) {
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = (x << 8) | (v[i] & 0xff);
        }
        return x;
    }

    /**
     * The text dtc prints after "name = " (without the ';'), or "" for an empty value, which dtc
     * prints as a bare "name;".
     */
    public static String toDtsValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length == 0) {
            return "";
        }
        if (isDtcString(value)) {
            return dtsStrings(value);
        }
        if (value.length % 4 == 0) {
            return "<" + dtsCells(value, value.length) + ">";
        }
        return "[" + dtsBytes(value, value.length) + "]";
    }

    /**
     * dtc {@code guess_value_type()}: ends in NUL, every byte printable, NUL or one of
     * \a\b\t\n\v\f\r, and no more NULs than other bytes (so [00] or "a\0\0" are not strings).
     */
    static boolean isDtcString(byte[] v) {
        if (v.length == 0 || v[v.length - 1] != 0) {
            return false;
        }
        int nul = 0;
        for (byte b : v) {
            if (b == 0) {
                nul++;
            } else if (!isPrint(b) && "\u0007\b\t\n\u000b\f\r".indexOf(b) < 0) {
                return false;
            }
        }
        return nul <= v.length - nul;
    }

    /** dtc writes a value with several NULs as a list, {@code "a", "b"}, one quoted string per NUL. */
    private static String dtsStrings(byte[] v) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                parts.add(quote(v, start, i));
                start = i + 1;
            }
        }
        return String.join(", ", parts);
    }

    /** dtc {@code write_propval_string()} escapes. */
    private static String quote(byte[] v, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            byte c = v[i];
            switch (c) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case 0x0b -> sb.append("\\v");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (isPrint(c)) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c & 0xff));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Big-endian cells as dtc prints them: {@code 0x%02x}, space separated. */
    private static String dtsCells(byte[] v, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 4 <= len; i += 4) {
            long cell = ((v[i] & 0xffL) << 24) | ((v[i + 1] & 0xff) << 16) | ((v[i + 2] & 0xff) << 8) | (v[i + 3] & 0xff);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("0x%02x", cell));
        }
        return sb.toString();
    }

    private static String dtsBytes(byte[] v, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", v[i] & 0xff));
        }
        return sb.toString();
    }

    /** C {@code isprint()} in the C locale. */
    private static boolean isPrint(byte b) {
        return b >= 0x20 && b < 0x7f;
    }
}

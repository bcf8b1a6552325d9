package luolab.engine.luo;

import java.nio.charset.StandardCharsets;
import luolab.engine.memory.LittleEndian;

/**
 * A handler's compatible as luo_file_ser.compatible[] holds it (NUL-padded to
 * LIVEUPDATE_HNDL_COMPAT_LENGTH), and the test luo_file_deserialize() applies to an entry: the
 * entry's NUL-terminated string (strnlen within the field) equals the compatible. What follows
 * the NUL in the entry does not matter, as for the kernel's strcmp.
 */
final class CompatField {
    private final byte[] field;
    /** strlen(compatible); a compatible as long as the field can never match an entry. */
    private final int length;
    /** The field as little-endian words, and the mask of the last word's bytes up to the NUL. */
    private final long[] words;
    private final long lastMask;

    CompatField(String compatible) {
        this.field = new byte[LuoFiles.COMPAT_LENGTH];
        LittleEndian.putCString(field, 0, field.length, compatible);
        this.length = compatible.getBytes(StandardCharsets.ISO_8859_1).length;
        int n = Math.min(length, field.length - 1);
        this.words = new long[n / 8 + 1];
        for (int w = 0; w < words.length; w++) {
            words[w] = LittleEndian.u64(field, 8 * w);
        }
        int bytesInLast = n % 8 + 1; // the string's tail and its NUL
        this.lastMask = bytesInLast == 8 ? -1L : (1L << (8 * bytesInLast)) - 1;
    }

    /** The bytes the entry field is written with. */
    byte[] field() {
        return field;
    }

    /**
     * True when the NUL-terminated string at {@code b[off]}, at most {@code max} bytes, is this
     * compatible. Compares a word at a time: a million-file restore matches a million entries.
     */
    boolean matches(byte[] b, int off, int max) {
        if (length >= max) {
            return false;
        }
        int last = words.length - 1;
        if (off + 8 * last + 8 > b.length) {
            return b[off + length] == 0 && java.util.Arrays.equals(b, off, off + length, field, 0, length);
        }
        for (int w = 0; w < last; w++) {
            if (LittleEndian.u64(b, off + 8 * w) != words[w]) {
                return false;
            }
        }
        return ((LittleEndian.u64(b, off + 8 * last) ^ words[last]) & lastMask) == 0;
    }
}

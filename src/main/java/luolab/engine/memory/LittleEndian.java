package luolab.engine.memory;

/** Little-endian packing, the byte order of every __packed *_ser struct on x86-64/arm64. */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static long u64(byte[] b, int off) {
        return (b[off] & 0xFFL)
                | (b[off + 1] & 0xFFL) << 8
                | (b[off + 2] & 0xFFL) << 16
                | (b[off + 3] & 0xFFL) << 24
                | (b[off + 4] & 0xFFL) << 32
                | (b[off + 5] & 0xFFL) << 40
                | (b[off + 6] & 0xFFL) << 48
                | (b[off + 7] & 0xFFL) << 56;
    }

    public static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    /** strscpy into a fixed field: copies at most len-1 bytes and always NUL-terminates. */
    public static void putCString(byte[] b, int off, int len, String s) {
        byte[] src = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = Math.min(src.length, len - 1);
        System.arraycopy(src, 0, b, off, n);
        for (int i = off + n; i < off + len; i++) {
            b[i] = 0;
        }
    }

    /** Bytes up to the first NUL within [off, off+len): strnlen semantics. */
    public static String cString(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}

package luolab.engine.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian packing, the byte order of every __packed *_ser struct on x86-64/arm64. */
public final class LittleEndian {
    // byte-array views compile to single unaligned loads/stores: every simulated u64 access
    // (block headers, entry fields, radix-tree tables) goes through here
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    public static long u64(byte[] b, int off) {
        return (long) U64.get(b, off);
    }

    public static long u32(byte[] b, int off) {
        return ((int) U32.get(b, off)) & 0xFFFF_FFFFL;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static void putU64(byte[] b, int off, long v) {
        U64.set(b, off, v);
    }

    public static void putU32(byte[] b, int off, long v) {
        U32.set(b, off, (int) v);
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

package luolab.engine.fdt;

/**
 * The reader's only way to the bytes: bounds-checked reads of a blob at {@code base} in a
 * {@link ByteSource}, up to {@code limit} bytes. Any failure, including one of the source itself,
 * becomes -FDT_ERR_TRUNCATED, so corrupted memory can never make the reader throw.
 */
final class FdtWindow {
    final ByteSource src;
    final long base;
    int limit;

    FdtWindow(ByteSource src, long base, int maxLen) {
        this.src = src;
        this.base = base;
        this.limit = Math.max(0, maxLen);
    }

    int u8(long off) {
        if (off < 0 || off >= limit) {
            throw new FdtReadFailure(FdtError.TRUNCATED, off, "read beyond the available " + limit + " bytes");
        }
        int v;
        try {
            v = src.u8(base + off);
        } catch (RuntimeException e) {
            throw new FdtReadFailure(FdtError.TRUNCATED, off, "byte source failed: " + e);
        }
        if (v < 0 || v > 0xff) {
            throw new FdtReadFailure(FdtError.TRUNCATED, off, "byte at " + off + " is not readable");
        }
        return v;
    }

    long u32(long off) {
        return ((long) u8(off) << 24) | (u8(off + 1) << 16) | (u8(off + 2) << 8) | u8(off + 3);
    }

    long u64(long off) {
        return (u32(off) << 32) | u32(off + 4);
    }

    /** Callers have already checked that [off, off+len) lies inside the blob. */
    byte[] bytes(long off, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) u8(off + i);
        }
        return out;
    }
}

package luolab.engine.fdt;

import java.util.Arrays;

/** Growable big-endian byte buffer for assembling a blob. */
final class BlobBuffer {
    private byte[] data = new byte[256];
    private int size;

    int size() {
        return size;
    }

    BlobBuffer u32(int v) {
        ensure(4);
        data[size++] = (byte) (v >>> 24);
        data[size++] = (byte) (v >>> 16);
        data[size++] = (byte) (v >>> 8);
        data[size++] = (byte) v;
        return this;
    }

    BlobBuffer u64(long v) {
        return u32((int) (v >>> 32)).u32((int) v);
    }

    BlobBuffer bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
        return this;
    }

    BlobBuffer u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    /** Zero padding to the next 4-byte boundary: every structure-block token is 4-aligned (spec 5.4.1). */
    BlobBuffer pad4() {
        int target = FdtFormat.align4(size);
        ensure(target - size);
        size = target;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }
}

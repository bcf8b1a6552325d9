package luolab.engine.fdt;

import java.util.Objects;

/**
 * Random-access bytes the parser reads from, so a blob can be parsed in place from simulated
 * physical memory without copying it out first.
 */
@FunctionalInterface
public interface ByteSource {

    /**
     * The byte at {@code address} as 0..255, or -1 if that address cannot be read (unmapped,
     * out of range). The parser reports unreadable bytes as {@link FdtError#TRUNCATED}; it also
     * treats an exception thrown from here that way, so implementations need not be careful.
     */
    int u8(long address);

    /** A view of {@code bytes} (not a copy) addressed from 0. */
    static ByteSource of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return address -> address >= 0 && address < bytes.length ? bytes[(int) address] & 0xff : -1;
    }
}

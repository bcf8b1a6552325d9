package luolab.engine.fdt;

import java.util.Objects;
import java.util.Optional;

/**
 * Parses blobs, following libfdt's validation ({@code fdt_check_full()} as of dtc 1.6.1:
 * header checks, the memory reservation block, then a walk of the structure block with
 * {@code fdt_next_tag()} bounds rules, one root with an empty name, nothing but FDT_END after
 * it) and reporting libfdt's error code whenever libfdt would reject the blob.
 *
 * <p>It is meant to be fed corrupted memory and fuzz input, so it never throws: every read is
 * bounds-checked against the blob, the structure walk advances at least 4 bytes per token,
 * nesting is capped at {@link #MAX_DEPTH}, and each allocation is bounded by bytes actually
 * present in the blob.
 *
 * <p>Some blobs libfdt accepts still cannot be represented as an {@link FdtNode} tree, or are
 * refused here on purpose. Those are reported only after libfdt's own checks have passed:
 * duplicate sibling or property names, no root node, a property before the root, nesting
 * beyond {@link #MAX_DEPTH}, property names longer than {@link #MAX_PROPERTY_NAME_BYTES}
 * ({@link FdtError#BADSTRUCTURE}); blocks that overlap one another ({@link FdtError#BADLAYOUT},
 * which libfdt only uses for blocks it cannot rearrange in place); versions before 16, whose
 * structure block holds full paths ({@link FdtError#BADVERSION}).
 *
 * <p>This class holds the entry points and {@code fdt_check_header()}; the walk of the blocks
 * behind the header is {@link FdtCheckFull}, and every byte is read through {@link FdtWindow}.
 */
public final class FdtReader {
    /** Deepest nesting accepted, counting the root as 1. */
    public static final int MAX_DEPTH = 64;
    /**
     * Longest property name accepted. The spec allows 31 characters; the cap exists because
     * every distinct {@code nameoff} yields a separate name string, and without it a small
     * hostile blob could make the parser build quadratically many characters.
     */
    public static final int MAX_PROPERTY_NAME_BYTES = 256;

    static final long U32_INT_MAX = Integer.MAX_VALUE;

    private FdtReader() {
    }

    /** {@link #checkHeader(ByteSource, long, int)} on a whole array. */
    public static int checkHeader(byte[] blob) {
        Objects.requireNonNull(blob, "blob");
        return checkHeader(ByteSource.of(blob), 0, blob.length);
    }

    /**
     * The header checks of libfdt {@code fdt_check_full(fdt, maxLen)}: buffer smaller than a
     * version 1 header or than this version's header → -FDT_ERR_TRUNCATED; then
     * {@code fdt_check_header()} (bad magic → -FDT_ERR_BADMAGIC; version below 2, last compatible
     * version above 17, or version below last compatible version → -FDT_ERR_BADVERSION;
     * totalsize or a block outside [header size, totalsize] → -FDT_ERR_TRUNCATED); then
     * totalsize larger than the buffer → -FDT_ERR_TRUNCATED.
     *
     * @return 0 or a negative libfdt code
     */
    public static int checkHeader(ByteSource src, long offset, int maxLen) {
        Objects.requireNonNull(src, "src");
        try {
            validateHeader(new FdtWindow(src, offset, maxLen));
            return 0;
        } catch (FdtReadFailure f) {
            return f.error.code();
        } catch (RuntimeException e) {
            return FdtError.INTERNAL.code();
        }
    }

    /**
     * The raw header fields, valid or not, for display. Empty if the first 40 bytes cannot all
     * be read.
     */
    public static Optional<FdtHeader> readHeader(ByteSource src, long offset, int maxLen) {
        Objects.requireNonNull(src, "src");
        try {
            FdtWindow w = new FdtWindow(src, offset, maxLen);
            if (maxLen < FdtFormat.V17_SIZE) {
                return Optional.empty();
            }
            return Optional.of(headerFields(w));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static FdtParseResult parse(byte[] blob) {
        Objects.requireNonNull(blob, "blob");
        return parse(ByteSource.of(blob), 0, blob.length);
    }

    /**
     * Parses the blob starting at {@code offset} in {@code src}, reading at most
     * {@code maxLen} bytes. Node and property offsets in the result are relative to
     * {@code offset}.
     */
    public static FdtParseResult parse(ByteSource src, long offset, int maxLen) {
        Objects.requireNonNull(src, "src");
        try {
            return FdtParseResult.ok(new FdtCheckFull(new FdtWindow(src, offset, maxLen)).run());
        } catch (FdtReadFailure f) {
            return FdtParseResult.failed(f.error, f.offset, f.getMessage());
        } catch (RuntimeException e) {
            // Not reachable by design; kept so that a parser bug still honours the contract.
            return FdtParseResult.failed(FdtError.INTERNAL, -1, "parser error: " + e);
        }
    }

    // ---- header ----------------------------------------------------------------------------

    static FdtHeader validateHeader(FdtWindow w) {
        if (w.limit < FdtFormat.V1_SIZE) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 0,
                    "only " + w.limit + " bytes available, a header needs at least " + FdtFormat.V1_SIZE);
        }
        long version = w.u32(20);
        int hdrSize = FdtFormat.headerSize(version);
        if (w.limit < hdrSize) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 0,
                    "only " + w.limit + " bytes available, a version " + version + " header needs " + hdrSize);
        }
        FdtHeader h = headerFields(w);
        if (!h.hasMagic()) {
            throw new FdtReadFailure(FdtError.BADMAGIC, 0, String.format("magic is 0x%08x, not 0xd00dfeed", h.magic()));
        }
        if (h.version() < FdtFormat.FIRST_SUPPORTED_VERSION || h.lastCompVersion() > FdtFormat.LAST_SUPPORTED_VERSION) {
            throw new FdtReadFailure(FdtError.BADVERSION, 20,
                    "version " + h.version() + ", last compatible " + h.lastCompVersion() + ": only 2..17 supported");
        }
        if (h.version() < h.lastCompVersion()) {
            throw new FdtReadFailure(FdtError.BADVERSION, 20,
                    "version " + h.version() + " is below last compatible version " + h.lastCompVersion());
        }
        long total = h.totalSize();
        if (total < hdrSize || total > U32_INT_MAX) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 4, "totalsize " + total + " is outside [" + hdrSize + ", INT_MAX]");
        }
        if (!checkOff(hdrSize, total, h.offMemRsvmap())) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 16, "off_mem_rsvmap " + h.offMemRsvmap() + " outside the blob");
        }
        if (h.version() < 17) {
            if (!checkOff(hdrSize, total, h.offDtStruct())) {
                throw new FdtReadFailure(FdtError.TRUNCATED, 8, "off_dt_struct " + h.offDtStruct() + " outside the blob");
            }
        } else if (!checkBlock(hdrSize, total, h.offDtStruct(), h.sizeDtStruct())) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 8, "structure block [" + h.offDtStruct() + ", +"
                    + h.sizeDtStruct() + ") outside the blob");
        }
        if (!checkBlock(hdrSize, total, h.offDtStrings(), h.sizeDtStrings())) {
            throw new FdtReadFailure(FdtError.TRUNCATED, 12, "strings block [" + h.offDtStrings() + ", +"
                    + h.sizeDtStrings() + ") outside the blob");
        }
        if (w.limit < total) {
            throw new FdtReadFailure(FdtError.TRUNCATED, w.limit,
                    "totalsize " + total + " but only " + w.limit + " bytes available");
        }
        return h;
    }

    /** Reads all ten fields; ones past the readable range read as 0. */
    private static FdtHeader headerFields(FdtWindow w) {
        long[] f = new long[10];
        for (int i = 0; i < f.length; i++) {
            f[i] = 4L * i + 4 <= w.limit ? w.u32(4L * i) : 0;
        }
        return new FdtHeader(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
    }

    /** libfdt {@code check_off_()}. */
    private static boolean checkOff(long hdrSize, long totalSize, long off) {
        return off >= hdrSize && off <= totalSize;
    }

    /** libfdt {@code check_block_()}; longs make its u32 overflow test unnecessary. */
    private static boolean checkBlock(long hdrSize, long totalSize, long base, long size) {
        return checkOff(hdrSize, totalSize, base) && checkOff(hdrSize, totalSize, base + size);
    }
}

package luolab.engine.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

    private static final long U32_INT_MAX = Integer.MAX_VALUE;

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
            validateHeader(new Window(src, offset, maxLen));
            return 0;
        } catch (Failure f) {
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
            Window w = new Window(src, offset, maxLen);
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
            return FdtParseResult.ok(new Parser(new Window(src, offset, maxLen)).run());
        } catch (Failure f) {
            return FdtParseResult.failed(f.error, f.offset, f.getMessage());
        } catch (RuntimeException e) {
            // Not reachable by design; kept so that a parser bug still honours the contract.
            return FdtParseResult.failed(FdtError.INTERNAL, -1, "parser error: " + e);
        }
    }

    // ---- header ----------------------------------------------------------------------------

    private static FdtHeader validateHeader(Window w) {
        if (w.limit < FdtFormat.V1_SIZE) {
            throw new Failure(FdtError.TRUNCATED, 0,
                    "only " + w.limit + " bytes available, a header needs at least " + FdtFormat.V1_SIZE);
        }
        long version = w.u32(20);
        int hdrSize = FdtFormat.headerSize(version);
        if (w.limit < hdrSize) {
            throw new Failure(FdtError.TRUNCATED, 0,
                    "only " + w.limit + " bytes available, a version " + version + " header needs " + hdrSize);
        }
        FdtHeader h = headerFields(w);
        if (!h.hasMagic()) {
            throw new Failure(FdtError.BADMAGIC, 0, String.format("magic is 0x%08x, not 0xd00dfeed", h.magic()));
        }
        if (h.version() < FdtFormat.FIRST_SUPPORTED_VERSION || h.lastCompVersion() > FdtFormat.LAST_SUPPORTED_VERSION) {
            throw new Failure(FdtError.BADVERSION, 20,
                    "version " + h.version() + ", last compatible " + h.lastCompVersion() + ": only 2..17 supported");
        }
        if (h.version() < h.lastCompVersion()) {
            throw new Failure(FdtError.BADVERSION, 20,
                    "version " + h.version() + " is below last compatible version " + h.lastCompVersion());
        }
        long total = h.totalSize();
        if (total < hdrSize || total > U32_INT_MAX) {
            throw new Failure(FdtError.TRUNCATED, 4, "totalsize " + total + " is outside [" + hdrSize + ", INT_MAX]");
        }
        if (!checkOff(hdrSize, total, h.offMemRsvmap())) {
            throw new Failure(FdtError.TRUNCATED, 16, "off_mem_rsvmap " + h.offMemRsvmap() + " outside the blob");
        }
        if (h.version() < 17) {
            if (!checkOff(hdrSize, total, h.offDtStruct())) {
                throw new Failure(FdtError.TRUNCATED, 8, "off_dt_struct " + h.offDtStruct() + " outside the blob");
            }
        } else if (!checkBlock(hdrSize, total, h.offDtStruct(), h.sizeDtStruct())) {
            throw new Failure(FdtError.TRUNCATED, 8, "structure block [" + h.offDtStruct() + ", +"
                    + h.sizeDtStruct() + ") outside the blob");
        }
        if (!checkBlock(hdrSize, total, h.offDtStrings(), h.sizeDtStrings())) {
            throw new Failure(FdtError.TRUNCATED, 12, "strings block [" + h.offDtStrings() + ", +"
                    + h.sizeDtStrings() + ") outside the blob");
        }
        if (w.limit < total) {
            throw new Failure(FdtError.TRUNCATED, w.limit,
                    "totalsize " + total + " but only " + w.limit + " bytes available");
        }
        return h;
    }

    /** Reads all ten fields; ones past the readable range read as 0. */
    private static FdtHeader headerFields(Window w) {
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

    // ---- body ------------------------------------------------------------------------------

    private static final class Parser {
        private final Window w;
        private FdtHeader h;
        private long structStart;
        /** Bytes of structure block that may be read (fdt_offset_ptr bounds). */
        private long structLimit;
        private final Map<Long, String> names = new HashMap<>();
        /** nameoffs already found to be over the cap, so they are not rescanned. */
        private final Set<Long> overCap = new HashSet<>();

        Parser(Window w) {
            this.w = w;
        }

        FdtTree run() {
            h = validateHeader(w);
            if (h.version() < 16) {
                throw new Failure(FdtError.BADVERSION, 20, "version " + h.version()
                        + " blobs (full-path node names) are not supported; need 16 or 17");
            }
            w.limit = (int) h.totalSize();
            List<ReserveEntry> reserves = readReserveMap();
            long rsvEnd = h.offMemRsvmap() + (reserves.size() + 1L) * FdtFormat.RESERVE_ENTRY_SIZE;

            structStart = h.offDtStruct();
            // fdt_offset_ptr(): version 17 bounds reads by size_dt_struct, earlier ones only by totalsize.
            structLimit = h.version() >= 17 ? h.sizeDtStruct() : h.totalSize() - structStart;
            long endOfEnd = walk();
            // Checks libfdt does not make run last, so that a blob libfdt rejects always gets
            // libfdt's own code.
            checkOverlap(rsvEnd, h.version() >= 17 ? structStart + h.sizeDtStruct() : endOfEnd);
            if (deferred != null) {
                throw deferred;
            }
            return new FdtTree(h, reserves, root);
        }

        /** libfdt {@code fdt_num_mem_rsv()}: entries up to the first with size 0. */
        private List<ReserveEntry> readReserveMap() {
            List<ReserveEntry> out = new ArrayList<>();
            for (long at = h.offMemRsvmap(); ; at += FdtFormat.RESERVE_ENTRY_SIZE) {
                if (at > h.totalSize() - FdtFormat.RESERVE_ENTRY_SIZE) {
                    throw new Failure(FdtError.TRUNCATED, at, "memory reservation block has no terminating entry");
                }
                long address = w.u64(at);
                long size = w.u64(at + 8);
                if (size == 0) {
                    return out;
                }
                out.add(new ReserveEntry(address, size));
            }
        }

        private void checkOverlap(long rsvEnd, long structEnd) {
            long[][] blocks = {
                {h.offMemRsvmap(), rsvEnd},
                {structStart, structEnd},
                {h.offDtStrings(), h.offDtStrings() + h.sizeDtStrings()},
            };
            String[] what = {"memory reservation", "structure", "strings"};
            for (int i = 0; i < blocks.length; i++) {
                for (int j = i + 1; j < blocks.length; j++) {
                    long[] a = blocks[i];
                    long[] b = blocks[j];
                    if (a[0] < a[1] && b[0] < b[1] && a[0] < b[1] && b[0] < a[1]) {
                        throw new Failure(FdtError.BADLAYOUT, Math.max(a[0], b[0]),
                                what[i] + " block [" + a[0] + ", " + a[1] + ") overlaps " + what[j]
                                        + " block [" + b[0] + ", " + b[1] + ")");
                    }
                }
            }
        }

        // Walk state. The first problem that libfdt would tolerate but the tree model cannot is
        // kept in `deferred`; from then on the walk only validates, building nothing.
        private final List<FdtNode> stack = new ArrayList<>();
        private FdtNode root;
        private int depth;
        private boolean expectEnd;
        private Failure deferred;

        private void defer(FdtError error, long structOff, String detail) {
            if (deferred == null) {
                deferred = new Failure(error, abs(structOff), detail);
            }
        }

        private boolean building() {
            return deferred == null;
        }

        /**
         * The {@code fdt_check_full()} loop (dtc 1.6.1+), building nodes as it goes.
         *
         * @return blob offset just past the FDT_END token
         */
        private long walk() {
            long pos = 0;
            while (true) {
                // fdt_next_tag(): an unreadable tag is a premature end, reported as TRUNCATED...
                if (pos + FdtFormat.TAG_SIZE > structLimit) {
                    throw new Failure(FdtError.TRUNCATED, abs(pos), "structure block ends without FDT_END");
                }
                long tag = w.u32(abs(pos));
                // ...while anything wrong with a readable token is BADSTRUCTURE.
                long next;
                String nodeName = null;
                long len = 0;
                if (tag == FdtFormat.BEGIN_NODE) {
                    long nameStart = pos + FdtFormat.TAG_SIZE;
                    long nul = nameStart;
                    while (true) {
                        if (nul >= structLimit) {
                            throw new Failure(FdtError.BADSTRUCTURE, abs(pos), "node name runs past the structure block");
                        }
                        if (w.u8(abs(nul)) == 0) {
                            break;
                        }
                        nul++;
                    }
                    next = align4(nul + 1);
                    nodeName = new String(w.bytes(abs(nameStart), (int) (nul - nameStart)), StandardCharsets.UTF_8);
                } else if (tag == FdtFormat.PROP) {
                    if (pos + FdtFormat.PROP_HEADER_SIZE > structLimit) {
                        throw new Failure(FdtError.BADSTRUCTURE, abs(pos), "property header runs past the structure block");
                    }
                    len = w.u32(abs(pos + 4));
                    if (pos + FdtFormat.PROP_HEADER_SIZE + len > structLimit) {
                        throw new Failure(FdtError.BADSTRUCTURE, abs(pos),
                                "property length " + len + " runs past the structure block");
                    }
                    next = align4(pos + FdtFormat.PROP_HEADER_SIZE + len);
                } else if (tag == FdtFormat.END_NODE || tag == FdtFormat.NOP || tag == FdtFormat.END) {
                    next = pos + FdtFormat.TAG_SIZE;
                } else {
                    throw new Failure(FdtError.BADSTRUCTURE, abs(pos), String.format("unknown token 0x%08x", tag));
                }

                if (expectEnd && tag != FdtFormat.END) {
                    throw new Failure(FdtError.BADSTRUCTURE, abs(pos),
                            String.format("token 0x%x after the root node was closed", tag));
                }
                if (tag == FdtFormat.BEGIN_NODE) {
                    beginNode(nodeName, pos);
                } else if (tag == FdtFormat.PROP) {
                    property(len, pos);
                } else if (tag == FdtFormat.END_NODE) {
                    if (depth == 0) {
                        throw new Failure(FdtError.BADSTRUCTURE, abs(pos), "FDT_END_NODE without an open node");
                    }
                    depth--;
                    if (building()) {
                        stack.remove(stack.size() - 1);
                    }
                    expectEnd = depth == 0;
                } else if (tag == FdtFormat.END) {
                    if (depth != 0) {
                        throw new Failure(FdtError.BADSTRUCTURE, abs(pos), "FDT_END with " + depth + " node(s) still open");
                    }
                    if (root == null) {
                        defer(FdtError.BADSTRUCTURE, pos, "structure block has no root node");
                    }
                    return abs(next);
                }
                pos = next;
            }
        }

        private void beginNode(String name, long pos) {
            depth++;
            if (depth == 1) {
                // fdt_check_full(): the root node must have an empty name.
                if (!name.isEmpty()) {
                    throw new Failure(FdtError.BADSTRUCTURE, abs(pos), "root node is named \"" + name + "\", must be empty");
                }
                if (building()) {
                    root = new FdtNode(name, (int) abs(pos));
                    stack.add(root);
                }
                return;
            }
            if (depth > MAX_DEPTH) {
                defer(FdtError.BADSTRUCTURE, pos, "nesting deeper than " + MAX_DEPTH);
            }
            if (!building()) {
                return;
            }
            FdtNode parent = stack.get(stack.size() - 1);
            FdtNode node = new FdtNode(name, (int) abs(pos));
            if (!parent.attachParsedChild(node)) {
                defer(FdtError.BADSTRUCTURE, pos, "duplicate node \"" + name + "\" under " + parent.path());
                return;
            }
            stack.add(node);
        }

        private void property(long len, long pos) {
            long nameoff = w.u32(abs(pos + 8));
            String name = propertyName(nameoff, pos);
            if (name == null || !building()) {
                return;
            }
            if (depth == 0) {
                defer(FdtError.BADSTRUCTURE, pos, "property \"" + name + "\" outside any node");
                return;
            }
            long valueAt = abs(pos + FdtFormat.PROP_HEADER_SIZE);
            FdtNode node = stack.get(stack.size() - 1);
            if (!node.putParsedProperty(name, w.bytes(valueAt, (int) len), (int) valueAt)) {
                defer(FdtError.BADSTRUCTURE, pos, "duplicate property \"" + name + "\" in " + node.path());
            }
        }

        /** libfdt {@code fdt_get_string()} rules, plus the length cap; null if over the cap. */
        private String propertyName(long nameoff, long pos) {
            String cached = names.get(nameoff);
            if (cached != null || overCap.contains(nameoff)) {
                return cached;
            }
            long absoff = h.offDtStrings() + nameoff;
            // fdt_get_string() takes nameoff as a signed int, so values >= 2^31 are negative.
            if (nameoff > U32_INT_MAX || absoff >= h.totalSize()
                    || (h.version() >= 17 && nameoff >= h.sizeDtStrings())) {
                throw new Failure(FdtError.BADOFFSET, abs(pos + 8), "property name offset " + nameoff
                        + " outside the strings block (size " + h.sizeDtStrings() + ")");
            }
            long avail = h.totalSize() - absoff;
            if (h.version() >= 17) {
                avail = Math.min(avail, h.sizeDtStrings() - nameoff);
            }
            long scan = Math.min(avail, MAX_PROPERTY_NAME_BYTES + 1L);
            for (long i = 0; i < scan; i++) {
                if (w.u8(absoff + i) == 0) {
                    String name = new String(w.bytes(absoff, (int) i), StandardCharsets.UTF_8);
                    names.put(nameoff, name);
                    return name;
                }
            }
            // No NUL within the cap: libfdt's answer depends on whether there is one at all.
            for (long i = scan; i < avail; i++) {
                if (w.u8(absoff + i) == 0) {
                    overCap.add(nameoff);
                    defer(FdtError.BADSTRUCTURE, pos, "property name at strings offset " + nameoff
                            + " is longer than " + MAX_PROPERTY_NAME_BYTES + " bytes");
                    return null;
                }
            }
            throw new Failure(FdtError.TRUNCATED, absoff,
                    "property name at strings offset " + nameoff + " is not NUL-terminated");
        }

        private long abs(long structOff) {
            return structStart + structOff;
        }

        private static long align4(long n) {
            return (n + 3) & ~3L;
        }
    }

    // ---- byte access -----------------------------------------------------------------------

    /** Bounds-checked reads from the source; every failure becomes TRUNCATED. */
    private static final class Window {
        final ByteSource src;
        final long base;
        int limit;

        Window(ByteSource src, long base, int maxLen) {
            this.src = src;
            this.base = base;
            this.limit = Math.max(0, maxLen);
        }

        int u8(long off) {
            if (off < 0 || off >= limit) {
                throw new Failure(FdtError.TRUNCATED, off, "read beyond the available " + limit + " bytes");
            }
            int v;
            try {
                v = src.u8(base + off);
            } catch (RuntimeException e) {
                throw new Failure(FdtError.TRUNCATED, off, "byte source failed: " + e);
            }
            if (v < 0 || v > 0xff) {
                throw new Failure(FdtError.TRUNCATED, off, "byte at " + off + " is not readable");
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

    /** Internal control flow for a detected error; never escapes this class. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient FdtError error;
        final long offset;

        Failure(FdtError error, long offset, String detail) {
            super(detail, null, false, false);
            this.error = error;
            this.offset = offset;
        }
    }
}

package luolab.engine.fdt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serialises a tree as a version 17 blob laid out the way {@code dtc -O dtb} lays it out:
 * header, memory reservation block at offset 40 (8-aligned, spec 5.3), structure block,
 * strings block, then optional zero padding. Output is a pure function of the input.
 *
 * <p>Every blob written here is accepted by {@link FdtReader}; trees the reader would refuse
 * (deeper than {@link FdtReader#MAX_DEPTH}, property names longer than
 * {@link FdtReader#MAX_PROPERTY_NAME_BYTES}) are rejected with IllegalArgumentException.
 */
public final class FdtWriter {
    private FdtWriter() {
    }

    public static byte[] write(FdtNode root) {
        return write(root, List.of());
    }

    public static byte[] write(FdtNode root, List<ReserveEntry> reserves) {
        try {
            return write(root, reserves, 0, 0);
        } catch (FdtException e) {
            throw new AssertionError("unpadded write cannot run out of space", e);
        }
    }

    /**
     * A blob whose {@code totalsize} is exactly {@code padToSize}, free space at the end, as
     * {@code fdt_open_into()}/{@code dtc -S} produce (KHO keeps its root FDT in one page).
     *
     * @throws FdtException {@link FdtError#NOSPACE} if the content is larger than that
     */
    public static byte[] write(FdtNode root, int padToSize) throws FdtException {
        return write(root, List.of(), 0, padToSize);
    }

    /**
     * @param bootCpuidPhys the header's {@code boot_cpuid_phys}
     * @param padToSize     total size to pad to, or 0 for no padding
     * @throws FdtException {@link FdtError#NOSPACE} if the content does not fit in {@code padToSize}
     */
    public static byte[] write(FdtNode root, List<ReserveEntry> reserves, int bootCpuidPhys, int padToSize)
            throws FdtException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(reserves, "reserves");
        if (padToSize < 0) {
            throw new IllegalArgumentException("padToSize must be >= 0: " + padToSize);
        }
        for (ReserveEntry r : reserves) {
            if (r.size() == 0) {
                throw new IllegalArgumentException("reserve entry of size 0 would terminate the map early: " + r);
            }
        }

        StringTable strings = new StringTable();
        BlobBuffer struct = new BlobBuffer();
        writeNode(root, true, 1, struct, strings);
        struct.u32(FdtFormat.END);

        int offRsvmap = FdtFormat.V17_SIZE; // 40: already 8-aligned
        int offStruct = offRsvmap + (reserves.size() + 1) * FdtFormat.RESERVE_ENTRY_SIZE;
        int offStrings = offStruct + struct.size();
        long contentSize = (long) offStrings + strings.size();
        if (contentSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tree too large for a blob: " + contentSize + " bytes");
        }
        if (padToSize != 0 && contentSize > padToSize) {
            throw new FdtException(FdtError.NOSPACE, "tree needs " + contentSize + " bytes, limit is " + padToSize);
        }
        int totalSize = padToSize != 0 ? padToSize : (int) contentSize;

        BlobBuffer out = new BlobBuffer();
        out.u32(FdtFormat.MAGIC)
                .u32(totalSize)
                .u32(offStruct)
                .u32(offStrings)
                .u32(offRsvmap)
                .u32(FdtFormat.VERSION)
                .u32(FdtFormat.LAST_COMP_VERSION)
                .u32(bootCpuidPhys)
                .u32(strings.size())
                .u32(struct.size());
        for (ReserveEntry r : reserves) {
            out.u64(r.address()).u64(r.size());
        }
        out.u64(0).u64(0);
        out.bytes(struct.toByteArray());
        out.bytes(strings.toByteArray());
        byte[] blob = out.toByteArray();
        return blob.length == totalSize ? blob : Arrays.copyOf(blob, totalSize);
    }

    private static void writeNode(FdtNode node, boolean top, int depth, BlobBuffer struct, StringTable strings) {
        if (depth > FdtReader.MAX_DEPTH) {
            throw new IllegalArgumentException("tree deeper than " + FdtReader.MAX_DEPTH + " levels at " + node.path());
        }
        // The blob's top node is the root whatever the Java node is called: spec 5.4.1 gives the
        // root an empty name, which lets a subtree be written as a standalone FDT.
        struct.u32(FdtFormat.BEGIN_NODE);
        if (!top) {
            struct.bytes(node.name().getBytes(StandardCharsets.UTF_8));
        }
        struct.u8(0).pad4();
        for (Map.Entry<String, byte[]> p : node.rawProperties().entrySet()) {
            byte[] name = p.getKey().getBytes(StandardCharsets.UTF_8);
            if (name.length > FdtReader.MAX_PROPERTY_NAME_BYTES) {
                throw new IllegalArgumentException("property name longer than "
                        + FdtReader.MAX_PROPERTY_NAME_BYTES + " bytes in " + node.path());
            }
            byte[] value = p.getValue();
            struct.u32(FdtFormat.PROP).u32(value.length).u32(strings.offsetOf(p.getKey())).bytes(value).pad4();
        }
        for (FdtNode child : node.rawChildren()) {
            writeNode(child, false, depth + 1, struct, strings);
        }
        struct.u32(FdtFormat.END_NODE);
    }
}

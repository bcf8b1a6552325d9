package luolab.engine.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * libfdt's {@code fdt_check_full()} over a whole blob (dtc 1.6.1+: the header, the memory
 * reservation block, then the structure walk with {@code fdt_next_tag()}'s bounds rules), building
 * the {@link FdtNode} tree on the way. Every failure is a {@link FdtReadFailure} carrying libfdt's
 * code; what libfdt tolerates but the tree model cannot hold is deferred so that a blob libfdt
 * rejects always gets libfdt's own code first. One instance reads one blob.
 */
final class FdtCheckFull {
    private final FdtWindow w;
    private FdtHeader h;
    private long structStart;
    /** Bytes of structure block that may be read (fdt_offset_ptr bounds). */
    private long structLimit;
    private final Map<Long, String> names = new HashMap<>();
    /** nameoffs already found to be over the cap, so they are not rescanned. */
    private final Set<Long> overCap = new HashSet<>();

    FdtCheckFull(FdtWindow w) {
        this.w = w;
    }

    FdtTree run() {
        h = FdtReader.validateHeader(w);
        if (h.version() < 16) {
            throw new FdtReadFailure(FdtError.BADVERSION, 20, "version " + h.version()
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
                throw new FdtReadFailure(FdtError.TRUNCATED, at, "memory reservation block has no terminating entry");
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
                    throw new FdtReadFailure(FdtError.BADLAYOUT, Math.max(a[0], b[0]),
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
    private FdtReadFailure deferred;

    private void defer(FdtError error, long structOff, String detail) {
        if (deferred == null) {
            deferred = new FdtReadFailure(error, abs(structOff), detail);
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
                throw new FdtReadFailure(FdtError.TRUNCATED, abs(pos), "structure block ends without FDT_END");
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
                        throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), "node name runs past the structure block");
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
                    throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), "property header runs past the structure block");
                }
                len = w.u32(abs(pos + 4));
                if (pos + FdtFormat.PROP_HEADER_SIZE + len > structLimit) {
                    throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos),
                            "property length " + len + " runs past the structure block");
                }
                next = align4(pos + FdtFormat.PROP_HEADER_SIZE + len);
            } else if (tag == FdtFormat.END_NODE || tag == FdtFormat.NOP || tag == FdtFormat.END) {
                next = pos + FdtFormat.TAG_SIZE;
            } else {
                throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), String.format("unknown token 0x%08x", tag));
            }

            if (expectEnd && tag != FdtFormat.END) {
                throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos),
                        String.format("token 0x%x after the root node was closed", tag));
            }
            if (tag == FdtFormat.BEGIN_NODE) {
                beginNode(nodeName, pos);
            } else if (tag == FdtFormat.PROP) {
                property(len, pos);
            } else if (tag == FdtFormat.END_NODE) {
                if (depth == 0) {
                    throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), "FDT_END_NODE without an open node");
                }
                depth--;
                if (building()) {
                    stack.remove(stack.size() - 1);
                }
                expectEnd = depth == 0;
            } else if (tag == FdtFormat.END) {
                if (depth != 0) {
                    throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), "FDT_END with " + depth + " node(s) still open");
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
                throw new FdtReadFailure(FdtError.BADSTRUCTURE, abs(pos), "root node is named \"" + name + "\", must be empty");
            }
            if (building()) {
                root = new FdtNode(name, (int) abs(pos));
                stack.add(root);
            }
            return;
        }
        if (depth > FdtReader.MAX_DEPTH) {
            defer(FdtError.BADSTRUCTURE, pos, "nesting deeper than " + FdtReader.MAX_DEPTH);
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
        if (nameoff > FdtReader.U32_INT_MAX || absoff >= h.totalSize()
                || (h.version() >= 17 && nameoff >= h.sizeDtStrings())) {
            throw new FdtReadFailure(FdtError.BADOFFSET, abs(pos + 8), "property name offset " + nameoff
                    + " outside the strings block (size " + h.sizeDtStrings() + ")");
        }
        long avail = h.totalSize() - absoff;
        if (h.version() >= 17) {
            avail = Math.min(avail, h.sizeDtStrings() - nameoff);
        }
        long scan = Math.min(avail, FdtReader.MAX_PROPERTY_NAME_BYTES + 1L);
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
                        + " is longer than " + FdtReader.MAX_PROPERTY_NAME_BYTES + " bytes");
                return null;
            }
        }
        throw new FdtReadFailure(FdtError.TRUNCATED, absoff,
                "property name at strings offset " + nameoff + " is not NUL-terminated");
    }

    private long abs(long structOff) {
        return structStart + structOff;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}

package luolab.ui.radix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;

/**
 * The KHO preserved-memory radix tree as the next kernel's {@link KhoRadixTree#walk} reads it,
 * from page bytes only. The bytes come from a {@code Frame} (the pages the view watches): the walk
 * runs on a scratch {@link PhysicalMemory} into which each node page is copied just before the walk
 * reads it; node pages the frame does not hold yet are listed in {@link #missing()} so the view can
 * ask for them and walk again (a tree is at most six levels deep, so this converges in a few frames).
 */
public record RadixSnapshot(long rootPa, Node root, Set<Long> nodePfns, Set<Long> missing, int nodes, int ranges,
        String error) {

    /** Node pages read at most (the kernel's walk is unbounded; a corrupted tree could loop). */
    public static final int BUDGET = 4096;

    /** A preserved run: {@code order} pages from {@code pa}. */
    public record Range(long pa, int order) {
        public long length() {
            return PhysicalMemory.PAGE_SIZE << order;
        }
    }

    /** A table (level ≥ 1: {@code used} non-zero slots) or bitmap leaf (level 0: {@code used} bits set). */
    public record Node(long pa, int level, int used, boolean loaded, List<Node> children, List<Range> ranges) {
        public boolean leaf() {
            return level == 0;
        }
    }

    private static final class Builder {
        final long pa;
        final int level;
        int used;
        boolean loaded;
        final List<Builder> children = new ArrayList<>();
        final List<Range> ranges = new ArrayList<>();

        Builder(long pa, int level) {
            this.pa = pa;
            this.level = level;
        }

        Node build() {
            return new Node(pa, level, used, loaded, children.stream().map(Builder::build).toList(), List.copyOf(ranges));
        }
    }

    /**
     * Walks the tree at {@code rootPa} in RAM [{@code basePa}, {@code basePa + size}); {@code page}
     * gives a page's bytes by PFN, or null when they are not at hand.
     */
    public static RadixSnapshot walk(long rootPa, long basePa, long size, LongFunction<byte[]> page) {
        PhysicalMemory scratch = new PhysicalMemory(basePa, size);
        Set<Long> nodePfns = new LinkedHashSet<>();
        Set<Long> missing = new LinkedHashSet<>();
        List<Builder> stack = new ArrayList<>();
        Builder[] root = new Builder[1];
        int[] counts = new int[2];
        String error = null;
        if (rootPa == 0) {
            return new RadixSnapshot(0, null, Set.of(), Set.of(), 0, 0, "preserved-memory-map is 0: no tree");
        }
        try {
            int rc = KhoRadixTree.walk(scratch, rootPa, BUDGET, (pa, order) -> {
                Builder leaf = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                if (leaf != null && leaf.level == 0) {
                    leaf.ranges.add(new Range(pa, order));
                }
                counts[1]++;
                return true;
            }, (pa, level) -> {
                counts[0]++;
                Builder b = new Builder(pa, level);
                long pfn = pa >>> PhysicalMemory.PAGE_SHIFT;
                if (scratch.containsPfn(pfn) && (pa & (PhysicalMemory.PAGE_SIZE - 1)) == 0) {
                    nodePfns.add(pfn);
                    byte[] bytes = page.apply(pfn);
                    if (bytes == null) {
                        missing.add(pfn);
                    } else {
                        scratch.writeSilently(pa, bytes);
                        b.loaded = true;
                        b.used = used(bytes, level);
                    }
                }
                while (!stack.isEmpty() && stack.get(stack.size() - 1).level <= level) {
                    stack.remove(stack.size() - 1);
                }
                if (stack.isEmpty()) {
                    if (root[0] == null) {
                        root[0] = b;
                    }
                } else {
                    stack.get(stack.size() - 1).children.add(b);
                }
                stack.add(b);
                return true;
            });
            if (rc != 0) {
                error = "walk stopped (errno " + rc + "): more than " + BUDGET + " nodes or too many bits";
            }
        } catch (RuntimeException e) {
            error = "walk faulted: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new RadixSnapshot(rootPa, root[0] == null ? null : root[0].build(), Set.copyOf(nodePfns),
                Set.copyOf(missing), counts[0], counts[1], error);
    }

    /** Non-zero slots of a table, or set bits of a bitmap leaf. */
    static int used(byte[] bytes, int level) {
        int n = 0;
        for (int w = 0; w + 8 <= bytes.length; w += 8) {
            long v = LittleEndian.u64(bytes, w);
            n += level == 0 ? Long.bitCount(v) : (v != 0 ? 1 : 0);
        }
        return n;
    }

    /** Whether every node page was at hand (the tree shown is complete). */
    public boolean complete() {
        return missing.isEmpty();
    }

    /** Every preserved range in walk order. */
    public List<Range> allRanges() {
        List<Range> out = new ArrayList<>();
        if (root != null) {
            collect(root, out);
        }
        return out;
    }

    private static void collect(Node n, List<Range> out) {
        out.addAll(n.ranges());
        n.children().forEach(c -> collect(c, out));
    }
}

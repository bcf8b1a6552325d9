package luolab.engine.kho;

import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.Trace;

/**
 * KHO's preserved-memory tracker ("KHO persistent memory tracker"): a radix tree of one-page
 * nodes living in ordinary (not preserved) kernel memory, which the next kernel reads in place
 * while it still runs only in scratch.
 *
 * A preserved (pa, order) is one key: the order is encoded as the position of the highest set
 * bit, {@code key = 1 << (52 - order) | pa >> (12 + order)}. Bits 14:0 of the key select a bit of
 * a 4 KiB bitmap leaf; each of the five table levels above consumes 9 bits (512 u64 PAs per
 * node), level 5 being the root: KHO_TREE_MAX_DEPTH = 6.
 */
public final class KhoRadixTree {
    public static final int ORDER_0_LOG2 = 64 - PhysicalMemory.PAGE_SHIFT;      // 52
    public static final int TABLE_SIZE_LOG2 = 9;
    public static final int BITMAP_SIZE_LOG2 = PhysicalMemory.PAGE_SHIFT + 3;  // 15
    public static final int TREE_MAX_DEPTH = (ORDER_0_LOG2 - BITMAP_SIZE_LOG2 + 1 + TABLE_SIZE_LOG2 - 1) / TABLE_SIZE_LOG2 + 1;
    private static final FieldRef TABLE = FieldRef.of("kho_radix_node", "table");
    private static final FieldRef BITMAP = FieldRef.of("kho_radix_leaf", "bitmap");

    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final long rootPa;
    private int nodes = 1;

    /** kho_init(): the root is a zeroed page (kzalloc(PAGE_SIZE)). */
    KhoRadixTree(KernelMemory mm, long rootPa) {
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.rootPa = rootPa;
    }

    public long rootPa() {
        return rootPa;
    }

    public int nodeCount() {
        return nodes;
    }

    public static long encodeKey(long pa, int order) {
        return (1L << (ORDER_0_LOG2 - order)) | (pa >>> (PhysicalMemory.PAGE_SHIFT + order));
    }

    /** Inverse of {@link #encodeKey}: order = 52 - fls64(key) + 1; returns {pa, order}. */
    public static long[] decodeKey(long key) {
        int order = keyOrder(key);
        return new long[] {keyPa(key, order), order};
    }

    /** The order a key encodes (may be out of range for a corrupted bitmap: the walk skips those). */
    static int keyOrder(long key) {
        int fls = 64 - Long.numberOfLeadingZeros(key);
        return ORDER_0_LOG2 - fls + 1;
    }

    /** The physical address a key encodes, given its {@link #keyOrder order}. */
    static long keyPa(long key, int order) {
        int fls = 64 - Long.numberOfLeadingZeros(key);
        return (key & ~(1L << (fls - 1))) << (PhysicalMemory.PAGE_SHIFT + order);
    }

    static int tableIndex(long key, int level) {
        return (int) ((key >>> ((level - 1) * TABLE_SIZE_LOG2 + BITMAP_SIZE_LOG2)) & ((1 << TABLE_SIZE_LOG2) - 1));
    }

    /** kho_radix_add_page(): allocates missing nodes on the way down, then sets the leaf bit. */
    int add(long pa, int order) {
        try (var f = trace.enter("kho_radix_add_page")) {
            long key = encodeKey(pa, order);
            long node = rootPa;
            long[] created = new long[TREE_MAX_DEPTH];
            int nCreated = 0;
            // the slot where the new branch hangs off the existing tree (anchor_node->table[anchor_idx])
            long anchorSlot = 0;
            for (int level = TREE_MAX_DEPTH - 1; level >= 1; level--) {
                long slot = node + 8L * tableIndex(key, level);
                long child = mem.u64(slot);
                if (child == 0) {
                    child = mm.allocPages(0, OwnerKind.KHO_RADIX, "KHO radix " + (level == 1 ? "bitmap leaf" : "table L" + (level - 1)));
                    if (child == 0) {
                        // err_free_nodes: the new branch is freed and unhooked from its anchor, so
                        // the tree holds no pointer to a freed page (-ENOMEM)
                        for (int i = nCreated - 1; i >= 0; i--) {
                            mm.freePages(created[i], 0);
                        }
                        nodes -= nCreated;
                        if (anchorSlot != 0) {
                            mem.writeU64(anchorSlot, 0, TABLE);
                        }
                        return -Errno.ENOMEM;
                    }
                    if (anchorSlot == 0) {
                        anchorSlot = slot;
                    }
                    created[nCreated++] = child;
                    nodes++;
                    mem.writeU64(slot, child, TABLE);
                }
                node = child;
            }
            setBit(node, key, true);
            return 0;
        }
    }

    /** kho_radix_del_page(): clears the bit; nodes are never freed; a missing path is a WARN. */
    boolean remove(long pa, int order) {
        try (var f = trace.enter("kho_radix_del_page")) {
            long key = encodeKey(pa, order);
            long node = rootPa;
            for (int level = TREE_MAX_DEPTH - 1; level >= 1; level--) {
                node = mem.u64(node + 8L * tableIndex(key, level));
                if (node == 0) {
                    return false;
                }
            }
            setBit(node, key, false);
            return true;
        }
    }

    boolean contains(long pa, int order) {
        long key = encodeKey(pa, order);
        long node = rootPa;
        for (int level = TREE_MAX_DEPTH - 1; level >= 1; level--) {
            node = mem.u64(node + 8L * tableIndex(key, level));
            if (node == 0) {
                return false;
            }
        }
        int bit = (int) (key & ((1 << BITMAP_SIZE_LOG2) - 1));
        long word = mem.u64(node + 8L * (bit >>> 6));
        return (word & (1L << (bit & 63))) != 0;
    }

    private void setBit(long leaf, long key, boolean on) {
        int bit = (int) (key & ((1 << BITMAP_SIZE_LOG2) - 1));
        long wordPa = leaf + 8L * (bit >>> 6);
        long word = mem.u64(wordPa);
        long updated = on ? word | (1L << (bit & 63)) : word & ~(1L << (bit & 63));
        if (updated != word) {
            mem.writeU64(wordPa, updated, BITMAP);
        }
    }

    /**
     * Callback of {@link #walk}: one preserved (pa, order). Return false to stop the whole walk, not
     * only the current leaf: kho_radix_walk_leaf() returns the callback's non-zero value and
     * __kho_radix_walk_tree() returns it up through every level ("the non-zero return value from the
     * callback that stopped the walk"). {@link #walk} then returns 0: the caller knows it stopped.
     */
    public interface Visitor {
        boolean visit(long pa, int order);
    }

    /**
     * Callback for every node the walk reaches, before its page is read, for the views, inspect and
     * the injectors' targets. Return false to skip the node: its page is not read and nothing below
     * it is visited, but the walk goes on with the node's siblings (a reader that must not fault can
     * refuse a node outside RAM or one it has seen and still list the rest of the tree). The kernel's
     * walk has no such hook: it is the simulation's, for readers of a possibly corrupted tree.
     */
    public interface NodeVisitor {
        boolean node(long pa, int level);
    }

    /**
     * kho_radix_walk_tree(): visits every set bit, reading nothing but bytes. Pointers are
     * followed as the kernel does (phys_to_virt, no checks), so a wild PA faults. {@code budget}
     * bounds the number of nodes read: a corrupted tree whose tables point back at themselves would
     * otherwise make the early kernel spin for hours. {@code v} null: only the nodes are visited, a
     * leaf's bitmap is not scanned; {@code nodes} null: only the preserved ranges (the boot path,
     * which allocates nothing per node or leaf). Returns 0 when the walk finished or a visitor stopped
     * it, -EAGAIN when a budget ran out.
     */
    public static int walk(PhysicalMemory mem, long rootPa, int budget, Visitor v, NodeVisitor nodes) {
        long[] left = {budget, BIT_BUDGET};
        int err = walkTable(mem, rootPa, TREE_MAX_DEPTH - 1, 0L, left, v, nodes);
        return err == STOPPED ? 0 : err;
    }

    /** Internal: a {@link Visitor} returned false; unwinds every level like a callback's error. */
    private static final int STOPPED = 1;

    /**
     * Set bits the walk may visit before the simulation calls it a hang: a table whose slots all
     * point at one all-ones leaf would otherwise yield 512^4 × 32768 keys. 16M is far above any
     * real tree (each bit is a preserved run).
     */
    public static final long BIT_BUDGET = 1L << 24;

    private static int walkTable(PhysicalMemory mem, long nodePa, int level, long prefix, long[] left, Visitor v, NodeVisitor nodes) {
        if (--left[0] < 0) {
            return -Errno.EAGAIN;
        }
        if (nodes != null && !nodes.node(nodePa, level)) {
            return 0;
        }
        if (level == 0) {
            if (v == null) {
                return 0;
            }
            byte[] bitmap = nodeBytes(mem, nodePa);
            for (int w = 0; w < PhysicalMemory.PAGE_SIZE / 8; w++) {
                long word = luolab.engine.memory.LittleEndian.u64(bitmap, w * 8);
                while (word != 0) {
                    int b = Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    if (--left[1] < 0) {
                        return -Errno.EAGAIN;
                    }
                    long key = prefix | ((long) w * 64 + b);
                    if (key == 0) {
                        continue;
                    }
                    // no array per key: a looping tree yields BIT_BUDGET (16M) keys before the walk gives up
                    int order = keyOrder(key);
                    if (order < 0 || order > ORDER_0_LOG2) {
                        continue;
                    }
                    if (!v.visit(keyPa(key, order), order)) {
                        return STOPPED;
                    }
                }
            }
            return 0;
        }
        byte[] table = nodeBytes(mem, nodePa);
        for (int i = 0; i < 512; i++) {
            long child = luolab.engine.memory.LittleEndian.u64(table, i * 8);
            if (child == 0) {
                continue;
            }
            long p = prefix | ((long) i << ((level - 1) * TABLE_SIZE_LOG2 + BITMAP_SIZE_LOG2));
            int err = walkTable(mem, child, level - 1, p, left, v, nodes);
            if (err != 0) {
                return err;
            }
        }
        return 0;
    }

    /**
     * The node's 4096 bytes. The kernel reads a node in place through phys_to_virt(); so does the
     * walk when the node is a page of its own, with no copy: a looping tree is walked a million
     * nodes deep before the lab calls it a hang, and copying each node made that cost seconds.
     * An unaligned, unbacked, poisoned or out-of-RAM address goes through {@link PhysicalMemory#read}
     * (zeros, poison, or the fault).
     */
    private static byte[] nodeBytes(PhysicalMemory mem, long pa) {
        if ((pa & (PhysicalMemory.PAGE_SIZE - 1)) == 0 && mem.containsPfn(PhysicalMemory.pfn(pa))) {
            byte[] page = mem.pageForDirectRead(PhysicalMemory.pfn(pa));
            if (page != null) {
                return page;
            }
        }
        return mem.read(pa, PhysicalMemory.PAGE_SIZE);
    }

    static final String LAYOUT_NAME = Layouts.RADIX_NODE.name();
}

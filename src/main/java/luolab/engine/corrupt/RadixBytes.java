package luolab.engine.corrupt;

import java.util.Map;
import java.util.TreeMap;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;

/**
 * Reads and edits KHO's preserved-memory radix tree through its bytes, as the next kernel walks
 * it: key = 1 &lt;&lt; (52 − order) | pa &gt;&gt; (12 + order); levels 5..1 are tables of 512 PAs,
 * level 0 a 32768-bit bitmap.
 */
final class RadixBytes {
    static final FieldRef TABLE = FieldRef.of("kho_radix_node", "table");
    static final FieldRef BITMAP = FieldRef.of("kho_radix_leaf", "bitmap");

    private RadixBytes() {
    }

    static int tableIndex(long key, int level) {
        return (int) ((key >>> ((level - 1) * KhoRadixTree.TABLE_SIZE_LOG2 + KhoRadixTree.BITMAP_SIZE_LOG2)) & 511);
    }

    /** {wordPa, mask} of the leaf bit for (pa, order), or null when a node on the path is 0. */
    static long[] locate(Ctx ctx, long root, long pa, int order) throws Refusal {
        long key = KhoRadixTree.encodeKey(pa, order);
        long node = root;
        for (int level = KhoRadixTree.TREE_MAX_DEPTH - 1; level >= 1; level--) {
            node = ctx.u64(node + 8L * tableIndex(key, level));
            if (node == 0) {
                return null;
            }
        }
        int bit = (int) (key & ((1 << KhoRadixTree.BITMAP_SIZE_LOG2) - 1));
        return new long[] {node + 8L * (bit >>> 6), 1L << (bit & 63)};
    }

    /**
     * Marks many order-0 pages preserved: missing table/leaf nodes are borrowed pages linked in,
     * and each touched bitmap word is written once.
     */
    static void preserveAll(Ctx ctx, long root, Iterable<Long> pages) throws Refusal {
        Map<Long, Long> words = new TreeMap<>();
        for (long pa : pages) {
            long key = KhoRadixTree.encodeKey(pa, 0);
            long node = root;
            for (int level = KhoRadixTree.TREE_MAX_DEPTH - 1; level >= 1; level--) {
                long slot = node + 8L * tableIndex(key, level);
                long child = ctx.u64(slot);
                if (child == 0) {
                    child = ctx.borrowPage(OwnerKind.KHO_RADIX, "KHO radix node (corruption)");
                    ctx.writeU64(slot, child, TABLE);
                }
                node = child;
            }
            int bit = (int) (key & ((1 << KhoRadixTree.BITMAP_SIZE_LOG2) - 1));
            long wordPa = node + 8L * (bit >>> 6);
            long w = words.containsKey(wordPa) ? words.get(wordPa) : ctx.u64(wordPa);
            words.put(wordPa, w | (1L << (bit & 63)));
        }
        for (Map.Entry<Long, Long> e : words.entrySet()) {
            ctx.writeU64(e.getKey(), e.getValue(), BITMAP);
        }
    }
}

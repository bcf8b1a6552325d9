package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import luolab.engine.EngineTestSupport;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import org.junit.jupiter.api.Test;

/**
 * What the callers of {@link KhoRadixTree#walk} rely on when a callback says no: a {@code Visitor}
 * false ends the whole walk (kho_radix_walk_leaf() returns the callback's error and
 * __kho_radix_walk_tree() passes it up), a {@code NodeVisitor} false skips that node's subtree only
 * (the injectors' radix node list refuses nodes outside RAM or already seen and lists the rest).
 */
class KhoRadixWalkTest {

    /** A booted machine plus an order-0 and an order-3 folio: the order is the key's top bit, so two leaves. */
    private static Machine twoLeaves() {
        Machine m = EngineTestSupport.boot();
        for (int order : new int[] {0, 3}) {
            long pa = m.kernel().mm().allocPages(order, OwnerKind.KERNEL_OTHER, "test folio");
            assertEquals(0, m.kernel().kho().preserveFolio(pa, order));
        }
        return m;
    }

    private static long root(Machine m) {
        return m.kernel().kho().radix().rootPa();
    }

    @Test
    void visitorFalseStopsTheWholeWalkNotOnlyTheLeaf() {
        Machine m = twoLeaves();
        List<Integer> leaves = new ArrayList<>();
        KhoRadixTree.walk(m.memory(), root(m), KhoBoot.WALK_BUDGET, null, (pa, level) -> {
            if (level == 0) {
                leaves.add(level);
            }
            return true;
        });
        assertTrue(leaves.size() >= 2, "the fixture has bits in at least two leaves: " + leaves.size());

        int[] visits = {0};
        int err = KhoRadixTree.walk(m.memory(), root(m), KhoBoot.WALK_BUDGET, (pa, order) -> {
            visits[0]++;
            return false;
        }, null);
        assertEquals(0, err, "a visitor's stop is not an error of the walk");
        assertEquals(1, visits[0], "no range of a later leaf is visited after the visitor said stop");
    }

    @Test
    void nodeVisitorFalseSkipsOnlyThatSubtree() {
        Machine m = twoLeaves();
        Map<Long, Integer> all = new TreeMap<>();
        KhoRadixTree.walk(m.memory(), root(m), KhoBoot.WALK_BUDGET, (pa, order) -> {
            all.put(pa, order);
            return true;
        }, null);

        long[] firstLeaf = {0};
        Map<Long, Integer> rest = new TreeMap<>();
        int err = KhoRadixTree.walk(m.memory(), root(m), KhoBoot.WALK_BUDGET, (pa, order) -> {
            rest.put(pa, order);
            return true;
        }, (pa, level) -> {
            if (level == 0 && firstLeaf[0] == 0) {
                firstLeaf[0] = pa;
                return false;
            }
            return true;
        });
        assertEquals(0, err);
        assertTrue(firstLeaf[0] != 0);
        assertTrue(!rest.isEmpty(), "the walk goes on past the skipped leaf");
        assertTrue(rest.size() < all.size(), "the skipped leaf's ranges are not visited");
    }
}

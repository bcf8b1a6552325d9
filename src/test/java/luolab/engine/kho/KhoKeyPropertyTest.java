package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import luolab.engine.memory.PhysicalMemory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * KHO radix keys, as jqwik properties (the examples are in KhoTest). Apart from the JUnit tests
 * because surefire writes one report per class and engine: a class run by both the Jupiter and
 * the jqwik engine gets its .txt report overwritten by the second (see TestClassesUseOneEngineTest).
 */
class KhoKeyPropertyTest {

    @Property(tries = 500)
    void keyRoundTripProperty(@ForAll @LongRange(min = 0, max = (1L << 38) - 1) long run,
            @ForAll @IntRange(min = 0, max = 10) int order) {
        long pa = run << (PhysicalMemory.PAGE_SHIFT + order);
        long key = KhoRadixTree.encodeKey(pa, order);
        // decode as the kernel: order = 52 - fls64(key) + 1; pa = key << (12 + order)
        int fls = 64 - Long.numberOfLeadingZeros(key);
        assertEquals(order, 52 - fls + 1);
        assertEquals(pa, key << (12 + order));
        long[] d = KhoRadixTree.decodeKey(key);
        assertEquals(pa, d[0]);
        assertEquals(order, (int) d[1]);
    }

    @Property(tries = 200)
    void distinctOrdersNeverShareAKey(@ForAll @LongRange(min = 0, max = (1L << 30) - 1) long pfn,
            @ForAll @IntRange(min = 0, max = 9) int order) {
        long pa = PhysicalMemory.pa(pfn << 10);   // aligned for every order up to 10
        assertNotEquals(KhoRadixTree.encodeKey(pa, order), KhoRadixTree.encodeKey(pa, order + 1));
    }
}

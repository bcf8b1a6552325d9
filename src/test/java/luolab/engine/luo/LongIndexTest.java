package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The token / preserved-id index must answer exactly as a map would, whatever the keys. The
 * examples are jqwik {@code @Example}s: one engine runs the whole class, so its surefire report
 * counts every case (see TestClassesUseOneEngineTest).
 */
class LongIndexTest {
    /** Random puts, putIfAbsents and removes, checked against HashMap after every step. */
    @Property(tries = 60)
    void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int keyShape) {
        Random r = new Random(seed);
        LongIndex idx = new LongIndex(keyShape == 1 ? 8 : 0);
        Map<Long, Integer> model = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            long key = switch (keyShape) {
                case 0 -> r.nextInt(400);                                   // small tokens
                case 1 -> 0xffff_8880_0000_0000L + ((long) r.nextInt(400) << 8); // addresses 256 apart
                case 2 -> (long) r.nextInt(400) << 20;                      // clustering multiples
                default -> r.nextLong();                                    // anything
            };
            int v = step % 5 == 0 ? 0 : step; // 0 is a value like any other (luo_preserved_files stores it)
            switch (r.nextInt(3)) {
                case 0 -> {
                    idx.put(key, v);
                    model.put(key, v);
                }
                case 1 -> assertEquals(orAbsent(model.putIfAbsent(key, v)), idx.putIfAbsent(key, v));
                default -> assertEquals(orAbsent(model.remove(key)), idx.remove(key));
            }
            assertEquals(model.size(), idx.size());
            long probe = key + (r.nextBoolean() ? 0 : 1);
            assertEquals(orAbsent(model.get(probe)), idx.get(probe));
            assertEquals(model.containsKey(probe), idx.containsKey(probe));
        }
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), idx.get(e.getKey()));
        }
    }

    private static int orAbsent(Integer v) {
        return v == null ? LongIndex.ABSENT : v;
    }

    @Example
    void negativeValuesAreRefused() {
        LongIndex idx = new LongIndex(0);
        assertThrows(IllegalArgumentException.class, () -> idx.put(7, -1));
        assertThrows(IllegalArgumentException.class, () -> idx.putIfAbsent(7, Integer.MAX_VALUE));
        assertEquals(0, idx.size());
    }

    @Example
    void presizedTableHoldsAMillionSequentialAddresses() {
        LongIndex idx = new LongIndex(8);
        idx.ensureCapacity(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            assertEquals(LongIndex.ABSENT, idx.putIfAbsent(0xffff_8880_0000_0000L + ((long) i << 8), i));
        }
        assertEquals(1_000_000, idx.size());
        assertEquals(777_777, idx.get(0xffff_8880_0000_0000L + (777_777L << 8)));
        assertEquals(LongIndex.ABSENT, idx.get(0xffff_8880_0000_0000L + (1_000_000L << 8)));
    }

    @Example
    void keysThatDefeatThePlainHashStillWork() {
        // every key a multiple of 2^40: the plain hash puts them all in one probe chain
        LongIndex idx = new LongIndex(0);
        for (int i = 1; i <= 5000; i++) {
            idx.put((long) i << 40, i);
        }
        for (int i = 1; i <= 5000; i++) {
            assertEquals(i, idx.get((long) i << 40));
        }
        for (int i = 1; i <= 5000; i += 2) {
            assertEquals(i, idx.remove((long) i << 40));
        }
        assertEquals(2500, idx.size());
        assertEquals(LongIndex.ABSENT, idx.get(3L << 40));
        assertEquals(4, idx.get(4L << 40));
    }
}

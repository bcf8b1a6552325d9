package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The token / preserved-id index must answer exactly as a map would, whatever the keys. */
class LongIndexTest {
    /** Random puts, putIfAbsents and removes, checked against HashMap after every step. */
    @Property(tries = 60)
    void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int keyShape) {
        Random r = new Random(seed);
        LongIndex<String> idx = new LongIndex<>(keyShape == 1 ? 8 : 0);
        Map<Long, String> model = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            long key = switch (keyShape) {
                case 0 -> r.nextInt(400);                                   // small tokens
                case 1 -> 0xffff_8880_0000_0000L + ((long) r.nextInt(400) << 8); // addresses 256 apart
                case 2 -> (long) r.nextInt(400) << 20;                      // clustering multiples
                default -> r.nextLong();                                    // anything
            };
            String v = "v" + step;
            switch (r.nextInt(4)) {
                case 0 -> {
                    idx.put(key, v);
                    model.put(key, v);
                }
                case 1 -> assertEquals(model.putIfAbsent(key, v), idx.putIfAbsent(key, v));
                case 2 -> assertEquals(model.remove(key), idx.remove(key));
                default -> {
                    String cur = model.get(key);
                    idx.remove(key, cur);
                    if (cur != null) {
                        model.remove(key);
                    }
                }
            }
            assertEquals(model.size(), idx.size());
            long probe = key + (r.nextBoolean() ? 0 : 1);
            assertEquals(model.get(probe), idx.get(probe));
            assertEquals(model.containsKey(probe), idx.containsKey(probe));
        }
        for (Map.Entry<Long, String> e : model.entrySet()) {
            assertEquals(e.getValue(), idx.get(e.getKey()));
        }
    }

    @Test
    void removeOnlyTakesTheSameObject() {
        LongIndex<String> idx = new LongIndex<>(0);
        String first = new String("a");
        idx.putIfAbsent(7, first);
        idx.remove(7, new String("a"));
        assertSame(first, idx.get(7), "an equal but different file is not the indexed one");
        idx.remove(7, first);
        assertNull(idx.get(7));
        assertTrue(idx.isEmpty());
    }

    @Test
    void presizedTableHoldsAMillionSequentialAddresses() {
        LongIndex<Integer> idx = new LongIndex<>(8);
        idx.ensureCapacity(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            assertNull(idx.putIfAbsent(0xffff_8880_0000_0000L + ((long) i << 8), i));
        }
        assertEquals(1_000_000, idx.size());
        assertEquals(777_777, idx.get(0xffff_8880_0000_0000L + (777_777L << 8)));
        assertNull(idx.get(0xffff_8880_0000_0000L + (1_000_000L << 8)));
    }

    @Test
    void keysThatDefeatThePlainHashStillWork() {
        // every key a multiple of 2^40: the plain hash puts them all in one probe chain
        LongIndex<Long> idx = new LongIndex<>(0);
        for (long i = 1; i <= 5000; i++) {
            idx.put(i << 40, i);
        }
        for (long i = 1; i <= 5000; i++) {
            assertEquals(i, idx.get(i << 40));
        }
        for (long i = 1; i <= 5000; i += 2) {
            assertEquals(i, idx.remove(i << 40));
        }
        assertEquals(2500, idx.size());
        assertNull(idx.get(3L << 40));
        assertEquals(4L, idx.get(4L << 40));
    }
}

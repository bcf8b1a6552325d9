package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import luolab.engine.memory.LittleEndian;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The word-at-a-time compatible match must answer exactly what luo_file_deserialize's strcmp
 * of the entry's (strnlen-bounded) string against the handler's compatible answers. The examples
 * are jqwik {@code @Example}s, not JUnit {@code @Test}s: one engine runs the whole class, so its
 * surefire report counts every case (see TestClassesUseOneEngineTest).
 */
class CompatFieldTest {
    private static final int MAX = LuoFiles.COMPAT_LENGTH;

    /** The definition: decode the entry's string, compare strings. */
    private static boolean byStrings(byte[] entry, int off, String compatible) {
        int n = 0;
        while (n < MAX && entry[off + n] != 0) {
            n++;
        }
        return n < MAX && new String(entry, off, n, StandardCharsets.ISO_8859_1).equals(compatible);
    }

    @Property(tries = 400)
    void agreesWithStrcmp(@ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int len, @ForAll @IntRange(min = 0, max = 4) int mutation) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        String compatible = sb.toString();
        CompatField c = new CompatField(compatible);
        byte[] entry = new byte[64 + 8];
        int off = r.nextInt(9);
        System.arraycopy(c.field(), 0, entry, off, MAX);
        int nul = Math.min(len, MAX - 1);
        switch (mutation) {
            case 1 -> entry[off + r.nextInt(MAX)] ^= (byte) (1 + r.nextInt(255)); // a flipped byte anywhere
            case 2 -> { // garbage after the NUL: still a match
                for (int i = nul + 1; i < MAX; i++) {
                    entry[off + i] = (byte) r.nextInt(256);
                }
            }
            case 3 -> entry[off + nul] = 'x'; // the NUL overwritten: a longer string
            case 4 -> { // no NUL in the whole field
                for (int i = 0; i < MAX; i++) {
                    entry[off + i] = 'y';
                }
            }
            default -> {
            }
        }
        assertEquals(byStrings(entry, off, compatible), c.matches(entry, off, MAX),
                "compatible '" + compatible + "' mutation " + mutation);
    }

    @Example
    void matchesTheHandlersOwnEntry() {
        CompatField c = new CompatField("luolab-test-v1");
        byte[] entry = new byte[64];
        System.arraycopy(c.field(), 0, entry, 0, MAX);
        assertTrue(c.matches(entry, 0, MAX));
        assertFalse(new CompatField("luolab-test-v2").matches(entry, 0, MAX));
        assertFalse(new CompatField("luolab-test-v").matches(entry, 0, MAX), "a prefix is not the string");
        byte[] expected = new byte[MAX];
        LittleEndian.putCString(expected, 0, MAX, "luolab-test-v1");
        assertArrayEquals(expected, c.field());
    }

    @Example
    void aCompatibleThatFillsTheFieldNeverMatches() {
        String full = "m".repeat(MAX);
        CompatField c = new CompatField(full);
        byte[] entry = new byte[64];
        System.arraycopy(full.getBytes(StandardCharsets.ISO_8859_1), 0, entry, 0, MAX);
        assertFalse(c.matches(entry, 0, MAX), "strnlen stops at 48: no NUL, no string to compare");
    }

    @Example
    void nearTheEndOfTheBufferItStillAnswers() {
        CompatField c = new CompatField("memfd-v2");
        byte[] entry = new byte[MAX];
        System.arraycopy(c.field(), 0, entry, 0, MAX);
        assertTrue(c.matches(entry, 0, MAX));
        byte[] tight = new byte[12];
        System.arraycopy(c.field(), 0, tight, 2, 9);
        assertTrue(c.matches(tight, 2, MAX), "words past the buffer are not read");
    }
}

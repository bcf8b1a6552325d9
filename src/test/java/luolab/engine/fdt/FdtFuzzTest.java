package luolab.engine.fdt;

import static luolab.engine.fdt.FdtTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing: the parser sees what corrupted simulated memory would hand it and
 * must always answer with a tree or an error code, quickly.
 */
class FdtFuzzTest {
    private static final int[] INTERESTING = {
        0, 1, 2, 3, 4, 8, 9, 16, 17, 40, 0x7f, 0xff, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0xd00dfeed
    };

    @Test
    void randomMutationsNeverThrowAndFinishQuickly() throws FdtException {
        byte[] seedBlob = FdtWriter.write(khoLikeTree(), List.of(new ReserveEntry(0x1000, 0x1000)), 0, 1024);
        Random rnd = new Random(0xFD7);
        Map<FdtError, Integer> seen = new EnumMap<>(FdtError.class);
        int[] ok = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] blob = mutate(rnd, seedBlob);
                FdtParseResult r = check(blob);
                if (r.isOk()) {
                    ok[0]++;
                } else {
                    seen.merge(r.error().orElseThrow(), 1, Integer::sum);
                }
            }
        });
        // The mutations must actually reach the interesting paths, or this test proves little.
        for (FdtError e : List.of(FdtError.BADMAGIC, FdtError.BADVERSION, FdtError.TRUNCATED,
                FdtError.BADSTRUCTURE, FdtError.BADOFFSET, FdtError.BADLAYOUT)) {
            assertTrue(seen.containsKey(e), "never produced " + e + ": " + seen);
        }
        assertTrue(ok[0] > 100, "too few mutants parsed, ok=" + ok[0]);
    }

    @Test
    void randomTreesWithRandomBytesNeverThrow() {
        Random rnd = new Random(99);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 300; i++) {
                byte[] blob = FdtWriter.write(randomTree(rnd, 5, 3, 5));
                for (int j = 0; j < 20; j++) {
                    check(mutate(rnd, blob));
                }
            }
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[rnd.nextInt(200)];
                rnd.nextBytes(junk);
                if (junk.length >= 4 && rnd.nextBoolean()) {
                    junk = withU32(junk, 0, 0xd00dfeed);
                }
                check(junk);
            }
        });
    }

    @Test
    void hugeDeclaredSizesDoNotAllocate() throws FdtException {
        byte[] blob = FdtWriter.write(khoLikeTree());
        int struct = u32(blob, OFF_DT_STRUCT);
        // A 4 GiB property length and a source that claims to be 2 GiB long.
        ByteSource endless = addr -> addr < blob.length ? blob[(int) addr] & 0xff : 0;
        assertEquals(-11, FdtReader.parse(withU32(blob, struct + 12, 0xfffffff0)).code());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            FdtParseResult r = FdtReader.parse(endless, 0, Integer.MAX_VALUE);
            assertTrue(r.isOk(), r::toString);
        });
    }

    /** Parses, asserts the contract, and checks that accepted trees survive a rewrite. */
    private static FdtParseResult check(byte[] blob) {
        FdtParseResult r;
        try {
            r = FdtReader.parse(blob);
            FdtReader.checkHeader(blob);
            FdtReader.readHeader(ByteSource.of(blob), 0, blob.length);
        } catch (RuntimeException e) {
            throw new AssertionError("parser threw on " + hexdump(blob), e);
        }
        assertNotNull(r);
        assertNotEquals(FdtError.INTERNAL, r.error().orElse(null), () -> r + " on " + hexdump(blob));
        if (r.isOk()) {
            FdtNode root = r.tree().orElseThrow().root();
            byte[] again = FdtWriter.write(root);
            assertTrue(root.contentEquals(FdtReader.parse(again).tree().orElseThrow().root()));
            FdtDts.toDts(r.tree().orElseThrow());
        }
        return r;
    }

    static byte[] mutate(Random rnd, byte[] original) {
        byte[] b = original.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            switch (rnd.nextInt(8)) {
                case 0 -> { // flip a few bits anywhere
                    for (int i = 0, n = 1 + rnd.nextInt(8); i < n && b.length > 0; i++) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> { // a header field gets an interesting value
                    if (b.length >= 40) {
                        b = withU32(b, 4 * rnd.nextInt(10), pick(rnd, b));
                    }
                }
                case 2 -> { // an aligned word anywhere gets an interesting value (tokens, lengths, nameoffs)
                    if (b.length >= 4) {
                        b = withU32(b, 4 * rnd.nextInt(b.length / 4), pick(rnd, b));
                    }
                }
                case 3 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncate
                case 4 -> { // grow with junk
                    int old = b.length;
                    b = Arrays.copyOf(b, old + rnd.nextInt(64));
                    for (int i = old; i < b.length; i++) {
                        b[i] = (byte) rnd.nextInt();
                    }
                }
                case 5 -> { // overwrite a run with random bytes
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        for (int i = at, end = Math.min(b.length, at + 1 + rnd.nextInt(16)); i < end; i++) {
                            b[i] = (byte) rnd.nextInt();
                        }
                    }
                }
                case 6 -> { // copy one 4-aligned run over another (duplicated tokens, nodes, names)
                    if (b.length >= 8) {
                        int from = 4 * rnd.nextInt(b.length / 4);
                        int to = 4 * rnd.nextInt(b.length / 4);
                        int len = Math.min(4 * (1 + rnd.nextInt(8)), Math.min(b.length - from, b.length - to));
                        System.arraycopy(b.clone(), from, b, to, len);
                    }
                }
                default -> { // a small arithmetic change to a word, as an off-by-one corruption would be
                    if (b.length >= 4) {
                        int at = 4 * rnd.nextInt(b.length / 4);
                        b = withU32(b, at, u32(b, at) + rnd.nextInt(17) - 8);
                    }
                }
            }
        }
        return b;
    }

    private static int pick(Random rnd, byte[] b) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(3) == 0 ? b.length + rnd.nextInt(9) - 4
                : INTERESTING[rnd.nextInt(INTERESTING.length)];
    }

    private static String hexdump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}

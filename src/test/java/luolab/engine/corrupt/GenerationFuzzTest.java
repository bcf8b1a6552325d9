package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import org.junit.jupiter.api.Test;

/** The fuzzer on the older generations: damage anywhere in their handover never escapes as a Java exception. */
class GenerationFuzzTest {
    static void fuzz(Abi abi, long seed) {
        Fuzzer.Result r = new Fuzzer(seed).abi(abi).run(1500);
        assertEquals(0, r.byKind().getOrDefault(OutcomeKind.JAVA_EXCEPTION, 0), r::report);
        // the handover was really found and damaged: some cases must fail restore, some must not
        assertTrue(r.byKind().getOrDefault(OutcomeKind.RESTORED, 0) < 1500, r::report);
        assertTrue(r.byKind().getOrDefault(OutcomeKind.PANIC, 0) > 0, r::report);
        assertTrue(r.counts().keySet().stream().noneMatch(k -> k.startsWith("Java")), r::report);
    }

    @Test
    void seriesV2() {
        fuzz(Abi.SEEDS_V2, 7);
    }

    @Test
    void preSeries() {
        fuzz(Abi.PRE_SERIES, 11);
    }
}

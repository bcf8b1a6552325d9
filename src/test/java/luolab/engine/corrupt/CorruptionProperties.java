package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random damage to the preserved metadata (FDT page, luo_ser, block pages and file entries,
 * memfd_luo_ser, vmalloc chunks, folio arrays, radix nodes, FLB page, kexec metadata) of random
 * small scenarios, after serializeForKexec → bootNext → open → retrieve every session and fd:
 * every run must end in a restore or a kernel-style error/panic/oops, never a Java exception, and
 * within a time bound.
 */
class CorruptionProperties {
    /** Per case; a warm case takes a few ms, the worst legitimate ones (walk budgets) well under a second. */
    static final long CASE_SECONDS = 10;
    private static final ExecutorService EXEC = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "corruption-case");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void shutdown() {
        EXEC.shutdownNow();
    }

    static void check(Fuzzer f, long seed) {
        Future<Fuzzer.CaseResult> fut = EXEC.submit(() -> f.runCase(seed));
        Fuzzer.CaseResult c;
        try {
            c = fut.get(CASE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fut.cancel(true);
            fail("case seed " + seed + " ran longer than " + CASE_SECONDS + " s (unbounded loop?)");
            return;
        } catch (Exception e) {
            fail(e);
            return;
        }
        assertNull(c.exception(), () -> "case seed " + seed + " " + c.mutations() + ":\n" + c.exception());
        Outcome o = c.outcome();
        assertNotNull(o);
        switch (o.kind()) {
            case PANIC -> assertNotNull(o.stopText());
            case HANG -> {
                // a hang is no panic: its stop text is the lab's reason (no kernel message); every session lost
                assertEquals(o.reason(), o.stopText(), o::summary);
                assertEquals(luolab.engine.machine.Kernel.HANG_RADIX_WALK, o.reason(), o::summary);
                assertTrue(o.sessions().stream().allMatch(s -> s.fate() == Outcome.Fate.LOST), o::details);
            }
            case ERRNO, OOPS -> {
                assertTrue(o.errno() < 0, o::summary);
                assertNotNull(o.step());
            }
            case RESTORED -> assertTrue(o.sessions().stream().allMatch(s -> s.fate() == Outcome.Fate.RESTORED), o::details);
            case SILENT_DAMAGE -> assertTrue(o.sessions().stream().anyMatch(s -> s.fate() == Outcome.Fate.DAMAGED), o::details);
            case KHO_DISABLED, FRESH_START -> assertTrue(o.sessions().stream().noneMatch(s -> s.fate() == Outcome.Fate.RESTORED)
                    || o.sessions().isEmpty(), o::details);
            default -> fail("unexpected kind " + o.kind() + " for case seed " + seed);
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void randomBitFlips(@ForAll long seed) {
        check(new Fuzzer(0).mutations(EnumSet.of(Fuzzer.Mutation.BIT_FLIP)), seed);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void randomU64Overwrites(@ForAll long seed) {
        check(new Fuzzer(0).mutations(EnumSet.of(Fuzzer.Mutation.U64)), seed);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void randomPhysicalAddresses(@ForAll long seed) {
        check(new Fuzzer(0).mutations(EnumSet.of(Fuzzer.Mutation.PA)), seed);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void catalogInjectorsWithRandomParameters(@ForAll long seed) {
        check(new Fuzzer(0).mutations(EnumSet.of(Fuzzer.Mutation.INJECTOR)), seed);
    }

    /** Few tries: a loop near the root walks up to the hang budget (0.5–3 s a case). */
    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void radixTreeLoops(@ForAll long seed) {
        check(new Fuzzer(0).mutations(EnumSet.of(Fuzzer.Mutation.RADIX_CYCLE)), seed);
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF)
    void fuzzRunsAreDeterministic(@ForAll long seed) {
        Fuzzer.Result a = new Fuzzer(seed).run(20);
        Fuzzer.Result b = new Fuzzer(seed).run(20);
        assertEquals(a.counts(), b.counts());
        assertEquals(a.exampleSeeds(), b.exampleSeeds());
        assertEquals(0, a.byKind().getOrDefault(OutcomeKind.JAVA_EXCEPTION, 0), a::report);
        assertNotNull(a.slowest());
    }
}

package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import luolab.engine.memory.OwnerKind;
import org.junit.jupiter.api.Test;

/**
 * Corrupted radix trees crafted with write-u64 only: the next kernel's early KHO walk must end in
 * bounded time and memory, whatever the bytes say.
 */
class EngineGuardsTest {
    /** A chain of table pages (slot 0 → next) ending in a leaf whose word 0 is {@code leafWord}; returns the first page. */
    private static long craft(CorruptionRun run, int fanout, long leafWord) {
        var mm = run.machine().kernel().mm();
        long[] pages = new long[5];
        for (int i = 0; i < 5; i++) {
            pages[i] = mm.allocPages(0, OwnerKind.KERNEL_OTHER, "crafted radix node");
        }
        for (int i = 0; i < 4; i++) {
            for (int s = 0; s < fanout; s++) {
                assertTrue(run.inject("write-u64", Params.of("pa", hex(pages[i] + 8L * s), "value", hex(pages[i + 1]))).ok());
            }
        }
        for (int w = 0; w < (fanout > 1 ? 512 : 1); w++) {
            assertTrue(run.inject("write-u64", Params.of("pa", hex(pages[4] + 8L * w), "value", hex(leafWord))).ok());
        }
        return pages[0];
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Test
    void aKeyOfHugeOrderDoesNotHangTheBoot() {
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO);
        run.serialize();
        long root = HandoverReader.read(run.machine(), Stage.HANDOVER).radixRoot();
        long first = craft(run, 1, 2); // leaf bit 1 under prefix 0: key 1 → order 52, pa 0
        assertTrue(run.inject("write-u64", Params.of("pa", hex(root), "value", hex(first))).ok());
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(20), run::finishCycle);
        assertNotEquals(OutcomeKind.JAVA_EXCEPTION, o.kind());
        // pa 0, order 52 covers all of RAM: every page is reserved, nothing is left for the new kernel's
        // allocator, kho_init() fails, LUO is off and /dev/liveupdate does not exist
        CorruptTestSupport.assertErrno(o, -luolab.engine.Errno.ENOENT, Restorer.STEP_OPEN);
        assertFalse(run.machine().kernel().kho().enabled(), "kho_init() cleared kho_enable");
        // kho_init() fails without a message (its radix root kzalloc() is the first to fail, before
        // kho_kexec_metadata_init() could warn); the first line is luo_late_startup()'s pr_err
        assertTrue(o.log().stream().noneMatch(l -> l.startsWith("KHO: failed to initialize")), String.join("\n", o.log()));
        assertEquals("luo: failed to allocate/preserve LUO state memory", o.reason());
    }

    @Test
    void aSelfSimilarTreeFullOfBitsIsBoundedInTimeAndMemory() {
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO);
        run.serialize();
        long root = HandoverReader.read(run.machine(), Stage.HANDOVER).radixRoot();
        long first = craft(run, 512, -1L); // 512^4 paths to one all-ones leaf
        assertTrue(run.inject("write-u64", Params.of("pa", hex(root), "value", hex(first))).ok());
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(30), run::finishCycle);
        // the kernel hangs silently (no lockup detector this early): a hang, not a panic; no fake panic line, a lab note
        assertEquals(OutcomeKind.HANG, o.kind(), o::details);
        assertEquals(luolab.engine.machine.Kernel.HANG_RADIX_WALK, o.panicMessage());
        assertTrue(o.log().stream().noneMatch(l -> l.contains("soft lockup") || l.startsWith("Kernel panic")), String.join("\n", o.log()));
    }
}

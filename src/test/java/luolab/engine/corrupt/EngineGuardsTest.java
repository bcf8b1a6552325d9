package luolab.engine.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
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
        assertEquals(luolab.engine.machine.Kernel.HANG_RADIX_WALK, o.reason());
        // a hang has no panic message: its stop text is the lab's reason, the kind says it is no panic
        assertEquals(luolab.engine.machine.Kernel.HANG_RADIX_WALK, o.stopText());
        assertTrue(o.log().stream().noneMatch(l -> l.contains("soft lockup") || l.startsWith("Kernel panic")), String.join("\n", o.log()));
    }

    @Test
    void aRadixRootPointingAtItselfHangsTheBootSilentlyAndIsNoPanic() {
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO, Machine.DEFAULT_RAM_SIZE, new Trace(Trace.Mode.COARSE));
        assertTrue(run.serialize());
        CorruptionReport r = run.inject("radix-cycle", Params.none());
        assertTrue(r.ok(), r.error());
        assertEquals(OutcomeKind.HANG, r.expected().kind());
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60), run::finishCycle);
        assertNull(r.expected().mismatch(o), o::details);
        assertEquals(OutcomeKind.HANG, o.kind(), o::details);
        assertEquals("hang: " + Kernel.HANG_RADIX_WALK, o.key());
        assertEquals(Kernel.HANG_RADIX_WALK, o.reason(), "no kernel line to quote: the lab's reason");
        assertEquals(o.sessions().size(), o.count(Outcome.Fate.LOST), o::details);
        Kernel k = run.machine().kernel();
        assertTrue(k.hung() && k.dead(), "the boot hangs");
        assertFalse(k.panicked(), "a hang is not a panic");
        assertEquals(luolab.engine.machine.StopReason.hang(Kernel.HANG_RADIX_WALK), k.stopReason());
        assertNull(k.panicMessage(), "panicMessage() is the panic text only: a hang has none");
        assertEquals(k.stopReason().text(), o.stopText(), "the outcome's stop text is the kernel's stop reason's");
        assertTrue(o.log().stream().noneMatch(l -> l.contains("Kernel panic")), String.join("\n", o.log()));
        // the trace says hang, not panic
        List<TraceEvent> ev = run.machine().trace().events();
        assertTrue(ev.stream().anyMatch(e -> e instanceof TraceEvent.Hang h && h.message().equals(Kernel.HANG_RADIX_WALK)));
        assertTrue(ev.stream().noneMatch(e -> e instanceof TraceEvent.Panic));
        // nothing runs after a hang: no syscall, no further corruption
        assertEquals(-luolab.engine.Errno.EIO, new luolab.engine.user.Process(k).open("/dev/liveupdate"));
        CorruptionReport after = run.inject("write-u64", Params.of("pa", hex(k.mm().memory().base()), "value", "0x1"));
        assertFalse(after.ok());
        assertTrue(after.error().contains("the kernel has hung (" + Kernel.HANG_RADIX_WALK + ")"), after.error());
    }

    @Test
    void theRadixCycleIsAHangOnEveryGeneration() {
        for (Abi abi : List.of(Abi.SEEDS_V2, Abi.PRE_SERIES)) {
            Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
            CorruptTestSupport.DEMO.build(m);
            CorruptionRun run = CorruptionRun.begin(m);
            assertTrue(run.serialize());
            Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CorruptTestSupport.injectAndFinish(run, "radix-cycle",
                    Params.none()));
            assertEquals(OutcomeKind.HANG, o.kind(), abi + ": " + o.details());
        }
    }

    /**
     * level=4: the loop is one table lower (the root's first child), its empty slots pointing at the
     * root, an ancestor; the root itself is untouched. Whether that walk ends depends on the bits
     * it reads as leaves, so the expectation is "depends", not a hang.
     */
    @Test
    void aRadixLoopBelowTheRootPointsThatTablesEmptySlotsAtTheRoot() {
        CorruptionRun run = CorruptTestSupport.start(CorruptTestSupport.DEMO);
        assertTrue(run.serialize());
        var mem = run.machine().memory();
        long root = HandoverReader.read(run.machine(), Stage.HANDOVER).radixRoot();
        byte[] rootBefore = mem.read(root, 4096);
        long child = 0;
        for (int i = 0; i < 512 && child == 0; i++) {
            child = mem.u64(root + 8L * i);
        }
        byte[] childBefore = mem.read(child, 4096);
        CorruptionReport r = run.inject("radix-cycle", Params.of("level", "4"));
        assertTrue(r.ok(), r.error());
        assertEquals(OutcomeKind.DEPENDS, r.expected().kind());
        int looped = 0;
        for (int i = 0; i < 512; i++) {
            long was = luolab.engine.memory.LittleEndian.u64(childBefore, i * 8);
            assertEquals(was == 0 ? root : was, mem.u64(child + 8L * i), "slot " + i);
            looped += was == 0 ? 1 : 0;
        }
        assertTrue(r.toString().contains("radix level-4 table " + hex(child) + ": " + looped + " empty slots → the root " + hex(root)),
                r.toString());
        assertTrue(java.util.Arrays.equals(rootBefore, mem.read(root, 4096)), "the root is not written");
        CorruptionReport bad = run.inject("radix-cycle", Params.of("level", "6"));
        assertFalse(bad.ok());
        assertTrue(bad.error().contains("parameter 'level' = 6 is outside 1..5"), bad.error());
    }
}

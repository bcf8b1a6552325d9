package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * kho_init() out of memory at each of its steps (kexec_handover.c): every failure clears
 * kho_enable, and the only thing printed is kho_kexec_metadata_init()'s
 * pr_warn("failed to initialize kexec-metadata subtree: %d\n") (pr_fmt "KHO: ") when
 * kho_out_kexec_metadata() fails. kho_init() has no message of its own.
 */
class KhoInitFailureTest {
    private record Run(int err, Kho kho, KernelLog log) {
    }

    /** kho_init() on a cold boot with only {@code free} order-0 pages left for it. */
    private static Run initWith(int free) {
        PhysicalMemory mem = new PhysicalMemory(0x40000000L, 1L << 20);
        Trace trace = Trace.off();
        KernelMemory mm = new KernelMemory(mem, trace);
        mm.buddy().addFreeRange(mem.basePfn(), free);
        KernelLog log = new KernelLog(trace, 1);
        Kho kho = new Kho(mm, log, "kho-v4");
        return new Run(kho.init("6.99.0-luolab"), kho, log);
    }

    private static List<String> lines(KernelLog log) {
        return log.lines().stream().map(KernelLog.Line::text).toList();
    }

    @Test
    void everyStepFailsQuietlyExceptTheKexecMetadata() {
        boolean metadataFailureSeen = false;
        for (int free = 0; free < 64; free++) {
            Run r = initWith(free);
            if (r.err() == 0) {
                assertTrue(r.kho().enabled());
                assertTrue(metadataFailureSeen, "kho_init() succeeded with " + free + " pages before any kexec-metadata failure");
                assertEquals(List.of(), lines(r.log()), "a successful cold kho_init() prints nothing");
                return;
            }
            assertEquals(-Errno.ENOMEM, r.err(), "free pages " + free);
            assertFalse(r.kho().enabled(), "kho_enable = false after a failure");
            List<String> text = lines(r.log());
            if (text.isEmpty()) {
                assertFalse(metadataFailureSeen, "a quiet failure after the kexec-metadata step, free pages " + free);
                continue;
            }
            // kho_out_kexec_metadata(): kho_alloc_preserve() or kho_add_subtree() ran out of memory
            assertEquals(List.of("KHO: failed to initialize kexec-metadata subtree: -12"), text, "free pages " + free);
            assertEquals(KernelLog.Level.WARNING, r.log().lines().get(0).level());
            metadataFailureSeen = true;
        }
        fail("kho_init() never succeeded");
    }
}

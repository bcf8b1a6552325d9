package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.injectAndFinish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import org.junit.jupiter.api.Test;

/**
 * Raw writes to the KHO FDT's totalsize: what fdt_check_header() accepts (every block inside,
 * at most INT_MAX) changes nothing kho_populate() reads, except INT_MAX itself, where
 * fdt_ro_probe_() makes every property name unreadable. Each write is checked against the
 * expectation RawTargets states for it.
 */
class KhoFdtTotalsizeTest {
    private static Outcome totalsize(Abi abi, String bytes) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
        DEMO.build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        long fdt = run.bootParams().khoFdtPa();
        return injectAndFinish(run, "write-bytes", Params.of("pa", Fuzzer.hex(fdt + 4), "bytes", bytes));
    }

    @Test
    void beyondThePageUpToIntMaxMinusOneIsRestored() {
        for (Abi abi : Abi.ALL) {
            for (String b : new String[] {"00 00 10 01", "00 10 00 00", "7f ff ff fe"}) {
                assertEquals(OutcomeKind.RESTORED, totalsize(abi, b).kind(), abi + " " + b);
            }
        }
    }

    @Test
    void intMaxMakesTheCompatibleUnreadable() {
        Outcome o = totalsize(Abi.V7, "7f ff ff ff");
        assertEquals(OutcomeKind.KHO_DISABLED, o.kind());
        assertTrue(o.log().stream().anyMatch(l -> l.matches("KHO: setup: handover FDT \\(0x[0-9a-f]+\\) is incompatible with 'kho-v4': -1")),
                () -> String.join("\n", o.log()));
        assertLog(o, "KHO: disabling KHO revival");
    }

    @Test
    void aboveIntMaxIsTruncated() {
        Outcome o = totalsize(Abi.V7, "80 00 00 00");
        assertEquals(OutcomeKind.KHO_DISABLED, o.kind());
        assertTrue(o.log().stream().anyMatch(l -> l.endsWith(") is invalid: -8")), () -> String.join("\n", o.log()));
    }
}

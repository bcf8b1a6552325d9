package luolab.engine.corrupt;

import static luolab.engine.corrupt.CorruptTestSupport.DEMO;
import static luolab.engine.corrupt.CorruptTestSupport.assertLog;
import static luolab.engine.corrupt.CorruptTestSupport.assertPanic;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * The FDT era's luo_early_startup() (pre-series, seed 004; series v2, seed 003): the "LUO" LUO FDT
 * is checked only by fdt_node_check_compatible() on its root, never by fdt_check_header(), and
 * the log prints that call's return value.
 */
class LuoFdtCompatibleTest {
    private static Outcome withLuoFdtByte(Abi abi, int offset, int value) {
        CorruptionRun run = GenerationInjectorsTest.start(abi, DEMO);
        long luoFdt = HandoverReader.read(run.machine(), Stage.HANDOVER).luoFdtPa();
        assertTrue(luoFdt != 0 && run.machine().memory().contains(luoFdt, PhysicalMemory.PAGE_SIZE));
        run.machine().memory().write(luoFdt + offset, new byte[] {(byte) value}, null);
        return run.finishCycle();
    }

    @Test
    void aBadMagicIsNotFoundNotBadMagic() {
        // fdt_getprop() walks the properties without looking at the magic; fdt_get_string() runs
        // fdt_ro_probe_(), which fails, so no name matches "compatible": -FDT_ERR_NOTFOUND (-1), not
        // the -FDT_ERR_BADMAGIC (-9) a full parse would report
        assertPanic(withLuoFdtByte(Abi.PRE_SERIES, 0, 0xde), -Errno.EINVAL, "luo: FDT 'LUO' is incompatible with 'luo-v1' [-1]");
        assertPanic(withLuoFdtByte(Abi.SEEDS_V2, 3, 0xee), -Errno.EINVAL, "luo: FDT 'LUO' is incompatible with 'luo-v2' [-1]");
    }

    @Test
    void aVersionNoLongerCheckedIsAccepted() {
        // last_comp_version 17 → 16: fdt_check_header() would still pass, and nothing else reads it
        Outcome o = withLuoFdtByte(Abi.PRE_SERIES, 27, 16);
        assertTrue(o.kind() == OutcomeKind.RESTORED, o::details);
        assertLog(o, "luo: Retrieved live update data, liveupdate number: 1");
    }
}

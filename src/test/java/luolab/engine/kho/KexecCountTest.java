package luolab.engine.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.engine.EngineTestSupport;
import luolab.engine.fdt.FdtNode;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import org.junit.jupiter.api.Test;

/**
 * kexec_count is a u32 (struct kho_kexec_metadata, kho_in.kexec_count): kho_in_kexec_metadata()
 * prints it with %u and kho_out_kexec_metadata() writes kho_in.kexec_count + 1 in u32
 * arithmetic, so 0xFFFFFFFF reads as 4294967295 and the next record wraps to 0.
 */
class KexecCountTest {
    private static long outgoingCountPa(Machine m) {
        FdtNode meta = m.kernel().kho().outgoingFdt().child(Kho.KEXEC_METADATA).orElseThrow();
        return meta.getU64LE(Kho.PROP_SUB_FDT).orElseThrow() + 69;
    }

    @Test
    void anAllOnesCountPrintsUnsignedAndWrapsToZero() {
        Machine m = EngineTestSupport.boot();
        String release = m.kernel().release();
        m.memory().writeU32(outgoingCountPa(m), 0xFFFFFFFFL, luolab.engine.memory.FieldRef.of("kho_kexec_metadata", "kexec_count"));
        Kernel k = EngineTestSupport.kexecOk(m);
        assertTrue(EngineTestSupport.hasLine(k, "KHO: exec from: " + release + " (count 4294967295)"), EngineTestSupport.dmesg(k));
        assertEquals(4294967295L, k.kexecCount());
        assertEquals(0, m.memory().u32(outgoingCountPa(m)), "kho_in.kexec_count + 1 wraps in u32");
        Kernel next = EngineTestSupport.kexecOk(m);
        assertTrue(EngineTestSupport.hasLine(next, "KHO: exec from: " + k.release() + " (count 0)"), EngineTestSupport.dmesg(next));
        assertEquals(0, next.kexecCount());
        assertEquals(1, m.memory().u32(outgoingCountPa(m)));
    }
}

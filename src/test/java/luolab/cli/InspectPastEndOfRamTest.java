package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.corrupt.CorruptionRun;
import luolab.engine.corrupt.Scenario;
import luolab.engine.handover.Handover;
import luolab.engine.handover.ReadPurpose;
import luolab.engine.machine.Machine;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.export.HandoverStructs;
import luolab.scenario.MemoryImage;
import org.junit.jupiter.api.Test;

/**
 * A file block whose header is the last 16 bytes of RAM, so its luo_file_ser entries lie past the
 * end: the next kernel would fault on them. inspect and the ImHex export read the entries through
 * the shared reader, which records that instead of throwing, so both say so and carry on.
 */
class InspectPastEndOfRamTest {
    private static final FieldRef TEST = FieldRef.of("test", "damage");

    @Test
    void aFileBlockRunningPastTheEndOfRamIsAProblemNotACrash() {
        Machine m = Machine.coldBoot(16L << 20, Abi.V7, Trace.off());
        Scenario.demo().build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        PhysicalMemory mem = m.memory();
        long fdt = run.bootParams().khoFdtPa();
        Handover h = Handover.read(mem, fdt, false, Abi.V7, ReadPurpose.TARGETS);
        Handover.SessionEntry alpha = h.entries().get(0);
        long block = mem.end() - Abi.BLOCK_HEADER_SIZE;
        mem.writeU64(alpha.pa() + Layouts.SESSION_SER.offset("file_set_ser.files"), block, TEST);
        mem.writeU64(block, 0, TEST);
        mem.writeU64(block + 8, 2, TEST);

        StringWriter sw = new StringWriter();
        MemoryImage.Handover image = new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), fdt,
                run.bootParams().scratch(), Abi.V7.id(), m.kernel().boot() + 1);
        new ImageWalker(mem, image, new PrintWriter(sw, true), false).walk(0);
        String out = sw.toString();
        String where = String.format("luo_file_ser 0x%x is outside RAM", mem.end());
        assertTrue(out.contains("  ! files of \"alpha\": " + where + ": the next kernel would fault"), out);
        assertTrue(out.contains("  ! session \"alpha\": file_set_ser.count 2 but 0 entries found"), out);

        HandoverStructs.Result placed = HandoverStructs.walk(mem, fdt, Abi.V7);
        assertTrue(placed.notes().contains("file of alpha: " + where), placed.notes().toString());
        assertEquals(1, placed.ofType("luo_file_ser").stream().filter(p -> p.name().startsWith("files_alpha_")).count());
    }
}

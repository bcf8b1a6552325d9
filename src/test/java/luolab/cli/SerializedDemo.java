package luolab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import luolab.engine.abi.Abi;
import luolab.engine.corrupt.CorruptionReport;
import luolab.engine.corrupt.CorruptionRun;
import luolab.engine.corrupt.Params;
import luolab.engine.corrupt.Scenario;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.export.HandoverStructs;
import luolab.scenario.MemoryImage;

/**
 * The corruption demo (sessions alpha, beta, gamma) on v7, serialized for the kexec: what the
 * export-versus-inspect tests damage and then read both ways.
 */
record SerializedDemo(Machine machine, CorruptionRun run, PhysicalMemory mem, long fdt) {
    static SerializedDemo v7() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, Trace.off());
        Scenario.demo().build(m);
        CorruptionRun run = CorruptionRun.begin(m);
        assertTrue(run.serialize());
        return new SerializedDemo(m, run, m.memory(), run.bootParams().khoFdtPa());
    }

    /** Writes the u64 at {@code pa} with the catalog's write-u64 injector, as a user would. */
    void writeU64(long pa, String value) {
        CorruptionReport r = run.inject("write-u64", Params.of("pa", String.format("0x%x", pa), "value", value));
        assertTrue(r.ok(), r.error());
    }

    /** What `luolab inspect` prints for this handover. */
    String inspect() {
        StringWriter sw = new StringWriter();
        MemoryImage.Handover image = new MemoryImage.Handover(PhysicalMemory.PAGE_SIZE, mem.base(), mem.size(), fdt,
                run.bootParams().scratch(), Abi.V7.id(), machine.kernel().boot() + 1);
        new ImageWalker(mem, image, new PrintWriter(sw, true), false).walk(0);
        return sw.toString();
    }

    /** What the ImHex export places for this handover. */
    HandoverStructs.Result exported() {
        return HandoverStructs.walk(mem, fdt, Abi.V7);
    }
}

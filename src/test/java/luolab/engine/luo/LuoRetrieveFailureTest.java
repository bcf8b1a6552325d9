package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.dmesg;
import static luolab.engine.EngineTestSupport.hasLine;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.kho.Kho;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.Process;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * luo_early_startup() when kho_retrieve_subtree("LUO") fails with something other than -ENOENT:
 * pr_err, then the error makes liveupdate_early_init() panic. The text depends on the generation:
 * while "LUO" was a LUO FDT (pre-series "luo-v1", series v2 "luo-v2") luo_core.c printed
 * "failed to retrieve FDT '%s' from KHO: %pe"; the patch that made luo_ser the raw KHO blob
 * reworded it to "failed to retrieve LUO state '%s' from KHO: %pe" (v7).
 */
class LuoRetrieveFailureTest {
    private static final String FDT_TEXT = "luo: failed to retrieve FDT 'LUO' from KHO: -EINVAL";
    private static final String STATE_TEXT = "luo: failed to retrieve LUO state 'LUO' from KHO: -EINVAL";

    static Stream<Arguments> generations() {
        return Stream.of(
                Arguments.of(Abi.PRE_SERIES, FDT_TEXT, STATE_TEXT),
                Arguments.of(Abi.SEEDS_V2, FDT_TEXT, STATE_TEXT),
                Arguments.of(Abi.V7, STATE_TEXT, FDT_TEXT));
    }

    /** The "LUO" node of the KHO root FDT loses its blob-size: kho_retrieve_subtree() says -EINVAL. */
    private static Kernel bootWithoutLuoBlobSize(Abi abi) throws Exception {
        Machine m = Machine.coldBoot(abi);
        Process p = new Process(m.kernel());
        memfdOk(p, createOk(p, openDev(p), "retrieve"), 1, "payload");
        BootParams bp = serialize(m);
        long fdt = bp.khoFdtPa();
        FdtNode root = FdtReader.parse(m.memory().read(fdt, PhysicalMemory.PAGE_SIZE)).tree().orElseThrow().root();
        assertTrue(root.child(Luo.KHO_ENTRY_NAME).orElseThrow().removeProperty(Kho.PROP_BLOB_SIZE));
        m.memory().write(fdt, FdtWriter.write(root, PhysicalMemory.PAGE_SIZE), null);
        m.bootNext(bp, abi);
        return m.kernel();
    }

    @ParameterizedTest
    @MethodSource("generations")
    void theRetrieveErrorIsWordedAsTheGenerationDid(Abi abi, String expected, String other) throws Exception {
        Kernel k = bootWithoutLuoBlobSize(abi);
        assertLine(k, "KHO: broken KHO subnode 'LUO': missing or invalid blob-size property");
        assertTrue(hasLine(k, expected), () -> abi + ": expected \"" + expected + "\" in:\n" + dmesg(k));
        assertNoLine(k, other);
        assertRestorePanic(k, "-EINVAL");
    }
}

package luolab.engine.luo;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.dmesg;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/**
 * luo_flb_setup_incoming() of the pre-series LUO FDT (torvalds kernel/liveupdate/luo_flb.c before
 * seed 003 replaced it with a luo_ser field): the luo-flb node, its compatible "luo-flb-v1" and an
 * 8-byte luo-flb-header are required; each failure is returned by luo_early_startup() and
 * liveupdate_early_init() panics. Series v2 only ignores a zero flbs_pa.
 */
class PreSeriesFlbNodeTest {

    private static Kernel bootWithEditedLuoFdt(Consumer<FdtNode> edit) throws Exception {
        Machine m = Machine.coldBoot(Abi.PRE_SERIES);
        Process p = new Process(m.kernel());
        memfdOk(p, createOk(p, openDev(p), "flb"), 1, "payload");
        long luoFdt = m.kernel().luo().luoFdtPa();
        BootParams bp = serialize(m);
        byte[] page = m.memory().read(luoFdt, PhysicalMemory.PAGE_SIZE);
        FdtNode root = FdtReader.parse(page).tree().orElseThrow().root();
        edit.accept(root);
        m.memory().write(luoFdt, FdtWriter.write(root, PhysicalMemory.PAGE_SIZE), null);
        m.bootNext(bp, Abi.PRE_SERIES);
        return m.kernel();
    }

    private static FdtNode flb(FdtNode root) {
        return root.child(Luo.LUO_FDT_FLB_NODE).orElseThrow();
    }

    @Test
    void aMissingFlbNodeIsEnoentAndPanics() throws Exception {
        Kernel k = bootWithEditedLuoFdt(root -> assertTrue(root.removeChild(Luo.LUO_FDT_FLB_NODE)));
        // the sessions were set up first (luo_session_setup_incoming() succeeded), then the FLB node
        assertLine(k, "luo: Retrieved live update data, liveupdate number: 1");
        assertLine(k, "luo: Unable to get FLB node [luo-flb]");
        assertRestorePanic(k, "-ENOENT");
        // the early_initcall panics before the fs_initcall kho_init() could log anything
        assertNoLine(k, "exec from:");
    }

    @Test
    void anotherFlbCompatibleIsEinval() throws Exception {
        Kernel k = bootWithEditedLuoFdt(root -> flb(root).setString("compatible", "luo-flb-v0"));
        // fdt_node_check_compatible() returns 1 when the property exists but does not match
        assertLine(k, "luo: FLB node is incompatible with 'luo-flb-v1' [1]");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void aMissingFlbHeaderIsEinvalWithLibfdtsError() throws Exception {
        Kernel k = bootWithEditedLuoFdt(root -> assertTrue(flb(root).removeProperty(Luo.LUO_FDT_FLB_HEADER)));
        // fdt_getprop() stores -FDT_ERR_NOTFOUND (-1) in the length it prints
        assertLine(k, "luo: Unable to get FLB header property 'luo-flb-header' [-1]");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void aShortFlbHeaderIsEinval() throws Exception {
        Kernel k = bootWithEditedLuoFdt(root -> flb(root).setProperty(Luo.LUO_FDT_FLB_HEADER, new byte[4]));
        assertLine(k, "luo: Unable to get FLB header property 'luo-flb-header' [4]");
        assertRestorePanic(k, "-EINVAL");
    }

    @Test
    void anUntouchedLuoFdtBootsWithTheFlbPage() throws Exception {
        Kernel k = bootWithEditedLuoFdt(root -> { });
        assertFalse(k.panicked(), () -> k.panicMessage() + "\n" + dmesg(k));
        assertNoLine(k, "FLB");
        assertTrue(k.luo().flbs().incomingPa() != 0);
    }

    /** From series v2 on, luo_flb_setup_incoming(flbs_pa) only skips a zero page address. */
    @Test
    void seriesV2WithoutFlbDataStillBoots() {
        Machine m = Machine.coldBoot(Abi.SEEDS_V2);
        Process p = new Process(m.kernel());
        memfdOk(p, createOk(p, openDev(p), "flb"), 1, "payload");
        long ser = m.kernel().luo().luoSerPa();
        BootParams bp = serialize(m);
        m.memory().writeU64(ser + luolab.engine.abi.Layouts.LUO_SER_V2.offset("flbs_pa"), 0, null);
        m.bootNext(bp, Abi.SEEDS_V2);
        Kernel k = m.kernel();
        assertFalse(k.panicked(), () -> k.panicMessage() + "\n" + dmesg(k));
        assertNoLine(k, "FLB");
        assertTrue(k.luo().flbs().incomingPa() == 0);
    }
}

package luolab.engine.machine;

import static luolab.engine.EngineTestSupport.assertLine;
import static luolab.engine.EngineTestSupport.assertNoLine;
import static luolab.engine.EngineTestSupport.assertRestorePanic;
import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.dmesg;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static luolab.engine.EngineTestSupport.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The next kernel's initcall order (kernel-luo.md §2, §3.5; luo_core.c early_initcall
 * liveupdate_early_init, kexec_handover.c fs_initcall kho_init): kho_populate() and
 * kho_memory_init() run in setup_arch()/mm init, then LUO's early_initcall reads the handover
 * through kho_in, then kho_init() builds the outgoing FDT and logs the incoming kexec-metadata
 * ("exec from: %s (count %u)"), then the late_initcalls. A LUO panic therefore comes before any
 * kho_init() output.
 */
class BootOrderTest {
    static final String RETRIEVED = "luo: Retrieved live update data, liveupdate number: 1";

    static Stream<Abi> generations() {
        return Abi.ALL.stream();
    }

    private static Machine withSession(Abi abi, Trace trace) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, trace);
        Process p = new Process(m.kernel());
        memfdOk(p, createOk(p, openDev(p), "order"), 1, "payload");
        return m;
    }

    private static int indexOf(Kernel k, String prefix) {
        List<KernelLog.Line> lines = k.log().lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @MethodSource("generations")
    void luoEarlyStartupLogsBeforeKhoInit(Abi abi) {
        Machine m = withSession(abi, Trace.off());
        String previous = m.kernel().release();
        assertEquals(0, m.kexec(abi));
        Kernel k = m.kernel();
        assertFalse(k.panicked(), () -> k.panicMessage() + "\n" + dmesg(k));
        int found = indexOf(k, "KHO: found kexec handover data.");
        int reserved = indexOf(k, "kho_mem_retrieve(): reserved ");
        int luo = indexOf(k, RETRIEVED);
        int exec = indexOf(k, "KHO: exec from: " + previous + " (count 1)");
        int waiting = indexOf(k, "incoming sessions wait for the first open of /dev/liveupdate");
        String log = dmesg(k);
        assertTrue(found >= 0 && reserved > found, log);
        assertTrue(luo > reserved, "early_initcall after kho_memory_init:\n" + log);
        assertTrue(exec > luo, "fs_initcall kho_init after the early_initcall:\n" + log);
        assertTrue(waiting > exec, "late_initcalls last:\n" + log);
        // the handover LUO adopted at early boot is the one the late initcalls then serve
        Process q = new Process(k);
        assertTrue(q.retrieveSession(openDev(q), "order") >= 0);
    }

    @Test
    void callStacksAreTheInitcallLevels() {
        Trace trace = new Trace(Trace.Mode.COARSE);
        Machine m = withSession(Abi.V7, trace);
        int from = trace.size();
        assertEquals(0, m.kexec(Abi.V7));
        TraceEvent.Log retrieved = null;
        TraceEvent.Log exec = null;
        int luoAt = -1;
        int firstKhoInit = -1;
        List<TraceEvent> events = trace.events();
        for (int i = from; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.Log l && l.line().text().equals(RETRIEVED)) {
                retrieved = l;
                luoAt = i;
            }
            if (e instanceof TraceEvent.Log l && l.line().text().startsWith("KHO: exec from: ")) {
                exec = l;
            }
            if (firstKhoInit < 0 && stackOf(e).contains("kho_init")) {
                firstKhoInit = i;
            }
        }
        assertNotNull(retrieved);
        assertNotNull(exec);
        assertEquals(List.of("do_pre_smp_initcalls", "liveupdate_early_init", "luo_early_startup"), retrieved.stack().frames());
        assertEquals(List.of("do_initcalls", "kho_init"), exec.stack().frames());
        assertEquals(Phase.EARLY_BOOT, retrieved.phase());
        assertEquals(Phase.EARLY_BOOT, exec.phase());
        assertTrue(firstKhoInit > luoAt, "nothing of kho_init() before LUO's early_initcall: " + firstKhoInit + " < " + luoAt);
    }

    private static luolab.engine.trace.CallStack stackOf(TraceEvent e) {
        if (e instanceof TraceEvent.Log l) {
            return l.stack();
        }
        if (e instanceof TraceEvent.PagesAllocated a) {
            return a.stack();
        }
        if (e instanceof TraceEvent.Preserve p) {
            return p.stack();
        }
        if (e instanceof TraceEvent.FdtNode f) {
            return f.stack();
        }
        return luolab.engine.trace.CallStack.ROOT;
    }

    @Test
    void aLuoPanicStopsTheBootBeforeKhoInit() {
        Machine m = withSession(Abi.V7, Trace.off());
        long luoSer = m.kernel().luo().luoSerPa();
        BootParams bp = serialize(m);
        // luo_ser.compatible "luo-v5" → "Xuo-v5": strncmp() fails in luo_early_startup()
        m.memory().write(luoSer, new byte[] {'X'}, null);
        m.bootNext(bp, Abi.V7);
        Kernel k = m.kernel();
        assertLine(k, "luo: LUO state is incompatible with 'luo-v5'");
        assertRestorePanic(k, "-EINVAL");
        assertNoLine(k, "exec from:");
        // kho_init() never ran: no outgoing FDT, no kexec-metadata written for a next kernel
        assertEquals(0, k.kho().fdtPa());
        assertNull(k.kho().outgoingFdt());
        List<KernelLog.Line> lines = k.log().lines();
        // kernel/panic.c: the panic line, then "---[ end Kernel panic - not syncing: %s ]---" last
        assertTrue(lines.get(lines.size() - 2).text().startsWith("Kernel panic - not syncing: "), dmesg(k));
        assertEquals("---[ end Kernel panic - not syncing: " + k.panicMessage() + " ]---", lines.get(lines.size() - 1).text());
    }

    /**
     * kho_in_kexec_metadata() reads the previous kernel's record in place from kho_init(): a wild
     * preserved-data faults there, after LUO has already adopted the handover.
     */
    @Test
    void aWildKexecMetadataFaultsInKhoInitAfterLuoEarlyStartup() throws Exception {
        Machine m = withSession(Abi.V7, Trace.off());
        BootParams bp = serialize(m);
        long wild = m.memory().end() + (64L << 20);
        byte[] page = m.memory().read(bp.khoFdtPa(), PhysicalMemory.PAGE_SIZE);
        FdtNode root = FdtReader.parse(page).tree().orElseThrow().root();
        root.child("kexec-metadata").orElseThrow().setU64LE("preserved-data", wild);
        m.memory().write(bp.khoFdtPa(), FdtWriter.write(root, PhysicalMemory.PAGE_SIZE), null);
        m.bootNext(bp, Abi.V7);
        Kernel k = m.kernel();
        assertTrue(k.panicked(), dmesg(k));
        assertEquals("Attempted to kill init! exitcode=0x0000000b", k.panicMessage());
        int luo = indexOf(k, RETRIEVED);
        int oops = indexOf(k, "Oops: ");
        assertTrue(luo >= 0 && oops > luo, dmesg(k));
    }
}

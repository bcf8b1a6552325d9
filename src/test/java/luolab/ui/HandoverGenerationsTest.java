package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.machine.BootParams;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.user.Process;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.engine.handover.Handover;
import org.junit.jupiter.api.Test;

/**
 * The chain view's reader on what the engine writes for each generation: series v2's LUO FDT →
 * luo_ser → 2-page block chains, and the pre-series LUO FDT → fixed session and file arrays.
 * Numbers are the kernel's: v2 2000 sessions → ceil(2000/102) = 20 blocks, v7 → 40; pre-series
 * 819 sessions / 128 files per array.
 */
class HandoverGenerationsTest {
    private static final long NEXT = Layouts.BLOCK_HEADER.offset("next");
    private static final long COUNT = Layouts.BLOCK_HEADER.offset("count");

    /** The process holding /dev/liveupdate (it can be opened once), by machine. */
    private final java.util.Map<Machine, int[]> devs = new java.util.HashMap<>();
    private final java.util.Map<Machine, Process> procs = new java.util.HashMap<>();

    /** A machine of generation {@code abi} with {@code sessions} sessions (files: {@code files[i]} memfds in session i). */
    private Machine withSessions(Abi abi, int sessions, int... files) {
        Machine m = Machine.coldBoot(256L << 20, abi, new Trace(Trace.Mode.COARSE));
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        procs.put(m, p);
        devs.put(m, new int[] {dev});
        assertTrue(dev >= 0);
        for (int s = 0; s < sessions; s++) {
            int sfd = p.createSession(dev, "s-" + s);
            assertTrue(sfd >= 0, "create session " + s + ": " + sfd);
            for (int f = 0; s < files.length && f < files[s]; f++) {
                assertEquals(0, Math.min(0, p.preserveMemfd(sfd, f + 1, new byte[] {(byte) f})), "preserve file " + f);
            }
        }
        return m;
    }

    private static BootParams serialize(Machine m) {
        int[] err = new int[1];
        BootParams bp = m.serializeForKexec(err);
        assertTrue(bp != null, "serialize failed: " + err[0]);
        return bp;
    }

    /** What the next kernel would find, read from bytes with {@code asAbi} as the fallback generation. */
    private static Handover outgoing(Machine m, BootParams bp, Abi asAbi) {
        return Handover.read(m.memory(), bp.khoFdtPa(), false, asAbi);
    }

    private static Handover outgoing(Machine m, BootParams bp) {
        return outgoing(m, bp, m.kernel().abi());
    }

    @Test
    void v2TwoThousandSessionsAreTwentyTwoPageBlocksOf102() {
        Machine m = withSessions(Abi.SEEDS_V2, 2000);
        List<Long> engineBlocks = m.kernel().luo().sessions().outgoingBlocks().blocks();
        Handover h = outgoing(m, serialize(m));
        assertEquals(Abi.SEEDS_V2, h.generation());
        assertEquals("luo-v2", h.compatible(), "the LUO FDT's compatible");
        assertNotEquals(0, h.luoFdtPa());
        assertEquals(m.kernel().luo().luoSerPa(), h.luoSerPa(), "luo-abi-header → the 24-byte luo_ser");
        assertNull(h.luoProblem());
        Handover.Chain s = h.sessions();
        assertEquals(20, s.blocks().size(), "ceil(2000 / 102)");
        assertEquals(engineBlocks, s.blocks().stream().map(Handover.Block::pa).toList());
        assertTrue(s.ok(), s.problem());
        assertFalse(s.layout().array());
        assertEquals(8192, s.layout().bytes());
        assertEquals(102, s.layout().slots());
        for (int i = 0; i < 19; i++) {
            assertEquals(102, s.blocks().get(i).count());
            assertEquals(102, s.blocks().get(i).capacity());
        }
        assertEquals(2000 - 19 * 102, s.blocks().get(19).count());
        assertEquals(0, s.blocks().get(19).next());
        assertEquals(2000, h.entries().size());
        assertEquals("s-1999", h.entries().get(1999).name());
        assertEquals("2 pages · 102 slots", s.layout().detail());
    }

    /** The FDT view shows the LUO FDT of the FDT-era generations: it is read from its page, v7 has none. */
    @Test
    void luoFdtIsReadFromBytesForV2AndPreSeries() {
        Machine v2 = withSessions(Abi.SEEDS_V2, 3);
        Handover h2 = outgoing(v2, serialize(v2));
        assertTrue(h2.luoFdt() != null, "v2 LUO FDT");
        assertEquals("luo-v2", h2.luoFdt().getString("compatible").orElse(""));
        assertEquals(h2.luoSerPa(), h2.luoFdt().getU64LE("luo-abi-header").orElse(-1), "luo-abi-header points to luo_ser");

        Machine pre = withSessions(Abi.PRE_SERIES, 3);
        Handover hp = outgoing(pre, serialize(pre));
        assertTrue(hp.luoFdt() != null, "pre-series LUO FDT");
        assertEquals("luo-v1", hp.luoFdt().getString("compatible").orElse(""));
        assertTrue(hp.luoFdt().child("luo-session").isPresent(), "luo-session node");

        Machine v7 = withSessions(Abi.V7, 3);
        assertNull(outgoing(v7, serialize(v7)).luoFdt(), "v7's LUO subtree is a raw luo_ser, not an FDT");
    }

    @Test
    void v7TwoThousandSessionsAreFortyOnePageBlocksOf51() {
        Machine m = withSessions(Abi.V7, 2000);
        Handover h = outgoing(m, serialize(m));
        assertEquals(Abi.V7, h.generation());
        assertEquals(0, h.luoFdtPa(), "v7 has no LUO FDT: luo_ser is the raw blob");
        assertEquals(40, h.sessions().blocks().size());
        assertEquals(4096, h.sessions().layout().bytes());
        assertEquals("1 page · 51 slots", h.sessions().layout().detail());
        assertEquals(2000, h.entries().size());
    }

    @Test
    void v2FileChainsUse127SlotBlocks() {
        Machine m = withSessions(Abi.SEEDS_V2, 2, 200, 0);
        Handover h = outgoing(m, serialize(m));
        Handover.Chain files = h.entries().get(0).files();
        assertEquals(2, files.blocks().size(), "ceil(200 / 127)");
        assertEquals(127, files.blocks().get(0).count());
        assertEquals(73, files.blocks().get(1).count());
        assertEquals(127, files.layout().slots());
        assertEquals(200, h.entries().get(0).fileCount());
        assertTrue(h.entries().get(1).files().blocks().isEmpty(), "no files: file_set_ser stays zero");
    }

    @Test
    void aCyclicV2ChainIsReportedAndTheNextKernelAgrees() {
        Machine m = withSessions(Abi.SEEDS_V2, 300);
        BootParams bp = serialize(m);
        List<Handover.Block> blocks = outgoing(m, bp).sessions().blocks();
        assertEquals(3, blocks.size());
        // the last block's next back to the second: a write behind the kernel's back
        m.memory().writeU64(blocks.get(2).pa() + NEXT, blocks.get(1).pa(), Layouts.BLOCK_HEADER.ref("next"));
        Handover h = outgoing(m, bp);
        assertEquals(1, h.sessions().cycleTo());
        assertTrue(h.sessions().problem().startsWith("cyclic"), h.sessions().problem());
        assertEquals(300, h.entries().size(), "the blocks' entries are still listed (each block's count is fine)");
        m.bootNext(bp, Abi.SEEDS_V2);
        assertTrue(m.kernel().log().lines().stream().anyMatch(l -> l.text().contains("Cyclic list detected")),
                "the v2 kernel's Floyd check fires too");
    }

    @Test
    void aZeroCountV2BlockIsNotAProblemButInV7ItIs() {
        // a duplicate create at a multiple of the block capacity leaves an empty, linked block
        // (luo_session_insert grows before the name check and does not shrink on -EEXIST)
        Machine v2 = withSessions(Abi.SEEDS_V2, 102);
        Machine v7 = withSessions(Abi.V7, 51);
        for (Machine m : List.of(v2, v7)) {
            assertTrue(procs.get(m).createSession(devs.get(m)[0], "s-0") < 0, "duplicate name");
        }
        BootParams bp2 = serialize(v2);
        Handover h2 = outgoing(v2, bp2);
        assertEquals(2, h2.sessions().blocks().size());
        assertEquals(0, h2.sessions().blocks().get(1).count());
        assertNull(h2.sessions().blocks().get(1).problem(), "v2's luo_block_restore has no zero-count check");
        assertTrue(h2.sessions().ok());
        assertEquals(102, h2.entries().size());
        v2.bootNext(bp2, Abi.SEEDS_V2);
        assertFalse(v2.kernel().panicked(), "and the v2 kernel accepts it");

        BootParams bp7 = serialize(v7);
        Handover h7 = outgoing(v7, bp7);
        assertEquals("invalid entry count 0", h7.sessions().blocks().get(1).problem());
        assertFalse(h7.sessions().ok());
        v7.bootNext(bp7, Abi.V7);
        assertTrue(v7.kernel().panicked(), "v7's kho_block_set_restore rejects it");
    }

    @Test
    void anOverfullV2BlockIsReported() {
        Machine m = withSessions(Abi.SEEDS_V2, 5);
        BootParams bp = serialize(m);
        long head = outgoing(m, bp).sessions().headPa();
        m.memory().writeU64(head + COUNT, 103, Layouts.BLOCK_HEADER.ref("count"));
        Handover h = outgoing(m, bp);
        assertEquals("too many entries: 103 > 102", h.sessions().problem());
        assertTrue(h.entries().isEmpty(), "restore stops at the block it rejects");
    }

    @Test
    void preSeriesShowsTheSessionArrayAndEachFileArray() {
        Machine m = withSessions(Abi.PRE_SERIES, 3, 2, 0, 1);
        long arrayPa = m.kernel().luo().sessions().outgoingBlocks().headPa();
        Handover h = outgoing(m, serialize(m));
        assertEquals(Abi.PRE_SERIES, h.generation());
        assertEquals("luo-v1", h.compatible());
        assertEquals(0, h.luoSerPa(), "no luo_ser before the series");
        assertEquals(1, h.liveupdateNum(), "liveupdate-number of the LUO FDT");
        Handover.Chain s = h.sessions();
        assertTrue(s.layout().array());
        assertEquals(819, s.layout().slots(), "LUO_SESSION_MAX = (16 * 4096 - 8) / 80");
        assertEquals(16 * PhysicalMemory.PAGE_SIZE, s.layout().bytes());
        assertEquals(List.of(arrayPa), s.blocks().stream().map(Handover.Block::pa).toList(), "one array, one box");
        assertEquals(3, s.blocks().get(0).count(), "the luo_session_header_ser count");
        assertEquals(0, s.blocks().get(0).next());
        assertEquals("array of 819 sessions", s.layout().headline(1));
        assertEquals(3, h.entries().size());
        Handover.Chain f0 = h.entries().get(0).files();
        assertTrue(f0.layout().array());
        assertEquals(128, f0.layout().slots(), "LUO_FILE_MAX = 8192 / 64");
        assertEquals(2, f0.blocks().get(0).count(), "a file array's count is the session entry's");
        assertTrue(h.entries().get(1).files().blocks().isEmpty());
        assertEquals(1, h.entries().get(2).files().blocks().get(0).count());
    }

    @Test
    void aFullPreSeriesArrayHolds819() {
        Machine m = withSessions(Abi.PRE_SERIES, 819);
        Handover h = outgoing(m, serialize(m));
        assertEquals(819, h.sessions().blocks().get(0).count());
        assertTrue(h.sessions().ok());
        assertEquals(819, h.entries().size());
    }

    @Test
    void aPreSeriesCountAboveTheArrayIsReported() {
        Machine m = withSessions(Abi.PRE_SERIES, 2);
        BootParams bp = serialize(m);
        long pa = outgoing(m, bp).sessions().headPa();
        m.memory().writeU64(pa, 820, Layouts.SESSION_HEADER_V1.ref("count"));
        Handover h = outgoing(m, bp);
        assertEquals("invalid session count 820", h.sessions().problem());
        assertTrue(h.entries().isEmpty());
    }

    @Test
    void theGenerationComesFromTheBytesNotTheCaller() {
        Machine v2 = withSessions(Abi.SEEDS_V2, 3);
        assertEquals(Abi.SEEDS_V2, outgoing(v2, serialize(v2), Abi.V7).generation());
        Machine pre = withSessions(Abi.PRE_SERIES, 3);
        assertEquals(Abi.PRE_SERIES, outgoing(pre, serialize(pre), Abi.SEEDS_V2).generation());
        Machine v7 = withSessions(Abi.V7, 3);
        assertEquals(Abi.V7, outgoing(v7, serialize(v7), Abi.PRE_SERIES).generation());
    }

    @Test
    void scenariosOfEachGenerationAreReadAtTheirKexec() throws Exception {
        for (String[] c : new String[][] {{"v2", "luo-v2", "2"}, {"pre", "luo-v1", "1"}, {"v7", "luo-v5", "3"}}) {
            String json = """
                    {"ram": "64M", "abi": "%s", "steps": [
                      {"op": "open_device"},
                      {"op": "repeat", "count": 130, "steps": [{"op": "create_session", "name": "vm-${i}"}]},
                      {"op": "kexec"}
                    ]}""".formatted(c[0]);
            RunResult r = new ScenarioRunner().run(new ScenarioParser().parse("t.json", json), Trace.Mode.FULL);
            PhysicalMemory mem = r.machine().memory();
            List<TraceEvent> ev = r.trace().events();
            int kexec = 0;
            while (!(ev.get(kexec) instanceof TraceEvent.Kexec)) {
                kexec++;
            }
            mem.setListener(null);
            new Stepper(mem, ev).goTo(kexec);
            long[] meta = new long[(int) mem.nrPages()];
            for (int i = 0; i < meta.length; i++) {
                meta[i] = mem.meta(mem.basePfn() + i);
            }
            Handover h = Handover.analyze(mem, meta, Abi.byId(c[0])).stream().filter(x -> !x.incoming()).findFirst()
                    .orElseThrow();
            assertEquals(c[1], h.compatible(), c[0]);
            assertEquals(130, h.entries().size(), c[0]);
            // 130 sessions: v2 two blocks of 102, v7 three of 51, pre-series one array
            assertEquals(Integer.parseInt(c[2]), h.sessions().blocks().size(), c[0]);
        }
    }
}

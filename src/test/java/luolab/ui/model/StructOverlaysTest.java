package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.handover.Handover;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hex inspector's overlays name the right struct and field on every page of a block or array,
 * not only its first: a series-v2 block's second page and page k of a pre-series array continue
 * the entries of the pages before them (kernel-luo.md §1, entry sizes from {@link Layouts}).
 * Engine-only: a run ending at kexec, its memory stepped back to just before the kexec and shown
 * as a frame.
 */
class StructOverlaysTest {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int SESSIONS = 60;
    private static final int FILES = 70;

    private record Shown(Abi abi, PhysicalMemory mem, long[] meta, Handover handover, LoadedRun run) {
        /** A frame watching {@code pfns}, with or without the handover analysis. */
        Frame frame(boolean analysis, long... pfns) {
            Map<Long, byte[]> pages = new HashMap<>();
            for (long p : pfns) {
                pages.put(p, mem.read(PhysicalMemory.pa(p), PAGE));
            }
            return new Frame(run, 0, Phase.RUNNING, null, meta, 1, pages, analysis ? List.of(handover) : null);
        }

        List<StructInstance> page(boolean analysis, long pfn, long... more) {
            long[] all = new long[more.length + 1];
            all[0] = pfn;
            System.arraycopy(more, 0, all, 1, more.length);
            return new StructOverlays(run, abi).forPage(frame(analysis, all), pfn);
        }

        long sessionsPa() {
            return handover.sessions().blocks().get(0).pa();
        }

        long filesPa() {
            return handover.entries().get(0).files().blocks().get(0).pa();
        }
    }

    /** {@value #SESSIONS} sessions, the first with {@value #FILES} files: more than a page of each store. */
    private static Shown run(String abiId) throws Exception {
        String json = """
                {"name": "overlays %s", "ram": "64M", "abi": "%s", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "big", "as": "big"},
                  {"op": "repeat", "count": %d, "steps": [{"op": "preserve_test_file", "session": "big", "token": "${i}"}]},
                  {"op": "repeat", "count": %d, "var": "s", "steps": [{"op": "create_session", "name": "idle-${s}", "as": "idle${s}"}]},
                  {"op": "kexec"}
                ]}""".formatted(abiId, abiId, FILES, SESSIONS - 1);
        RunResult r = new ScenarioRunner().run(new ScenarioParser().parse("o.json", json), Trace.Mode.FULL);
        assertTrue(r.ok(), abiId + ": the scenario runs");
        Abi abi = Abi.byId(abiId);
        PhysicalMemory mem = r.machine().memory();
        // back to just before the kexec: the old kernel's serialized blocks, as the workbench steps there
        List<TraceEvent> events = r.machine().trace().events();
        int kexec = 0;
        while (events.get(kexec).phase() != Phase.KEXEC) {
            kexec++;
        }
        new Stepper(mem, events).goTo(kexec);
        long[] meta = new long[(int) mem.nrPages()];
        for (int i = 0; i < meta.length; i++) {
            meta[i] = mem.meta(mem.basePfn() + i);
        }
        Handover h = Handover.analyze(mem, meta, abi).stream().filter(x -> !x.incoming()).findFirst().orElseThrow();
        assertEquals(SESSIONS, h.entries().size(), abiId + ": " + Handover.analyze(mem, meta, abi));
        assertEquals("big", h.entries().get(0).name(), abiId);
        LoadedRun run = new LoadedRun("o", null, json, mem, List.of(), abi, null, "trace off", null);
        return new Shown(abi, mem, meta, h, run);
    }

    private static StructInstance at(List<StructInstance> structs, long pa) {
        return structs.stream().filter(s -> s.contains(pa)).findFirst().orElse(null);
    }

    private static void assertField(List<StructInstance> structs, long pa, StructLayout layout, String title, String field) {
        StructInstance s = at(structs, pa);
        assertNotNull(s, String.format("a struct at 0x%x", pa));
        assertEquals(layout, s.layout(), String.format("struct at 0x%x", pa));
        assertEquals(title, s.title(), String.format("title at 0x%x", pa));
        assertEquals(field, s.fieldAt(pa).name(), String.format("field at 0x%x", pa));
    }

    private static boolean hasHeader(List<StructInstance> structs) {
        return structs.stream().anyMatch(s -> s.layout() == Layouts.BLOCK_HEADER || s.layout() == Layouts.SESSION_HEADER_V1);
    }

    @Test
    void v7OneBlockPerPageIsUnchanged() throws Exception {
        Shown v = run("v7");
        assertEquals(2, v.handover().sessions().blocks().size(), "60 sessions: 51 + 9");
        long b0 = v.sessionsPa();
        List<StructInstance> p = v.page(false, PhysicalMemory.pfn(b0));
        assertField(p, b0, Layouts.BLOCK_HEADER, "block header", "next");
        assertField(p, b0 + 8, Layouts.BLOCK_HEADER, "block header", "count");
        assertField(p, b0 + 16, Layouts.SESSION_SER, "session 0", "name");
        assertField(p, b0 + 16 + 50 * 80 + 72, Layouts.SESSION_SER, "session 50", "file_set_ser.count");
        assertEquals(1 + 51, p.size(), "header and 51 sessions");
        long b1 = v.handover().sessions().blocks().get(1).pa();
        List<StructInstance> q = v.page(false, PhysicalMemory.pfn(b1));
        assertField(q, b1 + 16, Layouts.SESSION_SER, "session 0", "name");
        assertEquals(1 + 9, q.size(), "the second block's own header and its 9 sessions");
    }

    @Test
    void v2SecondPageOfABlockContinuesItsEntries() throws Exception {
        Shown v = run("v2");
        assertEquals(1, v.handover().sessions().blocks().size(), "60 sessions fit one 2-page block of 102");
        long b = v.sessionsPa();
        long pfn = PhysicalMemory.pfn(b);
        List<StructInstance> first = v.page(false, pfn);
        assertField(first, b, Layouts.BLOCK_HEADER, "block header", "next");
        assertField(first, b + 16, Layouts.SESSION_SER, "session 0", "name");
        // (4096 - 16) / 80 = 51: entries 0..50 fill the first page exactly
        assertField(first, b + PAGE - 1, Layouts.SESSION_SER, "session 50", "file_set_ser.count");

        for (boolean analysis : new boolean[] {false, true}) {
            // with the first page watched, or (count from the analysis) without it
            List<StructInstance> second = analysis ? v.page(true, pfn + 1) : v.page(false, pfn + 1, pfn);
            assertFalse(hasHeader(second), "no header on the second page");
            assertField(second, b + PAGE, Layouts.SESSION_SER, "session 51", "name");
            assertField(second, b + PAGE + 64, Layouts.SESSION_SER, "session 51", "file_set_ser.files");
            assertField(second, b + 16 + 59 * 80 + 72, Layouts.SESSION_SER, "session 59", "file_set_ser.count");
            assertNull(at(second, b + 16 + 60 * 80), "nothing past the count");
            assertEquals(9, second.size(), "sessions 51..59");
        }

        // files: (4096 - 16) / 64 = 63.75, entry 63 straddles the page boundary
        long fb = v.filesPa();
        long fpfn = PhysicalMemory.pfn(fb);
        List<StructInstance> ff = v.page(false, fpfn);
        assertField(ff, fb + 16, Layouts.FILE_SER, "file 0", "compatible");
        assertField(ff, fb + PAGE - 1, Layouts.FILE_SER, "file 63", "compatible");
        List<StructInstance> fs = v.page(false, fpfn + 1, fpfn);
        assertFalse(hasHeader(fs), "no header on the file block's second page");
        assertField(fs, fb + PAGE, Layouts.FILE_SER, "file 63", "data");
        assertField(fs, fb + PAGE + 8, Layouts.FILE_SER, "file 63", "token");
        assertField(fs, fb + 16 + 64 * 64, Layouts.FILE_SER, "file 64", "compatible");
        assertField(fs, fb + 16 + 69 * 64 + 56, Layouts.FILE_SER, "file 69", "token");
        assertEquals(FILES - 63, fs.size(), "files 63..69");
    }

    @Test
    void preSeriesArraysHaveNoBlockHeaderAndContinueAcrossPages() throws Exception {
        Shown v = run("pre");
        assertEquals(8, Layouts.SESSION_HEADER_V1.size());
        assertEquals(80, Layouts.SESSION_SER.size());
        long a = v.sessionsPa();
        long pfn = PhysicalMemory.pfn(a);
        List<StructInstance> first = v.page(false, pfn);
        assertTrue(first.stream().noneMatch(s -> s.layout() == Layouts.BLOCK_HEADER), "no kho_block header");
        assertField(first, a, Layouts.SESSION_HEADER_V1, "session array header", "count");
        assertField(first, a + 8, Layouts.SESSION_SER, "session 0", "name");
        // (4096 - 8) / 80 = 51.1: entry 51 at 8 + 51 * 80 = 4088 straddles into page 1
        assertField(first, a + PAGE - 1, Layouts.SESSION_SER, "session 51", "name");

        List<StructInstance> second = v.page(false, pfn + 1, pfn);
        assertFalse(hasHeader(second), "page 1 of the array starts mid-array");
        assertField(second, a + PAGE, Layouts.SESSION_SER, "session 51", "name");
        assertField(second, a + 8 + 52 * 80, Layouts.SESSION_SER, "session 52", "name");
        assertField(second, a + 8 + 59 * 80 + 64, Layouts.SESSION_SER, "session 59", "file_set_ser.files");
        assertNull(at(second, a + 8 + 60 * 80), "nothing past the count");
        assertEquals(SESSIONS - 51, second.size());
        assertEquals(second, v.page(true, pfn + 1), "the count from the analysis when page 0 is not watched");
        // a page far into the array, past the count: no entries, no header
        assertTrue(v.page(false, pfn + 5, pfn).isEmpty());

        // the file array: no header at all, its count in the session entry (only the analysis has it)
        long fa = v.filesPa();
        long fpfn = PhysicalMemory.pfn(fa);
        List<StructInstance> f0 = v.page(true, fpfn);
        assertField(f0, fa, Layouts.FILE_SER, "file 0", "compatible");
        assertField(f0, fa + PAGE - 8, Layouts.FILE_SER, "file 63", "token");
        assertFalse(hasHeader(f0));
        assertEquals(64, f0.size(), "4096 / 64: files 0..63 fill page 0");
        List<StructInstance> f1 = v.page(true, fpfn + 1, fpfn);
        assertFalse(hasHeader(f1));
        assertField(f1, fa + PAGE, Layouts.FILE_SER, "file 64", "compatible");
        assertField(f1, fa + 69 * 64 + 48, Layouts.FILE_SER, "file 69", "data");
        assertNull(at(f1, fa + 70 * 64), "nothing past the session entry's count");
        assertEquals(FILES - 64, f1.size());

        // without the analysis the count is unknown: every slot of the page, titled as a slot
        List<StructInstance> unknown = v.page(false, fpfn + 1, fpfn);
        assertEquals(PAGE / 64, unknown.size());
        assertField(unknown, fa + PAGE, Layouts.FILE_SER, "file slot 64", "compatible");
    }

    @Test
    void aCorruptedCountIsClampedUnsigned() throws Exception {
        Shown v = run("v2");
        long b = v.sessionsPa();
        v.mem().writeSilently(b + 8, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        long pfn = PhysicalMemory.pfn(b);
        List<StructInstance> second = v.page(false, pfn + 1, pfn);
        // count 2^64-1 clamped to the block's 102 slots: sessions 51..101 on the second page
        assertEquals(102 - 51, second.size());
        assertField(second, b + 16 + 101 * 80, Layouts.SESSION_SER, "session 101", "name");
    }
}

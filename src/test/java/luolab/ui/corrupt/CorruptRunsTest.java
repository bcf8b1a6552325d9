package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import luolab.engine.corrupt.Outcome;
import luolab.engine.corrupt.OutcomeKind;
import luolab.engine.corrupt.Stage;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.CorruptStep;
import luolab.scenario.Op;
import luolab.scenario.Scenario;
import luolab.ui.model.GuardedRunner;
import luolab.ui.model.RunCancelled;
import org.junit.jupiter.api.Test;

/** The engine-side half of workbench injections: scenario text edits, placement, recorded runs, the restore summary. */
class CorruptRunsTest {
    static final Path DEMO = luolab.ui.UiTestSupport.scenario("default-demo.json");
    static final int KEXEC = 14; // 0-based index of the demo's kexec step

    static String demo() throws Exception {
        return Files.readString(DEMO);
    }

    static Injection inj(int id, String name, int index, String at, String... kv) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new Injection(id, name, p, at, index, "test " + id, "test");
    }

    @Test
    void injectionsAreLinesInTheUsersTextAndRemovingThemGivesItBackExactly() throws Exception {
        String base = demo();
        assertEquals(base, ScenarioText.with(base, List.of()));
        assertEquals(38, ScenarioText.steps(base).size());
        Injection a = inj(1, "cyclic-chain", KEXEC + 1, Injection.HANDOVER, "set", "sessions", "from", "last", "to", "0");
        Injection b = inj(2, "bit-flip", 0, Injection.NOW, "pa", "0x40000000");
        Injection c = inj(3, "write-bytes", 40, Injection.NOW, "pa", "0x40000000", "bytes", "2a");
        String text = ScenarioText.with(base, List.of(a, b, c));
        Scenario s = CorruptRuns.parse(DEMO, text);
        assertEquals(41, s.steps().size());
        assertTrue(s.steps().get(0).action() instanceof CorruptStep.Corrupt);
        // indexes count the other injections: b at 0 moves the kexec to 15, a at 15 is right before it
        CorruptStep.Corrupt ca = (CorruptStep.Corrupt) s.steps().get(KEXEC + 1).action();
        assertEquals("cyclic-chain", ca.injector());
        assertEquals("handover", ca.at());
        assertTrue(s.steps().get(KEXEC + 2).action() instanceof Op.Kexec);
        assertTrue(s.steps().get(40).action() instanceof CorruptStep.Corrupt, "appended after the last step");
        assertTrue(text.contains("\n    {\"op\": \"corrupt\", \"injector\": \"cyclic-chain\", \"params\": {\"set\": \"sessions\", "
                + "\"from\": \"last\", \"to\": \"0\"}, \"at\": \"handover\""), text);
        // two at the same index keep the order they were made in
        Injection d = inj(4, "bit-flip", 5, Injection.NOW, "pa", "0x1");
        Injection e = inj(5, "bit-flip", 6, Injection.NOW, "pa", "0x2");
        Scenario s2 = CorruptRuns.parse(DEMO, ScenarioText.with(base, List.of(d, e)));
        assertEquals("0x1", ((CorruptStep.Corrupt) s2.steps().get(5).action()).params().getAsJsonObject().get("pa").getAsString());
        assertEquals("0x2", ((CorruptStep.Corrupt) s2.steps().get(6).action()).params().getAsJsonObject().get("pa").getAsString());
    }

    @Test
    void placementFollowsTheCycle() throws Exception {
        CorruptRuns.Result r = CorruptRuns.run(DEMO, demo());
        List<TraceEvent> ev = r.loaded().events();
        Scenario s = r.scenario();
        int kexecMark = mark(ev, KEXEC);
        int jump = indexOf(ev, TraceEvent.Kexec.class, kexecMark);
        // old kernel, at a step boundary: after the step shown
        Placement live = Placement.at(s, ev, mark(ev, 5));
        assertEquals(Stage.LIVE, live.stage());
        assertEquals(5, live.index());
        assertEquals(KEXEC, live.kexecAhead());
        // inside the kexec step, before the jump: in front of the kexec, deferred to the handover
        Placement ho = Placement.at(s, ev, jump);
        assertTrue(ho.inHandover());
        assertEquals(KEXEC, ho.index());
        // after the jump, before the first open: the new kernel's incoming bytes
        Placement in = Placement.at(s, ev, jump + 1);
        assertFalse(in.inHandover());
        assertEquals(Stage.INCOMING, in.stage());
        assertEquals(KEXEC + 1, in.index());
        assertEquals(KEXEC, in.lastKexec());
        // after the open: the new kernel's own state
        assertEquals(Stage.LIVE, Placement.at(s, ev, ev.size()).stage());
    }

    @Test
    void aHandoverCycleIsRecordedWithItsFieldAndPanicsTheNextKernel() throws Exception {
        Injection a = inj(1, "cyclic-chain", KEXEC, Injection.HANDOVER, "set", "sessions");
        CorruptRuns.Result r = CorruptRuns.run(DEMO, ScenarioText.with(demo(), List.of(a)));
        CorruptRuns.Applied ap = r.at(KEXEC);
        assertNotNull(ap);
        assertTrue(ap.ok(), ap.error());
        assertEquals(1, ap.rows().size());
        CorruptRuns.DiffRow row = ap.rows().get(0);
        assertEquals("kho_block_header_ser.next", row.what());
        assertEquals("0x0", row.before());
        assertEquals(String.format("0x%x", row.pa()), row.after(), "a one-block chain: the block points at itself");
        assertTrue(row.owner().contains("session"), row.owner());
        List<TraceEvent> ev = r.loaded().events();
        assertTrue(ev.get(ap.start()) instanceof TraceEvent.Corruption);
        assertTrue(ev.get(ap.end()) instanceof TraceEvent.PhaseChange pc && pc.phase() == Phase.KEXEC,
                "the writes end right before the jump");
        assertTrue(r.result().machine().kernel().panicked());

        CorruptRuns.Summary sum = CorruptRuns.classify(r.scenario(), KEXEC + 1, KEXEC + 1, null);
        assertNotNull(sum);
        Outcome o = sum.outcome();
        assertEquals(OutcomeKind.PANIC, o.kind(), o.details());
        assertEquals("luo: Block set is corrupted", o.reason());
        assertEquals(3, o.count(Outcome.Fate.LOST));
        assertTrue(sum.problems().stream().anyMatch(l -> l.text().contains("Kernel panic")));
    }

    @Test
    void aCleanRunRestoresEverythingAndRefusalsAreReported() throws Exception {
        CorruptRuns.Result clean = CorruptRuns.run(DEMO, demo());
        CorruptRuns.Summary sum = CorruptRuns.classify(clean.scenario(), KEXEC, KEXEC, null);
        assertEquals(OutcomeKind.RESTORED, sum.outcome().kind(), sum.outcome().details());
        assertEquals(3, sum.outcome().count(Outcome.Fate.RESTORED));
        assertEquals(3, sum.outcome().fileCount(Outcome.Fate.RESTORED));

        // zero-count-block before serialization: the injector refuses; the step says why, nothing is written
        Injection z = inj(1, "zero-count-block", 5, Injection.NOW, "set", "sessions");
        CorruptRuns.Result r = CorruptRuns.run(DEMO, ScenarioText.with(demo(), List.of(z)));
        CorruptRuns.Applied ap = r.at(5);
        assertFalse(ap.ok());
        assertTrue(ap.error().contains("cannot run"), ap.error());
        assertTrue(ap.rows().isEmpty());
    }

    @Test
    void afterTheJumpAnInjectionDamagesWhatTheNewKernelIsAboutToRead() throws Exception {
        // right after the kexec step, before the first open: the new kernel's incoming bytes
        Injection fc = inj(1, "file-compatible", KEXEC + 1, Injection.NOW, "session", "vm-guest");
        CorruptRuns.Result r = CorruptRuns.run(DEMO, ScenarioText.with(demo(), List.of(fc)));
        CorruptRuns.Applied ap = r.at(KEXEC + 1);
        assertTrue(ap.ok(), ap.error());
        assertEquals(luolab.engine.corrupt.Stage.INCOMING, ap.report().stage());
        assertEquals("luo_file_ser.compatible", ap.rows().get(0).what());
        assertEquals("\"memfd-v1\"", ap.rows().get(0).after());
        CorruptRuns.Summary sum = CorruptRuns.classify(r.scenario(), KEXEC, KEXEC + 1, null);
        Outcome o = sum.outcome();
        assertEquals(OutcomeKind.ERRNO, o.kind(), o.details());
        assertEquals("open /dev/liveupdate", o.step());
        assertTrue(o.reason().contains("No registered handler for compatible 'memfd-v1'"), o.reason());
    }

    @Test
    void rawBytesAreNamedByTheFieldTheKernelWroteThere() throws Exception {
        CorruptRuns.Result clean = CorruptRuns.run(DEMO, demo());
        List<TraceEvent> ev = clean.loaded().events();
        long count = -1;
        for (TraceEvent e : ev) {
            if (e instanceof TraceEvent.MemWrite w && w.what() != null && "count".equals(w.what().field())
                    && w.what().struct().equals("kho_block_header_ser")) {
                count = w.pa();
                break;
            }
        }
        assertTrue(count > 0);
        Injection w = inj(1, "write-bytes", KEXEC, Injection.HANDOVER, "pa", "0x" + Long.toHexString(count), "bytes", "00");
        CorruptRuns.Applied ap = CorruptRuns.run(DEMO, ScenarioText.with(demo(), List.of(w))).at(KEXEC);
        assertTrue(ap.ok(), ap.error());
        CorruptRuns.DiffRow row = ap.rows().get(0);
        assertTrue(row.what().startsWith("kho_block_header_ser.count byte 0"), row.what());
        assertEquals(1, row.length());
    }

    @Test
    void aReRunTooBigForTheHeapHasNoTraceButTheSameWritesFinalStateAndRestore() throws Exception {
        Injection a = inj(1, "cyclic-chain", KEXEC, Injection.HANDOVER, "set", "sessions");
        String text = ScenarioText.with(demo(), List.of(a));
        CorruptRuns.Result full = CorruptRuns.run(DEMO, text, GuardedRunner.withHeap(1L << 30, 0), (t, f) -> { }, () -> false);
        List<String> lines = new java.util.ArrayList<>();
        // 16 MB: a FULL trace needs the 64 MB base alone, so the re-run goes trace-off
        CorruptRuns.Result off = CorruptRuns.run(DEMO, text, GuardedRunner.withHeap(16L << 20, 0), (t, f) -> lines.add(t),
                () -> false);
        assertTrue(full.loaded().traced() && !full.loaded().events().isEmpty(), "a fitting budget: FULL as before");
        assertFalse(off.loaded().traced());
        assertTrue(off.loaded().events().isEmpty(), "no trace");
        assertTrue(off.loaded().summary().contains("final state only (trace off: stepping through it needs ≈"),
                off.loaded().summary());
        assertTrue(lines.get(0).contains("(trace off: "), "said before the run: " + lines.get(0));

        CorruptRuns.Applied f = full.at(KEXEC);
        CorruptRuns.Applied o = off.at(KEXEC);
        assertTrue(o.ok(), o.error());
        assertEquals(f.rows(), o.rows(), "the injector names its own write: the same diff row without a trace");
        assertEquals("kho_block_header_ser.next", o.rows().get(0).what());
        // the same final state: the next kernel panicked on the cycle; the bytes at the write agree
        assertTrue(off.result().machine().kernel().panicked());
        long pa = o.rows().get(0).pa();
        assertArrayEquals(full.loaded().memory().read(pa, 8), off.loaded().memory().read(pa, 8));
        // the restore summary runs on its own (trace off): it does not need the shown run's trace
        CorruptRuns.Summary sum = CorruptRuns.classify(off.scenario(), KEXEC + 1, KEXEC + 1, null);
        assertEquals(OutcomeKind.PANIC, sum.outcome().kind(), sum.outcome().details());
    }

    @Test
    void aCancelledReRunThrowsRunCancelled() throws Exception {
        assertThrows(RunCancelled.class, () -> CorruptRuns.run(DEMO, demo(), GuardedRunner.withHeap(1L << 30, 0), (t, f) -> { },
                () -> true));
    }

    static int mark(List<TraceEvent> ev, int step) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.StepMark m && m.step() == step) {
                return i;
            }
        }
        throw new AssertionError("no step " + step);
    }

    static int indexOf(List<TraceEvent> ev, Class<?> type, int from) {
        for (int i = from; i < ev.size(); i++) {
            if (type.isInstance(ev.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}

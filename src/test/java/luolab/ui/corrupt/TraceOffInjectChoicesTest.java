package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import luolab.engine.corrupt.HandoverReader;
import luolab.engine.corrupt.HandoverView;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import luolab.ui.UiTestSupport;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run made with the trace off has no session events, yet the Inject dialog offers sessions and
 * tokens: those of its final state that an injection after the last step can target — the ones
 * the engine's injectors resolve there — and one of them, picked in the dialog, is written. A
 * 16 MB heap sends every run (and every re-run) trace-off.
 */
class TraceOffInjectChoicesTest extends CorruptWorkbenchTestBase {
    @Override
    public void start(Stage stage) {
        UiTestSupport.Workbench w = UiTestSupport.start(stage, EngineScenarioBackend.withHeap(16L << 20, 0));
        model = w.model();
        window = w.window();
        session = CorruptionSession.of(model);
    }

    /**
     * Boot 1 hands keep-a (a memfd and a test file) and keep-b over; boot 2 retrieves keep-a and
     * its memfd, then makes new-out (a memfd and a test file) and memfd-out (a memfd) of its own.
     */
    private static Path scenario(Path dir) throws Exception {
        Path f = dir.resolve("boot-2-sessions.json");
        Files.writeString(f, """
                {"name": "boot 2 sessions", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev"},
                  {"op": "retrieve_session", "name": "keep-a", "as": "ra"},
                  {"op": "retrieve_fd", "session": "ra", "token": "0x10", "as": "alpha"},
                  {"op": "create_session", "name": "new-out", "as": "n"},
                  {"op": "preserve_memfd", "session": "n", "token": "0x30", "content": "new"},
                  {"op": "preserve_test_file", "session": "n", "token": "0x31"},
                  {"op": "create_session", "name": "memfd-out", "as": "m"},
                  {"op": "preserve_memfd", "session": "m", "token": "0x50", "content": "fifty"}
                ]}""");
        return f;
    }

    private LoadedRun open(Path f) {
        interact(() -> model.open(f));
        await(() -> model.runProperty().get() != null && f.equals(model.runProperty().get().source())
                && !model.busyProperty().get(), "the run of " + f.getFileName());
        awaitRun();
        return model.runProperty().get();
    }

    @SuppressWarnings("unchecked")
    private List<String> items(String param) {
        return List.copyOf(lookup("#param-" + param).queryAs(ComboBox.class).getItems());
    }

    private InjectDialog openDialog(String group, String injector) {
        InjectDialog before = actions().lastDialog();
        clickOn("#corruptButton");
        // the group in the Corrupt menu's popup: "Chains" is also the structure pane's tab
        clickOn(lookup(".context-menu").lookup(org.testfx.matcher.control.LabeledMatchers.hasText(group))
                .<javafx.scene.Node>query());
        clickOn(injector);
        await(() -> actions().lastDialog() != before && actions().lastDialog().isShowing(), "the dialog of " + injector);
        return actions().lastDialog();
    }

    @Test
    void theDialogOffersTheFinalStatesSessionsAnInjectionCanTargetAndOneIsWritten(@TempDir Path dir) throws Exception {
        Path f = scenario(dir);
        LoadedRun off = open(f);
        assertFalse(off.traced(), "opened trace-off");
        assertTrue(off.events().isEmpty());
        assertNotNull(off.finalSessions());

        // what the injectors resolve after the last step: the new kernel runs (LIVE), its own outgoing sessions
        RunResult engine = new ScenarioRunner().run(new ScenarioLoader().loadFile(f), Trace.Mode.OFF);
        assertTrue(engine.ok(), "the scenario runs as written");
        Machine m = engine.machine();
        List<String> targets = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (HandoverView.Session s : HandoverReader.read(m, luolab.engine.corrupt.Stage.LIVE).sessions()) {
            targets.add(s.name());
            s.files().forEach(x -> tokens.add(String.format("0x%x", x.token())));
        }
        assertEquals(List.of("new-out", "memfd-out"), targets, "the engine's targets, so it cannot agree with itself");
        assertEquals(List.of("0x30", "0x31", "0x50"), tokens);
        assertEquals(Injection.NOW, session.placement().defaultAt(luolab.engine.corrupt.Catalog.byName("memfd-seals")));

        // a chain injector: the session set or a file chain of each of them
        InjectDialog chain = openDialog("Chains", "cyclic-chain");
        List<String> sets = new ArrayList<>(List.of("sessions"));
        targets.forEach(t -> sets.add("files:" + t));
        assertEquals(sets, items("set"), "the retrieved keep-a is in no handover any more: not offered");
        interact(chain::close);

        // a memfd injector: the sessions and the tokens, then one picked and injected
        InjectDialog d = openDialog("Memfd", "memfd-seals");
        List<String> names = new ArrayList<>(List.of("auto"));
        names.addAll(targets);
        assertEquals(names, items("session"));
        List<String> tokenItems = new ArrayList<>(List.of("first"));
        tokenItems.addAll(tokens);
        assertEquals(tokenItems, items("token"));
        interact(() -> {
            lookup("#param-session").queryAs(ComboBox.class).getEditor().setText("memfd-out");
            lookup("#param-token").queryAs(ComboBox.class).getEditor().setText("0x50");
        });
        assertEquals(Map.of("session", "memfd-out", "token", "0x50", "value", "0x40"), d.params());
        clickOn("#injectButton");
        awaitInjections(1);
        assertNull(window.controller().lastError(), "no error");
        LoadedRun shown = model.runProperty().get();
        assertFalse(shown.traced(), "the re-run is trace-off too");
        CorruptRuns.Applied ap = session.applied(session.injections().get(0));
        assertNotNull(ap);
        assertTrue(ap.ok(), ap.error());
        assertFalse(ap.rows().isEmpty(), "the seals of memfd-out's memfd were written");
    }

    @Test
    void aHandoverStageInjectorIsStillRefusedAtTheEndOfATraceOffRun(@TempDir Path dir) throws Exception {
        open(scenario(dir));
        InjectDialog d = openDialog("Memfd", "memfd-unpreserve-folio");
        assertTrue(items("session").contains("memfd-out"), items("session").toString());
        assertTrue(lookup("#whenHandover").query().isDisabled(), "no kexec follows the last step");
        interact(d::close);
        interact(() -> session.inject("zero-count-block", Map.of(), null, null, "test"));
        await(() -> window.controller().lastError() != null && window.controller().lastError().isShowing(), "an error");
        String text = window.controller().lastError().getContentText();
        assertTrue(text.contains("zero-count-block cannot run"), text);
        assertTrue(text.contains("trace off"), text);
        interact(() -> window.controller().lastError().close());
        assertTrue(session.injections().isEmpty());
    }

    /** The sessions of {@link #scenario} up to its kexec: the run ends in boot 2 before its first open. */
    private static Path endsAtKexec(Path dir) throws Exception {
        Path f = dir.resolve("ends-at-kexec.json");
        Files.writeString(f, """
                {"name": "ends at kexec", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_memfd", "session": "a", "token": "0x10", "content": "alpha"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "create_session", "name": "keep-b", "as": "b"},
                  {"op": "preserve_test_file", "session": "b", "token": "0x20"},
                  {"op": "kexec"}
                ]}""");
        return f;
    }

    @Test
    void aRunEndingAtKexecOffersTheSessionsHandedOverThatTheNewKernelHasNotReadYet(@TempDir Path dir) throws Exception {
        Path f = endsAtKexec(dir);
        LoadedRun off = open(f);
        assertFalse(off.traced(), "opened trace-off");
        assertTrue(off.finalSessions().handedOver(), "read from the handover bytes: LUO deserializes on the first open");

        // what the injectors resolve there: the new kernel before its first open (INCOMING), the handover's sessions
        RunResult engine = new ScenarioRunner().run(new ScenarioLoader().loadFile(f), Trace.Mode.OFF);
        assertTrue(engine.ok(), "the scenario runs as written");
        List<String> targets = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (HandoverView.Session s : HandoverReader.read(engine.machine(), luolab.engine.corrupt.Stage.INCOMING).sessions()) {
            targets.add(s.name());
            s.files().forEach(x -> tokens.add(String.format("0x%x", x.token())));
        }
        assertEquals(List.of("keep-a", "keep-b"), targets, "the engine's targets, so it cannot agree with itself");
        assertEquals(List.of("0x10", "0x11", "0x20"), tokens);

        InjectDialog d = openDialog("Memfd", "memfd-seals");
        List<String> names = new ArrayList<>(List.of("auto"));
        names.addAll(targets);
        assertEquals(names, items("session"));
        List<String> tokenItems = new ArrayList<>(List.of("first"));
        tokenItems.addAll(tokens);
        assertEquals(tokenItems, items("token"));
        interact(() -> {
            lookup("#param-session").queryAs(ComboBox.class).getEditor().setText("keep-a");
            lookup("#param-token").queryAs(ComboBox.class).getEditor().setText("0x10");
        });
        clickOn("#injectButton");
        awaitInjections(1);
        assertNull(window.controller().lastError(), "no error");
        CorruptRuns.Applied ap = session.applied(session.injections().get(0));
        assertNotNull(ap);
        assertTrue(ap.ok(), ap.error());
        assertFalse(ap.rows().isEmpty(), "the seals of keep-a's memfd were written in the handover");
        assertTrue(model.runProperty().get().finalSessions().handedOver(), "the re-run ends before the first open too");
    }

    /** Boot 1 hands keep-a over with a cycle written into its session chain right before the jump: boot 2 panics. */
    private static Path panicking(Path dir) throws Exception {
        Path f = dir.resolve("panics.json");
        Files.writeString(f, """
                {"name": "panics", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "create_session", "name": "keep-a", "as": "a"},
                  {"op": "preserve_test_file", "session": "a", "token": "0x11"},
                  {"op": "corrupt", "injector": "cyclic-chain", "params": {"set": "sessions"}, "at": "handover"},
                  {"op": "kexec"},
                  {"op": "open_device", "as": "dev"}
                ]}""");
        return f;
    }

    @Test
    void afterARunWhoseLastKernelPanickedTheDialogRefusesUpFront(@TempDir Path dir) throws Exception {
        LoadedRun off = open(panicking(dir));
        assertFalse(off.traced(), "opened trace-off");
        assertTrue(off.finalSessions().panicked(), "the new kernel panicked on the cycle");
        assertTrue(session.placement().panicked(), "the placement knows it");

        InjectDialog d = openDialog("Chains", "cyclic-chain");
        assertTrue(lookup("#injectButton").query().isDisabled(), "nothing to inject into");
        assertTrue(lookup("#whenNow").query().isDisabled());
        assertTrue(lookup("#whenHandover").query().isDisabled());
        javafx.scene.control.Label problem = lookup("#injectProblem").queryAs(javafx.scene.control.Label.class);
        assertTrue(problem.isVisible());
        assertTrue(problem.getText().contains("last kernel of this run panicked"), problem.getText());
        assertTrue(problem.getText().contains("nothing runs after a panic"), problem.getText());
        interact(d::close);

        // asked for directly (a right-click menu): refused with the same words, before anything runs
        interact(() -> session.inject("zero-count-block", Map.of(), null, null, "test"));
        await(() -> window.controller().lastError() != null && window.controller().lastError().isShowing(), "an error");
        String text = window.controller().lastError().getContentText();
        assertTrue(text.contains("nothing runs after a panic"), text);
        interact(() -> window.controller().lastError().close());
        assertTrue(session.injections().isEmpty());
    }

    private javafx.scene.Node sessionRow(String table, String session) {
        return lookup(table + " .table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() instanceof luolab.ui.model.SessionTable.Session x && x.name.equals(session)).query();
    }

    private javafx.scene.control.ContextMenu rightClickRow(String table, String session) {
        javafx.scene.control.ContextMenu before = actions().lastMenu();
        moveTo(sessionRow(table, session));
        clickOn(javafx.scene.input.MouseButton.SECONDARY);
        await(() -> actions().lastMenu() != null && actions().lastMenu().isShowing()
                && (actions().lastMenu() != before || before.isShowing()), "the menu of " + session);
        return actions().lastMenu();
    }

    private static List<String> ids(List<javafx.scene.control.MenuItem> items) {
        return items.stream().map(javafx.scene.control.MenuItem::getId).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void theTableMenusOfATraceOffRunOfferOnlyTheSessionsAnInjectionCanReach(@TempDir Path dir) throws Exception {
        open(scenario(dir));
        clickOn("Sessions");
        await(() -> lookup("#sessionTable").queryAs(javafx.scene.control.TableView.class).getItems().size() == 4,
                "keep-a, keep-b (incoming), new-out, memfd-out");

        // keep-b came in from boot 1: after the last step the new kernel runs, an injection reads its outgoing sessions
        javafx.scene.control.ContextMenu m = rightClickRow("#sessionTable", "keep-b");
        assertEquals(List.of("unreachable"), ids(m.getItems()), "no corruption of keep-b offered");
        assertTrue(m.getItems().get(2).getText().contains("outgoing"), m.getItems().get(2).getText());
        interact(m::hide);

        // new-out is reachable: renaming it offers memfd-out, not the incoming keep-a or keep-b
        m = rightClickRow("#sessionTable", "new-out");
        javafx.scene.control.Menu dup = (javafx.scene.control.Menu) m.getItems().stream()
                .filter(x -> "renameToDuplicate".equals(x.getId())).findFirst().orElseThrow();
        assertEquals(List.of("duplicateOf-memfd-out"), ids(dup.getItems()));
        interact(m::hide);

        // a file of keep-a (retrieved, in no handover any more): no unknown handler offered
        clickOn(sessionRow("#sessionTable", "keep-a"));
        await(() -> !lookup("#fileTable").queryAs(javafx.scene.control.TableView.class).getItems().isEmpty(), "keep-a's files");
        javafx.scene.control.ContextMenu before = actions().lastMenu();
        javafx.scene.Node file = lookup("#fileTable .table-row-cell").match(n -> n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() != null).query();
        moveTo(file);
        clickOn(javafx.scene.input.MouseButton.SECONDARY);
        await(() -> actions().lastMenu() != before && actions().lastMenu().isShowing(), "the file menu");
        assertEquals("fileMenu", actions().lastMenu().getId());
        assertEquals(List.of("unreachable"), ids(actions().lastMenu().getItems()));
        interact(actions().lastMenu()::hide);
    }
}

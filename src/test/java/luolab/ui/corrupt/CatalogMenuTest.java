package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Group;
import luolab.engine.corrupt.Injector;
import luolab.engine.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** The Corrupt menu, the toolbar button, the parameter dialog, and Save. */
class CatalogMenuTest extends CorruptWorkbenchTestBase {
    private Menu corruptMenu() {
        MenuBar bar = lookup("#menuBar").queryAs(MenuBar.class);
        return bar.getMenus().stream().filter(m -> "corruptMenu".equals(m.getId())).findFirst().orElseThrow();
    }

    @Test
    void theMenuAndTheToolbarListTheWholeCatalogByGroup() {
        awaitRun();
        List<MenuItem> items = corruptMenu().getItems();
        Map<Group, List<Injector>> groups = Catalog.byGroup();
        int n = 0;
        for (Group g : groups.keySet()) {
            Menu sub = (Menu) items.get(n++);
            assertEquals(g.label().toLowerCase(), sub.getText().toLowerCase());
            assertEquals(groups.get(g).size(), sub.getItems().size(), g.label());
            for (int i = 0; i < sub.getItems().size(); i++) {
                assertEquals("inject-" + groups.get(g).get(i).name(), sub.getItems().get(i).getId());
            }
        }
        assertEquals(Catalog.all().size(), items.stream().filter(m -> m instanceof Menu)
                .mapToInt(m -> ((Menu) m).getItems().size()).sum());
        assertTrue(items.stream().anyMatch(m -> "undoInjection".equals(m.getId()) && m.isDisable()), "nothing to undo yet");
        MenuButton tool = lookup("#corruptButton").queryAs(MenuButton.class);
        assertEquals(groups.size(), tool.getItems().stream().filter(m -> m instanceof Menu).count());
    }

    @Test
    void theDialogHasDefaultsAPreviewAndWhenAndItsStepIsSaved() throws Exception {
        awaitRun();
        // the old kernel, all sessions created (step 13 shown): cyclic-chain can run now or at the handover
        goTo(CorruptRunsTest.mark(model.runProperty().get().events(), 12) + 1);
        clickOn("#corruptButton");
        // the group in the Corrupt menu's popup: "Chains" is also the structure pane's tab
        clickOn(lookup(".context-menu").lookup(org.testfx.matcher.control.LabeledMatchers.hasText("Chains"))
                .<javafx.scene.Node>query());
        clickOn("cyclic-chain");
        await(() -> actions().lastDialog() != null && actions().lastDialog().isShowing(), "the dialog");
        InjectDialog d = actions().lastDialog();
        assertEquals("cyclic chain: the last block of the session set → block 0", text("#injectPreview"));
        assertEquals("sessions", lookup("#param-set").queryAs(ComboBox.class).getValue());
        assertEquals("last", lookup("#param-from").queryAs(ComboBox.class).getValue());
        assertTrue(lookup("#param-set").queryAs(ComboBox.class).getItems().contains("files:net-state"),
                "the sessions that exist here are offered");
        assertTrue(lookup("#whenNow").queryAs(RadioButton.class).isSelected(), "before serialize: now");
        assertFalse(lookup("#whenHandover").queryAs(RadioButton.class).isDisabled());
        assertTrue(text("#injectOutcome").contains("Block set is corrupted"));
        // choose to write it right before the jump instead
        clickOn("#whenHandover");
        assertEquals(Injection.HANDOVER, d.at());
        clickOn("#injectButton");
        awaitInjections(1);
        Injection i = session.injections().get(0);
        assertEquals("cyclic-chain", i.injector());
        assertEquals(Map.of("set", "sessions", "from", "last", "to", "0"), i.params());
        assertEquals(Injection.HANDOVER, i.at());
        assertEquals(13, i.index(), "after the step shown");
        assertEquals("dialog", i.origin());

        // Save writes the scenario with the corrupt step; the saved file runs to the same panic
        Path out = Files.createTempFile("luolab-corrupt", ".json");
        interact(() -> model.saveScenario(out));
        String saved = Files.readString(out);
        assertTrue(saved.contains("{\"op\": \"corrupt\", \"injector\": \"cyclic-chain\", \"params\": {\"set\": \"sessions\", "
                + "\"from\": \"last\", \"to\": \"0\"}, \"at\": \"handover\""), saved);
        interact(() -> model.open(out));
        await(() -> model.runProperty().get() != null && out.equals(model.runProperty().get().source()) && !model.busyProperty().get(),
                "the saved scenario");
        assertTrue(session.injections().isEmpty(), "a saved step is part of the scenario now, not an injection");
        assertFalse(model.runProperty().get().events().stream().noneMatch(e -> e instanceof TraceEvent.Panic));
        Files.deleteIfExists(out);
    }

    @Test
    void anInjectorThatCannotRunHereSaysWhyAndChangesNothing() {
        awaitRun();
        int before = model.runProperty().get().events().size();
        // at the very end the new kernel has deserialized and no kexec follows: zero-count-block cannot run
        interact(model::end);
        await(() -> model.frame().position() == before, "the end");
        Placement pl = session.placement();
        assertNotNull(pl);
        interact(() -> session.inject("zero-count-block", Map.of(), null, null, "test"));
        await(() -> window.controller().lastError() != null && window.controller().lastError().isShowing(), "an error");
        assertTrue(window.controller().lastError().getContentText().contains("zero-count-block cannot run"),
                window.controller().lastError().getContentText());
        interact(() -> window.controller().lastError().close());
        assertTrue(session.injections().isEmpty());
        assertEquals(before, model.runProperty().get().events().size());
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }
}

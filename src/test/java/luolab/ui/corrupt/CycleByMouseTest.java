package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import luolab.engine.corrupt.Outcome;
import luolab.engine.trace.Phase;
import luolab.engine.handover.Handover;
import luolab.ui.view.BlockChainCanvas;
import org.junit.jupiter.api.Test;

/**
 * The scenario: on the default demo, make a cycle with the mouse in the chain view, kexec,
 * and see the kernel panic with "Block set is corrupted" and the summary say so; undo the
 * injection and see a clean restore.
 */
class CycleByMouseTest extends CorruptWorkbenchTestBase {
    @Test
    void aCycleMadeByMousePanicsTheNextKernelAndUndoGivesACleanRestore() {
        awaitRun();
        // before the jump: the kexec chip goes to the last event before the new kernel
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
        clickOn("Chains");
        Handover h = outgoing();
        assertEquals(1, h.sessions().blocks().size(), "three sessions fit one block");
        assertEquals(-1, h.sessions().cycleTo());
        await(() -> !chains().boxes().isEmpty(), "chain boxes");
        BlockChainCanvas.Box block = chains().boxes().get(0);
        assertEquals("sessions", block.set());

        // right-click the block → "Point next at…", then click the target block: itself (the only one)
        rightClick(screen(block));
        clickOn("Point next at… (then click the target block)");
        assertTrue(actions().picking());
        clickOn(screen(block));
        awaitInjections(1);

        Injection inj = session.injections().get(0);
        assertEquals("cyclic-chain", inj.injector());
        assertEquals(Injection.HANDOVER, inj.at());
        assertEquals(14, inj.index(), "right before the demo's kexec step");
        // drawn from bytes: the chain now comes back to block 0, and the diff names the field
        await(() -> model.frame().handovers() != null && outgoing().sessions().cycleTo() == 0, "the cycle in the chain view");
        assertTrue(outgoing().sessions().problem().startsWith("cyclic"));
        assertEquals("Corruption", selectedTab("#inspectorTabs"));
        TableView<?> diff = lookup("#diffTable").queryAs(TableView.class);
        assertEquals(1, diff.getItems().size());
        CorruptRuns.DiffRow row = (CorruptRuns.DiffRow) diff.getItems().get(0);
        assertEquals("kho_block_header_ser.next", row.what());
        assertEquals("0x0", row.before());
        assertEquals(String.format("0x%x", block.block().pa()), row.after());
        assertFalse(panickedSoFar(), "not jumped yet");
        // the injection is a step of the timeline: stepping back un-writes it, stepping on writes it again
        int after = model.frame().position();
        type(javafx.scene.input.KeyCode.LEFT);
        await(() -> model.frame().position() == after - 1 && model.frame().handovers() != null
                && outgoing().sessions().cycleTo() == -1, "one step back: no cycle");
        type(javafx.scene.input.KeyCode.RIGHT);
        await(() -> model.frame().position() == after && model.frame().handovers() != null
                && outgoing().sessions().cycleTo() == 0, "one step on: the cycle again");
        assertTrue(session.scenario().steps().get(14).describe().contains("cyclic-chain"));
        assertTrue(model.runProperty().get().json().contains("\"injector\": \"cyclic-chain\""), "Save writes the step");

        // kexec: step on past the jump; the new kernel panics in early boot
        clickOn("#phase-EARLY_BOOT");
        await(() -> model.frame().position() == model.phaseStart(Phase.EARLY_BOOT), "the boot");
        assertFalse(panickedSoFar(), "the new kernel has only started");
        type(javafx.scene.input.KeyCode.END);
        await(() -> model.frame().position() == model.totalProperty().get(), "the end");
        assertTrue(panickedSoFar(), "the kernel panicked");
        List<String> log = logSoFar();
        assertTrue(log.contains("luo: Block set is corrupted"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Kernel panic - not syncing: The incoming tree failed to initialize "
                + "properly [-EINVAL]")), log.toString());

        // the summary comes forward and says it in the kernel's terms
        awaitVerdict("Kernel panic [-EINVAL]");
        assertEquals("Restore summary", selectedTab("#inspectorTabs"));
        assertEquals("luo: Block set is corrupted", text("#restoreReason"));
        assertTrue(text("#restorePanic").contains("The incoming tree failed to initialize properly [-EINVAL]"));
        assertTrue(text("#restoreCounts").contains("0 restored · 0 damaged · 3 lost"), text("#restoreCounts"));
        Outcome o = session.restoreProperty().get().summary().outcome();
        assertEquals(3, o.count(Outcome.Fate.LOST));
        TableView<?> fates = lookup("#fateTable").queryAs(TableView.class);
        assertEquals(6, fates.getItems().size(), "3 sessions and their 3 files");
        assertTrue(fates.getItems().stream().allMatch(r -> ((RestoreController.Row) r).fate() == Outcome.Fate.LOST));

        // undo (Ctrl+Z): the step is gone, the run is re-made, the restore is clean
        press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.Z)
                .release(javafx.scene.input.KeyCode.Z).release(javafx.scene.input.KeyCode.CONTROL);
        awaitInjections(0);
        assertFalse(model.runProperty().get().json().contains("corrupt"));
        interact(model::end);
        await(() -> model.frame().position() == model.totalProperty().get(), "the end");
        assertFalse(panickedSoFar());
        assertFalse(logSoFar().contains("luo: Block set is corrupted"));
        assertTrue(logSoFar().stream().anyMatch(l -> l.startsWith("luo: Retrieved live update data")));
        awaitVerdict("Restored: everything came back");
        assertTrue(text("#restoreCounts").contains("3 restored · 0 damaged · 0 lost"), text("#restoreCounts"));
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }
}

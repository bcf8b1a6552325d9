package luolab.ui.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import luolab.engine.trace.Phase;
import luolab.ui.model.SessionTable;
import luolab.ui.view.HexCanvas;
import org.junit.jupiter.api.Test;

/** Direct manipulation in the tables and the hex inspector, the diff, removing one injection of two. */
class TablesAndHexTest extends CorruptWorkbenchTestBase {
    private void atHandover() {
        awaitRun();
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
    }

    private Node row(String tableId, java.util.function.Predicate<Object> item) {
        return lookup(tableId + " .table-row-cell").match(n -> n instanceof TableRow<?> r && r.getItem() != null
                && item.test(r.getItem())).query();
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }

    private void toTheEndAndSummary() {
        interact(model::end);
        await(() -> model.frame().position() == model.totalProperty().get(), "the end");
        awaitSummary();
    }

    @Test
    void renameToDuplicateAndUnknownHandlerFromTheTables() {
        atHandover();
        clickOn("Sessions");
        await(() -> lookup("#sessionTable").queryAs(TableView.class).getItems().size() == 3, "three sessions");
        // right-click the net-state row → Rename to duplicate of → 'vm-guest'
        moveTo(row("#sessionTable", o -> ((SessionTable.Session) o).name.equals("net-state")));
        clickOn(MouseButton.SECONDARY);
        clickSubmenu("Rename to duplicate of", "'vm-guest'");
        awaitInjections(1);
        Injection dup = session.injections().get(0);
        assertEquals("duplicate-session-name", dup.injector());
        assertEquals("net-state", dup.params().get("session"));
        assertEquals("vm-guest", dup.params().get("as"));
        assertEquals(Injection.HANDOVER, dup.at());
        TableView<?> diff = lookup("#diffTable").queryAs(TableView.class);
        assertEquals("luo_session_ser.name", ((CorruptRuns.DiffRow) diff.getItems().get(0)).what());
        assertEquals("\"net-state\"", ((CorruptRuns.DiffRow) diff.getItems().get(0)).before());
        assertEquals("\"vm-guest\"", ((CorruptRuns.DiffRow) diff.getItems().get(0)).after());

        // the first duplicate is refused on restore: open /dev/liveupdate fails with -EIO; the kernel says why
        toTheEndAndSummary();
        assertEquals("-EIO at open /dev/liveupdate", text("#restoreVerdict"));
        assertTrue(text("#restoreReason").contains("Failed to insert session [vm-guest] -EEXIST"), text("#restoreReason"));

        // back before the jump: the files of vm-guest, right-click token 0x101 → unknown handler
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
        clickOn("Sessions");
        clickOn(row("#sessionTable", o -> ((SessionTable.Session) o).name.equals("vm-guest")));
        await(() -> lookup("#fileTable").queryAs(TableView.class).getItems().size() == 2, "vm-guest's files");
        moveTo(row("#fileTable", o -> ((SessionTable.File) o).token == 0x101));
        clickOn(MouseButton.SECONDARY);
        clickText("Unknown handler (compatible := \"memfd-v1\")");
        awaitInjections(2);
        Injection fc = session.injections().get(1);
        assertEquals("file-compatible", fc.injector());
        assertEquals("0x101", fc.params().get("token"));
        assertEquals(dup.index() + 1, fc.index(), "both wait for the same jump, in the order they were made");

        // remove the duplicate name (the first injection) with its ✕: the unknown handler is what is left
        clickOn("Corruption");
        clickOn(lookup("#removeInjection-" + dup.id()).match(org.testfx.util.NodeQueryUtils.isVisible()).queryButton());
        awaitInjections(1);
        assertEquals(fc.id(), session.injections().get(0).id());
        assertEquals(fc.index() - 1, session.injections().get(0).index());
        assertFalse(model.runProperty().get().json().contains("duplicate-session-name"));
        toTheEndAndSummary();
        assertEquals("-EIO at open /dev/liveupdate", text("#restoreVerdict"));
        assertTrue(text("#restoreReason").contains("No registered handler for compatible 'memfd-v1'"), text("#restoreReason"));
    }

    @Test
    void flipABitAndEditAByteInTheHexInspector() {
        atHandover();
        clickOn("Chains");
        await(() -> !chains().boxes().isEmpty(), "chain boxes");
        long block = chains().boxes().get(0).block().pa();
        clickOn(screen(chains().boxes().get(0)));
        clickOn("Hex inspector");
        HexCanvas hex = window.controller().hex().canvas();
        await(() -> hex.rangeStart() == block && hex.rowText(block).contains("03"), "the block's bytes");
        // right-click the count's low byte (3) → Flip bit → bit 1: 3 → 1
        Point2D c = hex.canvas().localToScreen(hex.byteCenter(block + 8));
        moveTo(c);
        clickOn(MouseButton.SECONDARY);
        clickSubmenu("Flip bit", "bit 1  (0x03 → 0x01)");
        awaitInjections(1);
        Injection flip = session.injections().get(0);
        assertEquals("bit-flip", flip.injector());
        CorruptRuns.DiffRow r = (CorruptRuns.DiffRow) lookup("#diffTable").queryAs(TableView.class).getItems().get(0);
        assertEquals("kho_block_header_ser.count byte 0", r.what());
        assertEquals("3 (0x3)", r.before());
        assertEquals("1 (0x1)", r.after());
        // the next kernel reads one session: the other two are silently gone
        toTheEndAndSummary();
        assertEquals("-ENOENT at RETRIEVE_SESSION 'net-state'", text("#restoreVerdict"));

        // undo, then edit the byte in place instead: double-click, type 00, Enter → count 0 → panic
        press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        awaitInjections(0);
        clickOn("#phase-KEXEC");
        await(() -> model.frame().position() == model.phaseStart(Phase.KEXEC), "the kexec phase");
        interact(() -> model.select(new luolab.ui.event.SelectRange(block + 8, 1)));
        clickOn("Hex inspector");
        await(() -> hex.rangeStart() == block, "the block's bytes");
        doubleClickOn(hex.canvas().localToScreen(hex.byteCenter(block + 8)));
        await(() -> actions().byteEditor() != null && actions().byteEditor().isShowing(), "the byte editor");
        assertEquals("03", lookup("#byteEditor").queryAs(javafx.scene.control.TextField.class).getText());
        interact(() -> lookup("#byteEditor").queryAs(javafx.scene.control.TextField.class).requestFocus());
        eraseText(2);
        write("00");
        type(KeyCode.ENTER);
        awaitInjections(1);
        assertEquals("write-bytes", session.injections().get(0).injector());
        assertEquals("00", session.injections().get(0).params().get("bytes"));
        toTheEndAndSummary();
        assertEquals("Kernel panic [-EINVAL]", text("#restoreVerdict"));
        assertEquals("luo: Block contains invalid entry count: 0", text("#restoreReason"));
    }
}

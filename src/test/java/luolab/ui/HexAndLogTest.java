package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;
import luolab.ui.event.SelectPage;
import luolab.ui.event.SelectStruct;
import luolab.ui.view.HexCanvas;
import org.junit.jupiter.api.Test;

class HexAndLogTest extends WorkbenchTestBase {
    private HexCanvas hex() {
        return window.controller().hex().canvas();
    }

    private void showPage(long pfn) {
        interact(() -> model.select(new SelectPage(pfn)));
        await(() -> hex().rangeStart() == PhysicalMemory.pa(pfn) && model.frame().hasPage(pfn)
                && !lookup("#fieldTree").queryAs(TreeView.class).getRoot().getChildren().isEmpty(), "hex of page");
    }

    /** An empty tree says what it will list (it read as blank space, black on black in presenter mode). */
    @Test
    void anEmptyFieldTreeShowsAPlaceholder() {
        Label empty = lookup("#fieldTreeEmpty").query();
        TreeView<?> tree = lookup("#fieldTree").queryAs(TreeView.class);
        assertTrue(tree.getRoot().getChildren().isEmpty(), "nothing shown yet");
        assertTrue(empty.isVisible() && !empty.getText().isEmpty(), "placeholder over the empty tree");
        goTo(model.totalProperty().get());
        showPage(demo.sessionBlockPfn());
        assertTrue(!empty.isVisible(), "the placeholder goes once the tree lists structs");
    }

    @Test
    void clickingAByteNamesTheStructField() {
        goTo(model.totalProperty().get());
        showPage(demo.luoSerPfn());
        long pa = PhysicalMemory.pa(demo.luoSerPfn());
        long sessionsPa = demo.memory().u64(pa + 16);
        assertEquals(PhysicalMemory.pa(demo.sessionBlockPfn()), sessionsPa, "fixture wrote sessions_pa");
        HexCanvas h = hex();
        clickOn(h.canvas().localToScreen(h.byteCenter(pa + 19)));
        await(() -> model.selectionProperty().get() instanceof SelectStruct, "struct selection");
        SelectStruct s = (SelectStruct) model.selectionProperty().get();
        assertEquals("luo_ser.sessions_pa", s.name());
        Label field = lookup("#fieldLabel").query();
        assertEquals(String.format("luo_ser.sessions_pa @ 0x%x: 0x%x", pa + 16, sessionsPa), field.getText());

        clickOn(h.canvas().localToScreen(h.byteCenter(pa + 2)));
        await(() -> field.getText().startsWith("luo_ser.compatible"), "compatible field");
        assertEquals(String.format("luo_ser.compatible @ 0x%x: \"luo-v5\"", pa), field.getText());
    }

    @Test
    void pickingAFieldInTheTreeSelectsItsBytes() {
        goTo(model.totalProperty().get());
        showPage(demo.sessionBlockPfn());
        TreeView<Object> tree = lookup("#fieldTree").queryAs(TreeView.class);
        TreeItem<Object> header = tree.getRoot().getChildren().get(0);
        TreeItem<Object> count = header.getChildren().get(1);
        interact(() -> {
            header.setExpanded(true);
            tree.getSelectionModel().select(count);
        });
        await(() -> model.selectionProperty().get() instanceof SelectStruct, "selection");
        SelectStruct s = (SelectStruct) model.selectionProperty().get();
        assertEquals("kho_block_header_ser.count", s.name());
        assertEquals(PhysicalMemory.pa(demo.sessionBlockPfn()) + 8, s.pa());
        assertEquals(8, s.length());
        Label field = lookup("#fieldLabel").query();
        assertTrue(field.getText().startsWith(String.format("kho_block_header_ser.count @ 0x%x: 3",
                PhysicalMemory.pa(demo.sessionBlockPfn()) + 8)), field.getText());
    }

    @Test
    void steppingMovesTheCounterAndTheLog() {
        var events = demo.run().events();
        int firstLog = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.Log) {
                firstLog = i;
                break;
            }
        }
        goTo(firstLog);
        ListView<?> log = lookup("#logList").queryAs(ListView.class);
        Label counter = lookup("#counterLabel").query();
        assertEquals(0, log.getItems().size());
        assertEquals(String.format("event %,d / %,d", firstLog, events.size()), counter.getText());
        clickOn("#counterLabel");
        type(KeyCode.RIGHT);
        awaitPosition(firstLog + 1);
        assertEquals(1, log.getItems().size());
        assertTrue(log.getItems().get(0).toString().contains("Linux version"), log.getItems().toString());
        assertEquals(String.format("event %,d / %,d", firstLog + 1, events.size()), counter.getText());
        type(KeyCode.LEFT);
        awaitPosition(firstLog);
        assertEquals(0, log.getItems().size());
    }

    @Test
    void labNotesAreDimItalicWithATooltipAndALegend() {
        goTo(model.totalProperty().get());
        @SuppressWarnings("unchecked")
        ListView<luolab.engine.trace.KernelLog.Line> log = lookup("#logList").queryAs(ListView.class);
        int note = -1;
        for (int i = 0; i < log.getItems().size(); i++) {
            if (log.getItems().get(i).isNote()) {
                note = i;
                break;
            }
        }
        assertTrue(note >= 0, log.getItems().toString());
        int at = note;
        interact(() -> log.scrollTo(at));
        await(() -> !lookup(".log-note").queryAll().isEmpty(), "a lab-note cell");
        var cell = lookup(".log-note").queryLabeled();
        assertTrue(cell.getText().startsWith("[  lab note  ] poisoned "), cell.getText());
        assertEquals(luolab.engine.trace.KernelLog.NOTE_HINT, cell.getTooltip().getText());
        javafx.scene.control.Label legend = lookup("#logLegend").queryAs(javafx.scene.control.Label.class);
        assertTrue(legend.getText().contains("not printed by the kernel"), legend.getText());
    }

    @Test
    void errorLinesAreRedAndTheCallStackShowsTheInnermostFrame() {
        goTo(model.totalProperty().get());
        ListView<?> log = lookup("#logList").queryAs(ListView.class);
        assertTrue(log.getItems().stream().anyMatch(l -> l.toString().contains("shown in red")));
        interact(() -> log.scrollTo(log.getItems().size() - 1));
        await(() -> !lookup(".log-error").queryAll().isEmpty(), "a red log line");
        var red = lookup(".log-error").queryLabeled();
        assertTrue(red.getText().contains("shown in red"), red.getText());
        assertEquals(javafx.scene.paint.Color.web("#c62828"), red.getTextFill(), "error lines are red");
        clickOn("Call stack");
        ListView<?> stack = lookup("#stackList").queryAs(ListView.class);
        var cur = model.currentEventProperty().get();
        assertEquals(cur.stack().frames(), stack.getItems());
        await(() -> !lookup(".innermost").queryAll().isEmpty(), "innermost frame");
        assertTrue(lookup(".innermost").queryLabeled().getText().contains(
                cur.stack().frames().get(cur.stack().frames().size() - 1)));
    }

    @Test
    void selectingAStructShowsItsPageAndScrollsTheTree() {
        goTo(model.totalProperty().get());
        long pa = PhysicalMemory.pa(demo.fileBlockPfn());
        var layout = luolab.engine.abi.Layouts.FILE_SER;
        interact(() -> model.select(new SelectStruct(layout, pa + 16, layout.field("token"))));
        await(() -> hex().rangeStart() == pa && model.frame().hasPage(demo.fileBlockPfn()), "file block page");
        Label field = lookup("#fieldLabel").query();
        await(() -> field.getText().startsWith("luo_file_ser.token"), "token field line");
        assertEquals(String.format("luo_file_ser.token @ 0x%x: 1 (0x1)", pa + 16 + 56), field.getText());
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.event.SelectPage;
import luolab.ui.view.MemoryMapCanvas;
import luolab.ui.view.Palette;
import org.junit.jupiter.api.Test;

class MemoryMapTest extends WorkbenchTestBase {
    private MemoryMapCanvas map() {
        return window.controller().memoryMap().canvas();
    }

    private int expected(long pfn) {
        return Palette.of(model.theme().get()).cell(model.frame().meta(pfn));
    }

    @Test
    void cellsAreColouredByOwnerAtWholeMapZoom() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = map();
        for (long pfn : new long[] {demo.kernelPfn(), demo.freePfn(), demo.poisonPfn()}) {
            assertEquals(hex(expected(pfn)), hex(pixel(map.canvas(), map.cellCenter(pfn))),
                    "colour of page 0x" + Long.toHexString(pfn) + " (" + model.frame().label(pfn) + ")");
        }
        Palette p = Palette.of(model.theme().get());
        assertEquals(p.poisoned(), expected(demo.poisonPfn()), "a page freed after kexec is drawn poisoned");
        assertNotEquals(expected(demo.kernelPfn()), expected(demo.freePfn()));
    }

    @Test
    void preservedPagesKeepTheirColourAndGetAnOutlineWhenZoomed() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = map();
        interact(() -> map.zoomTo(demo.sessionBlockPfn(), 24));
        Palette p = Palette.of(model.theme().get());
        long[] preserved = {demo.luoSerPfn(), demo.sessionBlockPfn(), demo.fileBlockPfn(), demo.khoFdtPfn()};
        for (long pfn : preserved) {
            assertTrue(PageMeta.preserved(model.frame().meta(pfn)));
            Point2D c = map.cellCenter(pfn);
            assertEquals(hex(expected(pfn)), hex(pixel(map.canvas(), c)), "fill of " + model.frame().label(pfn));
            Point2D edge = new Point2D(c.getX() - map.scale() / 2 + 0.5, c.getY());
            assertEquals(hex(p.preserved()), hex(pixel(map.canvas(), edge)), "outline of " + model.frame().label(pfn));
        }
        int session = expected(demo.sessionBlockPfn());
        int file = expected(demo.fileBlockPfn());
        int root = expected(demo.luoSerPfn());
        assertNotEquals(session, file, "session and file blocks must be told apart");
        assertNotEquals(session, root);
        assertNotEquals(p.free(), session);
    }

    /** The zoom buttons keep a selected page in sight: zooming around the view's centre lost it. */
    @Test
    void zoomingInKeepsTheSelectedPageUnderTheSameSpot() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = map();
        long pfn = demo.sessionBlockPfn();
        interact(() -> {
            window.controller().memoryMap().fit();
            model.select(new SelectPage(pfn));
        });
        Point2D before = map.cellCenter(pfn);
        double scale = map.scale();
        for (int i = 0; i < 3; i++) {
            interact(() -> window.controller().memoryMap().zoomIn());
        }
        assertTrue(map.scale() >= 4 * scale, "zoomed in: " + scale + " -> " + map.scale());
        Point2D after = map.cellCenter(pfn);
        assertTrue(after.getX() > 0 && after.getX() < map.canvas().getWidth() && after.getY() > 0
                && after.getY() < map.canvas().getHeight(), "the selected page left the view: " + after);
        assertEquals(before.getX(), after.getX(), map.scale(), "under the same spot (x)");
        assertEquals(before.getY(), after.getY(), map.scale(), "under the same spot (y)");
    }

    @Test
    void steppingBackRepaintsWhatThePageWasThen() {
        int before = model.phaseStart(luolab.engine.trace.Phase.SERIALIZE);
        goTo(before);
        MemoryMapCanvas map = map();
        // before serialization the session block page is still free
        assertEquals(hex(Palette.of(model.theme().get()).free()),
                hex(pixel(map.canvas(), map.cellCenter(demo.sessionBlockPfn()))));
    }

    @Test
    void hoverShowsPageAndClickSelectsItForTheHexView() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = map();
        interact(() -> map.zoomTo(demo.sessionBlockPfn(), 40));
        Point2D c = map.canvas().localToScreen(map.cellCenter(demo.sessionBlockPfn()));
        moveTo(c);
        Label hover = lookup("#hoverLabel").query();
        await(hover::isVisible, "hover card");
        String text = hover.getText();
        assertTrue(text.contains(String.format("PA 0x%x", PhysicalMemory.pa(demo.sessionBlockPfn()))), text);
        assertTrue(text.contains(String.format("PFN 0x%x", demo.sessionBlockPfn())), text);
        assertTrue(text.contains("session block 0"), text);
        assertTrue(text.contains("preserved"), text);
        assertTrue(text.contains("order 0"), text);

        clickOn(c);
        await(() -> model.selectionProperty().get() instanceof SelectPage sp && sp.pfn() == demo.sessionBlockPfn(),
                "page selection");
        var hex = window.controller().hex().canvas();
        long pa = PhysicalMemory.pa(demo.sessionBlockPfn());
        await(() -> hex.rangeStart() == pa && model.frame().hasPage(demo.sessionBlockPfn()), "hex range");
        Label range = lookup("#hexRange").query();
        assertTrue(range.getText().startsWith(String.format("0x%x", pa)), range.getText());
        // the hex rows show the page's bytes: header next/count, then the first session's name
        byte[] bytes = demo.memory().read(pa, 32);
        StringBuilder row = new StringBuilder();
        for (int i = 16; i < 32; i++) {
            row.append(i == 24 ? "  " : i == 16 ? "" : " ").append(String.format("%02x", bytes[i] & 0xFF));
        }
        assertEquals(String.format("%012x  %s  vm-0············", pa + 16, row), hex.rowText(pa + 16));
        // the struct tree lists the block header and the first session entry parsed from the bytes
        var tree = lookup("#fieldTree").queryAs(javafx.scene.control.TreeView.class);
        String items = tree.getRoot().getChildren().toString();
        assertTrue(items.contains("kho_block_header_ser"), items);
        assertTrue(items.contains("luo_session_ser"), items);
    }

    @Test
    void zoomShortcutsChangeTheScale() {
        goTo(model.totalProperty().get());
        double fit = map().scale();
        clickOn(map());
        type(javafx.scene.input.KeyCode.PLUS);
        await(() -> map().scale() > fit * 1.5, "zoom in");
        type(javafx.scene.input.KeyCode.DIGIT0);
        await(() -> Math.abs(map().scale() - fit) < 1e-9, "fit");
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.ui.view.MemoryMapCanvas;
import luolab.ui.view.Palette;
import org.junit.jupiter.api.Test;

/** 1 GiB = 262,144 pages: the whole map must render correctly and fast (pixel buffer, not per-cell draws). */
class WholeGibMapTest extends WorkbenchTestBase {
    @Override
    Fixtures.Demo fixture() {
        return Fixtures.large();
    }

    @Test
    void wholeMapOfOneGibRendersEveryPageQuickly() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = window.controller().memoryMap().canvas();
        assertEquals(262_144, model.frame().nrPages());
        Palette p = Palette.of(model.themeProperty().get());
        long lastPfn = model.frame().basePfn() + model.frame().nrPages() - 1;
        long[] probes = {demo.kernelPfn(), demo.freePfn(), lastPfn};
        for (long pfn : probes) {
            var c = map.cellCenter(pfn);
            assertTrue(c.getX() >= MemoryMapCanvas.GUTTER && c.getX() < map.canvas().getWidth()
                    && c.getY() >= 0 && c.getY() < map.canvas().getHeight(), "page 0x" + Long.toHexString(pfn) + " in view");
            int want = p.cell(model.frame().meta(pfn));
            assertEquals(hex(want), hex(pixel(map.canvas(), c)), model.frame().label(pfn));
        }
        long[] nanos = new long[1];
        interact(() -> {
            map.paint(); // warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                map.paint();
            }
            nanos[0] = (System.nanoTime() - t0) / 5;
        });
        assertTrue(nanos[0] < 250_000_000L, "one repaint of the whole 1 GiB map took " + nanos[0] / 1_000_000 + " ms");
    }
}

package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import luolab.ui.view.MemoryMapCanvas;
import luolab.ui.view.Palette;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB = 262,144 pages: the whole map must render every page correctly. Its speed is a
 * benchmark figure, printed side by side with a plain fill of the same canvas (no timed
 * assertion: the machine is shared and noisy).
 */
class WholeGibMapTest extends WorkbenchTestBase {
    @Override
    Fixtures.Demo fixture() {
        return Fixtures.large();
    }

    @Test
    void wholeMapOfOneGibRendersEveryPage() {
        goTo(model.totalProperty().get());
        MemoryMapCanvas map = window.controller().memoryMap().canvas();
        assertEquals(262_144, model.frame().nrPages());
        Palette p = Palette.of(model.theme().get());
        long lastPfn = model.frame().basePfn() + model.frame().nrPages() - 1;
        long[] probes = {demo.kernelPfn(), demo.freePfn(), lastPfn};
        for (long pfn : probes) {
            var c = map.cellCenter(pfn);
            assertTrue(c.getX() >= map.gutter() && c.getX() < map.canvas().getWidth()
                    && c.getY() >= 0 && c.getY() < map.canvas().getHeight(), "page 0x" + Long.toHexString(pfn) + " in view");
            int want = p.cell(model.frame().meta(pfn));
            assertEquals(hex(want), hex(pixel(map.canvas(), c)), model.frame().label(pfn));
        }
        long[] nanos = new long[2];
        interact(() -> {
            map.paint(); // warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                map.paint();
            }
            nanos[0] = (System.nanoTime() - t0) / 5;
            // the baseline does what the map must do at least: fill a pixel buffer of the canvas size,
            // push it into an image and draw it (a GraphicsContext.fillRect alone is only recorded, not rendered)
            var g = map.canvas().getGraphicsContext2D();
            int w = (int) map.canvas().getWidth();
            int h = (int) map.canvas().getHeight();
            int[] px = new int[w * h];
            var img = new javafx.scene.image.WritableImage(w, h);
            var fmt = javafx.scene.image.PixelFormat.getIntArgbPreInstance();
            t0 = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                if (i == 1) {
                    t0 = System.nanoTime();
                }
                java.util.Arrays.fill(px, i % 2 == 0 ? 0xFFFFFFFF : 0xFF808080);
                img.getPixelWriter().setPixels(0, 0, w, h, fmt, px, 0, w);
                g.drawImage(img, 0, 0);
            }
            nanos[1] = (System.nanoTime() - t0) / 5;
            map.paint();
        });
        System.out.printf(java.util.Locale.ROOT,
                "BENCH memory map, 1 GiB (262144 pages) at %.0fx%.0f px: repaint %.2f ms | plain fill %.2f ms | ratio %.1fx%n",
                map.canvas().getWidth(), map.canvas().getHeight(), nanos[0] / 1e6, nanos[1] / 1e6,
                (double) nanos[0] / Math.max(1, nanos[1]));
    }
}

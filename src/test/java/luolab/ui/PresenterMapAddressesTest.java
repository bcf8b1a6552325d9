package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.memory.PhysicalMemory;
import javafx.geometry.Bounds;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import luolab.ui.view.MemoryMapCanvas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The memory map's row addresses ("0x40000000") are read from the back of the room: in presenter
 * mode they are written in the presenter type (they stayed at 11 px), and the gutter widens so the
 * widest of them is never cut at the window's edge nor runs into the cells, and two of them never
 * overlap. Measured with {@link Text} in the type the map wrote them in.
 */
class PresenterMapAddressesTest extends PresenterTestBase {
    private static double width(String s, Font f) {
        Text t = new Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }

    private double rootPx() {
        String style = window.scene().getRoot().getStyle();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-fx-font-size: *([0-9.]+)px").matcher(style);
        assertTrue(m.find(), "presenter mode sets the root font size: " + style);
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 720", "1280, 800", "1280, 1024", "1600, 1000"})
    void addressesAreInThePresenterTypeAndFitTheGutter(int w, int h) {
        MemoryMapCanvas map = window.controller().memoryMap().canvas();
        double normalGutter = map.gutter();
        assertEquals(MemoryMapCanvas.ADDRESS_FONT_PX, map.addressFontSizeProperty().get(), 0.01, "normal type");
        presenterAt(w, h);
        double px = rootPx();
        List<String> problems = new ArrayList<>();
        interact(() -> {
            map.paint();
            double size = map.addressFontSizeProperty().get();
            if (size < px - 0.01) {
                problems.add("addresses in " + size + " px, the presenter type is " + px + " px");
            }
            double g = map.gutter();
            Font f = Font.font("Monospaced", size);
            double widest = width(map.widestAddress(), f);
            // the cells start at the gutter; the address must fit left of them with a gap
            if (widest + 8 > g + 0.01) {
                problems.add("the widest address " + map.widestAddress() + " is " + widest + " px, the gutter " + g + " px");
            }
            if (map.addressLabels().isEmpty()) {
                problems.add("no address drawn");
            } else if (!map.addressLabels().get(0).text().equals(MemoryMapCanvas.address(PhysicalMemory.pa(model.frame().basePfn())))) {
                // the whole map is on show: its first row's address (the start of RAM) must be there
                problems.add("the first address drawn is " + map.addressLabels().get(0).text() + ", not the start of RAM");
            }
            double lastY = Double.NEGATIVE_INFINITY;
            for (MemoryMapCanvas.AddressLabel l : map.addressLabels()) {
                if (l.font().getSize() < px - 0.01) {
                    problems.add(l.text() + " drawn in " + l.font().getSize() + " px");
                }
                Text t = new Text(l.text());
                t.setFont(l.font());
                Bounds b = t.getLayoutBounds();
                if (l.right() - b.getWidth() < 0) {
                    problems.add(l.text() + " is cut at the left edge (starts at " + (l.right() - b.getWidth()) + ")");
                }
                if (l.right() > g) {
                    problems.add(l.text() + " runs into the cells (" + l.right() + " > " + g + ")");
                }
                if (l.centerY() - lastY < b.getHeight()) {
                    problems.add(l.text() + " overlaps the address above it");
                }
                lastY = l.centerY();
            }
            // the cells really start right of the gutter
            long first = model.frame().basePfn();
            double cellLeft = map.cellCenter(first).getX() - map.scale() / 2;
            if (cellLeft < g - 0.5) {
                problems.add("the first cell starts at " + cellLeft + ", inside the " + g + " px gutter");
            }
        });
        assertTrue(problems.isEmpty(), w + "x" + h + ": " + String.join("; ", problems));
        assertTrue(map.gutter() > normalGutter, "the gutter widened: " + normalGutter + " → " + map.gutter());

        interact(() -> window.teaching().setPresenter(false));
        interact(() -> window.scene().getRoot().applyCss());
        interact(() -> window.scene().getRoot().layout());
        assertEquals(MemoryMapCanvas.ADDRESS_FONT_PX, map.addressFontSizeProperty().get(), 0.01, "back to the normal type");
        assertEquals(normalGutter, map.gutter(), 0.01, "and the normal gutter");
        assertFalse(map.addressLabels().isEmpty());
    }
}

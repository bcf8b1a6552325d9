package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workbench's look and map zoom, split out of WorkbenchModel: same defaults, same commands. */
class ThemeZoomModelTest {

    @Test
    void themeStartsLightTogglesAndIsSet() {
        ThemeModel t = new ThemeModel();
        List<Theme> seen = new ArrayList<>();
        t.themeProperty().addListener((o, a, b) -> seen.add(b));
        assertEquals(Theme.LIGHT, t.get());
        t.toggle();
        assertEquals(Theme.DARK, t.themeProperty().get());
        t.toggle();
        t.set(Theme.DARK);
        assertEquals(List.of(Theme.DARK, Theme.LIGHT, Theme.DARK), seen);
        assertEquals("theme", t.themeProperty().getName());
    }

    @Test
    void zoomStartsAtOnePixelPerPageAndFollowsTheMap() {
        ZoomModel z = new ZoomModel();
        assertEquals(1.0, z.get());
        z.set(12.5);
        assertEquals(12.5, z.zoomProperty().get());
        assertEquals("zoom", z.zoomProperty().getName());
    }
}

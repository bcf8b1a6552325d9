package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "--lesson 8 --presenter" opens lesson 8 with its scenario, in presenter mode. */
class LaunchLessonTest extends WorkbenchTestBase {
    @Test
    void teacherStartsClassFromTheCommandLine() {
        interact(() -> LuoLabApp.applyLaunch(window, model, LaunchOptions.parse(List.of("--lesson", "8", "--presenter"))));
        await(() -> window.teaching().player().isOpen(), "lesson opened");
        assertTrue(window.teaching().player().current().id().startsWith("08-"), window.teaching().player().current().id());
        assertTrue(window.teaching().presenterProperty().get(), "presenter mode on");
        assertTrue(window.teaching().panelShown(), "lesson panel shown");
        interact(() -> window.teaching().setPresenter(false));
        assertEquals(false, window.teaching().presenterProperty().get());
    }
}

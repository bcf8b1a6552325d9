package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.WorkbenchModel;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window, headless, with a small run loaded, for presenter-mode layout tests. */
abstract class PresenterTestBase extends ApplicationTest {
    static {
        UiTestSupport.headless();
    }

    WorkbenchModel model;
    MainWindow window;
    Stage stage;
    /** What is loaded: where its luo_ser, session and file blocks are. */
    Fixtures.Demo demo;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        UiTestSupport.Workbench w = UiTestSupport.show(stage, new EngineScenarioBackend());
        model = w.model();
        window = w.window();
        demo = Fixtures.small();
        model.load(demo.run());
    }

    /** The window at {@code w} x {@code h} in presenter mode, styled and laid out. */
    void presenterAt(int w, int h) {
        interact(() -> {
            // resized while hidden: Monocle's headless painter overflows its buffer when a shown window grows
            stage.hide();
            stage.setWidth(w);
            stage.setHeight(h);
            stage.show();
        });
        interact(() -> window.teaching().setPresenter(true));
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> window.scene().getRoot().applyCss());
        interact(() -> window.scene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(w, window.scene().getWidth(), 1, "the window is as wide as asked");
    }

    /**
     * Lays the window out until it settles: a column widened for its cells lays its rows out
     * again on the next pass, so one pass is not enough.
     */
    void relayout() {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            interact(() -> window.scene().getRoot().applyCss());
            interact(() -> window.scene().getRoot().layout());
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Lesson 8 (a cyclic chain and Floyd's algorithm) opened, the window at {@code w} x {@code h} in presenter mode. */
    void lesson8At(int w, int h) {
        interact(() -> LuoLabApp.applyLaunch(window, model, LaunchOptions.parse(List.of("--lesson", "8"))));
        UiTestSupport.await(60, () -> window.teaching().player().isOpen(), "lesson 8 opened");
        presenterAt(w, h);
    }

    /**
     * Lesson 8 at its third beat (tortoise and hare) with the Chains tab shown, as in
     * docs/presenter-1280.png: a four-block session chain with a cycle.
     */
    void floydBeatInChainsAt(int w, int h) {
        lesson8At(w, h);
        interact(() -> window.teaching().player().go(2));
        interact(() -> ((TabPane) lookup("#structureTabs").query()).getSelectionModel().select(1));
        relayout();
    }
}

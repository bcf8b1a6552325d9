package luolab.ui;

import javafx.stage.Stage;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.WorkbenchModel;
import org.testfx.framework.junit5.ApplicationTest;

/** The real main window on a 1920x1080 headless screen with a small run loaded, for presenter-mode layout tests. */
abstract class PresenterTestBase extends ApplicationTest {
    static {
        UiTestSupport.headless("1920x1080-32");
    }

    WorkbenchModel model;
    MainWindow window;
    Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        UiTestSupport.Workbench w = UiTestSupport.show(stage, new EngineScenarioBackend());
        model = w.model();
        window = w.window();
        model.load(Fixtures.small().run());
    }
}

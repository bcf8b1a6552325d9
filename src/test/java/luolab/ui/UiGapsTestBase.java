package luolab.ui;

import java.nio.file.Path;
import javafx.scene.control.TabPane;

/** The workbench on the shipped default demo, opened through the product path. */
public abstract class UiGapsTestBase extends WorkbenchTestBase {
    protected static Path demoFile() {
        return UiTestSupport.scenario("default-demo.json");
    }

    protected void openDemo() {
        interact(() -> model.open(demoFile()));
        await(() -> model.runProperty().get() != null && model.runProperty().get().source() != null, "the demo ran");
        awaitPosition(luolab.ui.model.WorkbenchModel.startPosition(model.runProperty().get().events()));
    }

    protected void selectTab(String id) {
        interact(() -> {
            TabPane tp = (TabPane) lookup("#structureTabs").query();
            tp.getTabs().stream().filter(t -> id.equals(t.getId()) || id.equals(t.getText())).findFirst()
                    .ifPresent(t -> tp.getSelectionModel().select(t));
        });
    }

    protected void goToPos(int p) {
        goTo(p);
    }

    protected void waitFor(java.util.concurrent.Callable<Boolean> c, String what) {
        await(c, what);
    }
}

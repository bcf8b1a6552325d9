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

    protected luolab.ui.actions.SessionActions sessionActions() {
        return window.controller().sessionMenu().actions();
    }

    /** Runs a Session command and waits until it finished and its new run is on show at its position. */
    protected luolab.ui.actions.SessionActions.Result runCommand(
            java.util.function.Consumer<java.util.function.Consumer<luolab.ui.actions.SessionActions.Result>> cmd) {
        java.util.concurrent.atomic.AtomicReference<luolab.ui.actions.SessionActions.Result> res = new java.util.concurrent.atomic.AtomicReference<>();
        interact(() -> cmd.accept(res::set));
        await(() -> res.get() != null, "the command finished");
        awaitPosition(model.target());
        return res.get();
    }
}

package luolab.ui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.SessionTable;
import luolab.ui.model.WorkbenchModel;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real main window headless (Monocle) on the test fixture. */
abstract class WorkbenchTestBase extends ApplicationTest {
    static {
        UiTestSupport.headless();
    }

    WorkbenchModel model;
    MainWindow window;
    Fixtures.Demo demo;

    Fixtures.Demo fixture() {
        return Fixtures.small();
    }

    /** How the workbench runs opened scenario files (the product's backend unless a test paces it). */
    luolab.ui.model.ScenarioBackend backend() {
        return new EngineScenarioBackend();
    }

    @Override
    public void start(Stage stage) {
        UiTestSupport.Workbench w = UiTestSupport.start(stage, backend());
        model = w.model();
        window = w.window();
        demo = fixture();
        model.load(demo.run());
    }

    /** Waits until the engine has shown position {@code p}. */
    void awaitPosition(int p) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> model.frame() != null && model.frame().position() == p && model.positionProperty().get() == p);
        } catch (Exception e) {
            throw new AssertionError("engine never reached position " + p + " (at " + model.positionProperty().get() + ")", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    void goTo(int p) {
        interact(() -> model.goTo(p));
        awaitPosition(p);
    }

    void await(java.util.concurrent.Callable<Boolean> cond, String what) {
        UiTestSupport.await(10, cond, what);
    }

    @SuppressWarnings("unchecked")
    TableView<SessionTable.Session> sessionTable() {
        return lookup("#sessionTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    TableView<SessionTable.File> fileTable() {
        return lookup("#fileTable").queryAs(TableView.class);
    }

    /** Opens scenario file {@code f} and waits until its run, traced or not, is on show and positioned. */
    LoadedRun open(Path f, boolean traced) {
        interact(() -> model.open(f));
        await(() -> model.runProperty().get() != null && f.equals(model.runProperty().get().source())
                && model.runProperty().get().traced() == traced && !model.busyProperty().get(), "the run of " + f.getFileName());
        awaitPosition(model.target());
        return model.runProperty().get();
    }

    /** ARGB of a node's snapshot at local point p. */
    int pixel(Node n, Point2D p) {
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = n.snapshot(null, null));
        return img[0].getPixelReader().getArgb((int) p.getX(), (int) p.getY());
    }

    static String hex(int argb) {
        return String.format("#%08x", argb);
    }
}

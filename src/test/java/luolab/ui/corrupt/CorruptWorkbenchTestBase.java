package luolab.ui.corrupt;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.geometry.Point2D;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.TraceEvent;
import luolab.ui.MainWindow;
import luolab.ui.model.EngineScenarioBackend;
import luolab.engine.handover.Handover;
import luolab.ui.UiTestSupport;
import luolab.ui.model.WorkbenchModel;
import luolab.ui.view.BlockChainCanvas;
import org.testfx.framework.junit5.ApplicationTest;

/** The real main window, headless, on the default demo scenario run by the real engine. */
abstract class CorruptWorkbenchTestBase extends ApplicationTest {
    static {
        UiTestSupport.headless();
    }

    static final Path DEMO = CorruptRunsTest.DEMO;

    WorkbenchModel model;
    MainWindow window;
    CorruptionSession session;

    @Override
    public void start(Stage stage) {
        UiTestSupport.Workbench w = UiTestSupport.start(stage, new EngineScenarioBackend());
        model = w.model();
        window = w.window();
        session = CorruptionSession.of(model);
        model.open(DEMO);
    }

    CorruptActions actions() {
        return window.controller().corruptActions();
    }

    void await(Callable<Boolean> cond, String what) {
        UiTestSupport.await(20, cond, what);
    }

    void awaitRun() {
        await(() -> model.runProperty().get() != null && !model.busyProperty().get() && model.frame() != null
                && model.frame().position() == model.target(), "the scenario run");
    }

    void goTo(int p) {
        interact(() -> model.goTo(p));
        await(() -> model.frame() != null && model.frame().position() == p, "position " + p);
    }

    void selectTab(String paneId, String text) {
        interact(() -> {
            TabPane tp = lookup(paneId).queryAs(TabPane.class);
            for (Tab t : tp.getTabs()) {
                if (t.getText().equals(text)) {
                    tp.getSelectionModel().select(t);
                }
            }
        });
    }

    String selectedTab(String paneId) {
        return lookup(paneId).queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText();
    }

    BlockChainCanvas chains() {
        return lookup("#chainCanvas").queryAs(BlockChainCanvas.class);
    }

    Handover outgoing() {
        await(() -> model.frame().handovers() != null && !model.frame().handovers().isEmpty(), "handover analysis");
        return model.frame().handovers().stream().filter(h -> !h.incoming()).findFirst().orElseThrow();
    }

    Point2D screen(BlockChainCanvas.Box b) {
        return chains().localToScreen(b.rect().getMinX() + 30, b.rect().getMinY() + 20);
    }

    /** Clicks the showing control labelled {@code text} (menus keep detached copies of their items around). */
    void clickText(String text) {
        await(() -> lookup(text).match(n -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing()).tryQuery().isPresent(), "'" + text + "' on screen");
        javafx.scene.Node node = lookup(text).match(n -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing()).query();
        clickOn(node, MouseButton.PRIMARY);
    }

    /** Opens submenu {@code menu} and clicks {@code item}, entering the submenu sideways (as a hand would). */
    void clickSubmenu(String menu, String item) {
        clickText(menu);
        java.util.function.Predicate<javafx.scene.Node> onScreen = n -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing();
        await(() -> lookup(item).match(onScreen).tryQuery().isPresent(), "'" + item + "' on screen");
        javafx.scene.Node target = lookup(item).match(onScreen).query();
        javafx.geometry.Bounds b = target.localToScreen(target.getBoundsInLocal());
        javafx.scene.Node menuNode = lookup(menu).match(onScreen).query();
        javafx.geometry.Bounds mb = menuNode.localToScreen(menuNode.getBoundsInLocal());
        Point2D here = new Point2D(mb.getCenterX(), mb.getCenterY());
        moveTo(new Point2D(b.getMinX() + 10, here.getY()));
        moveTo(new Point2D(b.getMinX() + 10, b.getCenterY()));
        clickOn(MouseButton.PRIMARY);
    }

    void rightClick(Point2D p) {
        moveTo(p);
        clickOn(MouseButton.SECONDARY);
    }

    /** Waits for the injection count to become {@code n} and the engine to show the new run. */
    void awaitInjections(int n) {
        await(() -> session.injections().size() == n && !model.busyProperty().get(), n + " injection(s)");
        awaitRun();
    }

    List<String> logSoFar() {
        return model.eventsSoFar(TraceEvent.Log.class).stream().map(TraceEvent.Log::line).map(KernelLog.Line::text).toList();
    }

    boolean panickedSoFar() {
        return !model.eventsSoFar(TraceEvent.Panic.class).isEmpty();
    }

    /** Waits until the restore summary is shown for the current run. */
    void awaitSummary() {
        await(() -> session.restoreProperty().get() != null && lookup("#restoreContent").query().isVisible(), "restore summary");
    }

    /**
     * Waits until the restore summary shows {@code verdict}: the summary is made by a run of its
     * own, and the property can be re-set (and briefly null) while a re-run's summary replaces it.
     */
    void awaitVerdict(String verdict) {
        awaitSummary();
        await(() -> verdict.equals(lookup("#restoreVerdict").queryAs(javafx.scene.control.Label.class).getText()), "restore verdict " + verdict);
    }
}

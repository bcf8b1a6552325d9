package luolab.ui.anim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import luolab.ui.MainWindow;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.RecentFiles;
import luolab.ui.model.WorkbenchModel;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window, headless (Monocle), with a real engine run loaded and its animation plan built. */
abstract class AnimTestBase extends ApplicationTest {
    static {
        luolab.ui.UiTestSupport.headless();
    }

    WorkbenchModel model;
    MainWindow window;
    Animator animator;
    LoadedRun run;

    abstract LoadedRun run();

    @Override
    public void start(Stage stage) {
        model = new WorkbenchModel(new EngineScenarioBackend(), new RecentFiles(null));
        window = MainWindow.create(model);
        window.show(stage);
        stage.setWidth(1560);
        stage.setHeight(960);
        animator = window.animation().animator();
        run = run();
        model.load(run);
    }

    /** The window at {@code w} x {@code h} in presenter mode, styled and laid out. */
    void presenterAt(int w, int h) {
        interact(() -> {
            Stage s = (Stage) window.scene().getWindow();
            // resized while hidden: Monocle's headless painter overflows its buffer when a shown window grows
            s.hide();
            s.setWidth(w);
            s.setHeight(h);
            s.show();
        });
        interact(() -> window.teaching().setPresenter(true));
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> window.scene().getRoot().applyCss());
        interact(() -> window.scene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    void awaitReady() {
        await(() -> animator.plan() != null && model.frame() != null, "plan and first frame");
    }

    void awaitPosition(int p) {
        await(() -> model.frame() != null && model.frame().position() == p && model.positionProperty().get() == p,
                "position " + p + " (at " + model.positionProperty().get() + ")");
    }

    void await(Callable<Boolean> cond, String what) {
        await(15, cond, what);
    }

    void await(int seconds, Callable<Boolean> cond, String what) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, cond);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Shows the animation at time t (1× seconds) and waits until the model is there too. */
    void showAt(double t) {
        interact(() -> animator.renderAt(t));
        awaitPosition(model.target());
        interact(() -> animator.renderAt(t));
    }

    /** The overlay's texts, read on the FX thread (it redraws them while blinking). */
    java.util.List<String> overlayTexts() {
        java.util.List<String> out = new java.util.ArrayList<>();
        interact(() -> out.addAll(animator.overlayTexts()));
        return out;
    }

    WritableImage snapshot(Node n) {
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = n.snapshot(null, null));
        return img[0];
    }

    void save(Node n, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(snapshot(n), null), "png", file.toFile());
    }
}

package luolab.ui;

import java.io.IOException;
import java.lang.reflect.Constructor;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import luolab.ui.model.Theme;
import luolab.ui.model.WorkbenchModel;

/** Builds the workbench scene from /fxml/main.fxml; controllers get the model through their constructor. */
public final class MainWindow {
    /**
     * The smallest window the workbench is laid out for (a 1024 x 768 projector or laptop less the
     * desktop's panels): below it the cycle bar, the memory map's header and the structure panes
     * cannot all keep their minimum widths. NarrowWindowLayoutTest checks that everything fits here.
     */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 640;
    private final WorkbenchModel model;
    private final Scene scene;
    private final MainController controller;
    private luolab.ui.lesson.Teaching teaching;

    private MainWindow(WorkbenchModel model, Scene scene, MainController controller) {
        this.model = model;
        this.scene = scene;
        this.controller = controller;
    }

    public static MainWindow create(WorkbenchModel model) {
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("/fxml/main.fxml"));
        loader.setControllerFactory(type -> {
            try {
                for (Constructor<?> c : type.getConstructors()) {
                    if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == WorkbenchModel.class) {
                        return c.newInstance(model);
                    }
                }
                return type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create controller " + type.getName(), e);
            }
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load main.fxml", e);
        }
        Scene scene = new Scene(root, 1560, 960);
        applyTheme(scene, model.theme().get());
        model.theme().themeProperty().addListener((o, a, t) -> applyTheme(scene, t));
        MainController c = loader.getController();
        c.attach(scene);
        MainWindow w = new MainWindow(model, scene, c);
        w.teaching = new luolab.ui.lesson.Teaching(model, c, scene);
        if (scene.getRoot().lookup(".menu-bar") instanceof javafx.scene.control.MenuBar bar) {
            CompareDialog.install(bar, scene);
        }
        w.animation = luolab.ui.anim.AnimationSupport.install(model, scene, c.shortcuts());
        // after the animation: its Esc (skip) comes first while it plays
        w.runProgress = RunProgress.install(model, c.statusBar(), c.statusLabel(), c.shortcuts());
        return w;
    }

    static void applyTheme(Scene scene, Theme t) {
        scene.getStylesheets().setAll(
                MainWindow.class.getResource("/assets/css/base.css").toExternalForm(),
                MainWindow.class.getResource(t.stylesheet()).toExternalForm());
    }

    public Scene scene() {
        return scene;
    }

    public MainController controller() {
        return controller;
    }

    /** Lessons, presenter mode, exports, import and saved states. */
    public luolab.ui.lesson.Teaching teaching() {
        return teaching;
    }

    public WorkbenchModel model() {
        return model;
    }

    private luolab.ui.anim.AnimationSupport animation;
    private RunProgress runProgress;

    /** The status bar's progress bar and Cancel button for scenario runs. */
    RunProgress runProgress() {
        return runProgress;
    }

    /** The animation of the serialize → kexec → deserialize cycle (overlay, animator, bar). */
    public luolab.ui.anim.AnimationSupport animation() {
        return animation;
    }

    public void show(Stage stage) {
        stage.setTitle("LUO Lab");
        stage.setScene(scene);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        controller.setStage(stage);
        var icon = MainWindow.class.getResource("/assets/icons/luolab-64.png");
        if (icon != null) {
            stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
        }
        stage.show();
        // the map starts with the focus: Space plays (a focused control would take it instead)
        controller.memoryMap().canvas().requestFocus();
    }
}

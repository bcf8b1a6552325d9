package luolab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import luolab.lesson.LessonException;
import luolab.lesson.LessonLoader;
import luolab.ui.event.UserError;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.WorkbenchModel;

/** The LUO Lab desktop workbench; command line in {@link LaunchOptions} (default: the demo scenario). */
public class LuoLabApp extends Application {
    static final Path DEFAULT_SCENARIO = Path.of("assets", "scenarios", "default-demo.json");

    @Override
    public void start(Stage stage) {
        WorkbenchModel model = new WorkbenchModel(new EngineScenarioBackend());
        installCrashGuard(model);
        MainWindow window = MainWindow.create(model);
        window.show(stage);
        applyLaunch(window, model, LaunchOptions.parse(getParameters().getRaw()));
    }

    /** Opens what the command line asked for: a lesson (with its scenario), else a scenario; then presenter mode. */
    static void applyLaunch(MainWindow window, WorkbenchModel model, LaunchOptions opts) {
        if (opts.error() != null) {
            model.bus().publish(new UserError("Bad command line", opts.error()));
        }
        if (opts.lesson() != null) {
            // a lesson brings its own scenario
            try {
                window.teaching().openLesson(new LessonLoader().loadAny(opts.lesson()));
            } catch (LessonException e) {
                model.bus().publish(new UserError("Cannot open lesson " + opts.lesson(), String.join("\n",
                        e.problems().stream().map(Object::toString).toList())));
                openScenario(model, opts.scenario());
            }
        } else {
            openScenario(model, opts.scenario());
        }
        if (opts.presenter()) {
            window.teaching().setPresenter(true);
        }
    }

    private static void openScenario(WorkbenchModel model, Path requested) {
        Path first = requested == null ? defaultScenario() : requested;
        if (first != null && Files.isRegularFile(first)) {
            model.open(first);
        } else if (requested != null) {
            model.bus().publish(new UserError("Cannot open " + requested, "There is no such file."));
            Path demo = defaultScenario();
            if (demo != null) {
                model.open(demo);
            }
        }
    }

    /** assets/scenarios/default-demo.json from the working directory, else from the classpath (copied out of a jar). */
    static Path defaultScenario() {
        if (Files.isRegularFile(DEFAULT_SCENARIO)) {
            return DEFAULT_SCENARIO;
        }
        var url = LuoLabApp.class.getResource("/assets/scenarios/default-demo.json");
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path tmp = Files.createTempFile("luolab-default-demo", ".json");
            tmp.toFile().deleteOnExit();
            try (var in = url.openStream()) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (Exception e) {
            return null;
        }
    }

    /** An unexpected exception anywhere becomes a dialog; the app keeps running. */
    static void installCrashGuard(WorkbenchModel model) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("LUO Lab: unexpected error on " + t.getName() + ": " + e);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Runnable show = () -> model.bus().publish(new UserError("Something went wrong",
                    "An internal error occurred (" + msg + "). The workbench is still usable."));
            if (Platform.isFxApplicationThread()) {
                show.run();
            } else {
                Platform.runLater(show);
            }
        });
    }

    public static void main(String[] args) {
        launch(args);
    }
}

package luolab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.stage.Stage;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.RecentFiles;
import luolab.ui.model.ScenarioBackend;
import luolab.ui.model.ScenarioException;
import luolab.ui.model.WorkbenchModel;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the workbench tests share (they used to copy it): the headless window on a given backend,
 * waiting for a condition, the shipped scenario files, the generated "many files" scenarios whose
 * size decides FULL or trace-off, and backends that hold or pace the product's.
 */
public final class UiTestSupport {
    private UiTestSupport() {
    }

    /**
     * Monocle's screen for every UI test. All UI tests share one JVM and the first class to start
     * the toolkit fixes the screen, so every test base asks for the same one, big enough for the
     * largest window any test opens (presenter mode at 1920x1080 and 1280x1024): a window that
     * outgrows the headless screen overflows Monocle's painter buffer.
     */
    static final String SCREEN = "1920x1200-32";

    /** Monocle, the tests' screen, no stored preferences: call before the toolkit starts (a static block). */
    public static void headless() {
        System.setProperty("headless.geometry", SCREEN);
        System.setProperty("luolab.ui.noPrefs", "true");
    }

    /** The main window on {@code backend}, shown at the tests' size, with no recent-files store. */
    public record Workbench(WorkbenchModel model, MainWindow window) {
    }

    public static Workbench start(Stage stage, ScenarioBackend backend) {
        Workbench w = show(stage, backend);
        stage.setWidth(1560);
        stage.setHeight(960);
        return w;
    }

    /** The main window on {@code backend} at whatever size the stage has (the screen's, headless). */
    public static Workbench show(Stage stage, ScenarioBackend backend) {
        WorkbenchModel model = new WorkbenchModel(backend, new RecentFiles(null));
        MainWindow window = MainWindow.create(model);
        window.show(stage);
        return new Workbench(model, window);
    }

    /** Waits up to {@code seconds} for {@code cond}, then lets the FX queue drain. */
    public static void await(int seconds, Callable<Boolean> cond, String what) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, cond);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    // ---- scenarios -----------------------------------------------------------------------------------

    /** A shipped scenario, e.g. {@code scenario("default-demo.json")}. */
    public static Path scenario(String fileName) {
        return Path.of(System.getProperty("luolab.project.dir", "."), "assets", "scenarios", fileName);
    }

    /**
     * "many: S x F": {@code sessions} sessions of {@code files} test files each, then an
     * expect_count of all the files: (1 + files) × sessions + 2 ops of work. 300 × 100 is estimated
     * at ≈107 MB for a FULL trace: trace off in a 100 MB heap.
     */
    public static Path manyFiles(Path dir, int sessions, int files) throws Exception {
        return write(dir, "many-" + sessions + "x" + files + ".json", sessions, files,
                "{\"op\": \"expect_count\", \"what\": \"outgoing_files\", \"equals\": " + sessions * files + "}");
    }

    /** As {@link #manyFiles}, ending with a kexec and the new kernel's first open instead of the count. */
    public static Path manyFilesHandedOver(Path dir, int sessions, int files) throws Exception {
        return write(dir, "many-kexec-" + sessions + "x" + files + ".json", sessions, files,
                "{\"op\": \"kexec\"},\n  {\"op\": \"open_device\", \"as\": \"dev\"}");
    }

    private static Path write(Path dir, String name, int sessions, int files, String tail) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, """
                {"name": "many: %d x %d", "ram": "256M", "steps": [
                  {"op": "open_device", "as": "dev"},
                  {"op": "repeat", "count": %d, "var": "s", "steps": [
                    {"op": "create_session", "name": "many-${s}", "as": "s${s}"},
                    {"op": "repeat", "count": %d, "steps": [
                      {"op": "preserve_test_file", "session": "s${s}", "token": "${i}"}
                    ]}
                  ]},
                  %s
                ]}""".formatted(sessions, files, sessions, files, tail));
        return f;
    }

    // ---- backends ------------------------------------------------------------------------------------

    /** What a test does around one run of an opened file: hold it, pace its cancel polls … */
    @FunctionalInterface
    public interface Around {
        LoadedRun load(Path file, ScenarioBackend.Progress progress, BooleanSupplier cancelled, ScenarioBackend real)
                throws ScenarioException;
    }

    /** {@code real} with {@code around} wrapped round every progress-reporting run (re-runs keep {@code real}'s heap policy). */
    public static ScenarioBackend around(ScenarioBackend real, Around around) {
        return new ScenarioBackend() {
            @Override
            public LoadedRun load(Path file) throws ScenarioException {
                return real.load(file);
            }

            @Override
            public LoadedRun load(Path file, Progress progress, BooleanSupplier cancelled) throws ScenarioException {
                return around.load(file, progress, cancelled, real);
            }

            @Override
            public luolab.ui.model.GuardedRunner runner() {
                return real.runner();
            }
        };
    }
}

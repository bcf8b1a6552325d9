package luolab.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import luolab.engine.trace.Phase;
import luolab.ui.event.SelectStruct;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.WorkbenchModel;

/**
 * Opens the real workbench on the 1 GiB test fixture, for looking at the views (screenshots) before
 * the scenario runner exists. Test code only. Args: [phase] [light|dark].
 */
public class FixtureDemo extends Application {
    @Override
    public void start(Stage stage) {
        WorkbenchModel model = new WorkbenchModel(new EngineScenarioBackend());
        LuoLabApp.installCrashGuard(model);
        MainWindow w = MainWindow.create(model);
        w.show(stage);
        var args = getParameters().getRaw();
        Fixtures.Demo demo = Fixtures.large();
        if (args.size() > 1 && args.get(1).equals("dark")) {
            model.toggleTheme();
        }
        model.load(demo.run());
        Phase target = args.isEmpty() ? Phase.DESERIALIZE : Phase.valueOf(args.get(0));
        new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            Platform.runLater(() -> {
                model.goTo(model.phaseStart(target) + 3);
                long pa = luolab.engine.memory.PhysicalMemory.pa(demo.luoSerPfn());
                var l = luolab.engine.abi.Layouts.LUO_SER;
                model.select(new SelectStruct(l, pa, l.field("sessions_pa")));
            });
        }).start();
    }

    public static void main(String[] args) {
        launch(args);
    }
}

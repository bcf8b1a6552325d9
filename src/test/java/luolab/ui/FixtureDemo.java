package luolab.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import luolab.engine.trace.Phase;
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
        if (args.size() > 1 && args.get(1).equals("dark")) {
            model.theme().toggle();
        }
        if (args.size() > 2) {
            ((javafx.scene.control.TabPane) w.scene().lookup("#structureTabs")).getSelectionModel().select(Integer.parseInt(args.get(2)));
        }
        var run = EngineRuns.liveUpdate(256L << 20, 70, 2);
        model.load(run);
        Phase target = args.isEmpty() ? Phase.DESERIALIZE : Phase.valueOf(args.get(0));
        new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            Platform.runLater(() -> model.goTo(model.phaseStart(target) + (args.size() > 3 ? Integer.parseInt(args.get(3)) : 0)));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Platform.runLater(() -> {
                var f = model.frame();
                for (long i = 0; i < f.nrPages(); i++) {
                    long pfn = f.basePfn() + i;
                    if (luolab.engine.memory.PageMeta.kind(f.meta(pfn)) == luolab.engine.memory.OwnerKind.SESSION_BLOCK) {
                        model.select(new luolab.ui.event.SelectPage(pfn));
                        w.controller().memoryMap().canvas().zoomTo(pfn, args.size() > 4 ? Double.parseDouble(args.get(4)) : 9);
                        var hdr = luolab.engine.abi.Layouts.BLOCK_HEADER;
                        long pa = luolab.engine.memory.PhysicalMemory.pa(pfn);
                        new Thread(() -> {
                            try {
                                Thread.sleep(700);
                            } catch (InterruptedException e) {
                                return;
                            }
                            Platform.runLater(() -> model.select(
                                    new luolab.ui.event.SelectStruct(hdr, pa, hdr.field("next"))));
                        }).start();
                        break;
                    }
                }
            });
        }).start();
    }

    public static void main(String[] args) {
        launch(args);
    }
}

package luolab.ui.lesson;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import luolab.engine.trace.Trace;
import luolab.export.DebugfsImport;
import luolab.export.FdtExport;
import luolab.export.MachineExport;
import luolab.lesson.LessonTimeline;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.ui.MainController;
import luolab.ui.event.UserError;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.WorkbenchModel;

/**
 * What leaves the workbench as files and what comes in from a real kernel: any view as PNG, the
 * memory image of the current step (memory.bin, handover.json, .hexpat, FDTs) and the debugfs KHO
 * import. The image is rebuilt from the run's scenario off the JavaFX thread.
 */
public final class ImageExports {
    private final WorkbenchModel model;
    private final MainController controller;
    private final Scene scene;

    ImageExports(WorkbenchModel model, MainController controller, Scene scene) {
        this.model = model;
        this.controller = controller;
        this.scene = scene;
    }

    /** A File menu item that saves the node (looked up when chosen) as a PNG. */
    MenuItem pngItem(String what, Supplier<Node> node) {
        MenuItem i = new MenuItem(what + "…");
        i.setOnAction(e -> {
            Node n = node.get();
            if (n == null || n.getScene() == null) {
                model.bus().publish(new UserError("Nothing to export", "The " + what.toLowerCase() + " is not shown."));
                return;
            }
            FileChooser fc = new FileChooser();
            fc.setTitle("Export " + what.toLowerCase() + " as PNG");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images (*.png)", "*.png"));
            fc.setInitialFileName(what.toLowerCase().replace(' ', '-') + ".png");
            File f = fc.showSaveDialog(scene.getWindow());
            if (f != null) {
                controller.exportPng(n, f);
            }
        });
        return i;
    }

    /** The scenario of the current run, and the 1-based step whose end the export is taken at. */
    private record Current(Scenario scenario, String json, int step, LoadedRun run) {
    }

    private Current current() {
        LoadedRun r = model.runProperty().get();
        if (r == null) {
            model.bus().publish(new UserError("Nothing to export", "No scenario is loaded."));
            return null;
        }
        try {
            Scenario s = new ScenarioParser().parse(r.source() == null ? "scenario" : r.source().getFileName().toString(), r.json());
            int step = LessonTimeline.stepAt(model.positionProperty().get(), r.events());
            return new Current(s, r.json(), Math.max(1, step + 1), r);
        } catch (Exception e) {
            model.bus().publish(new UserError("Cannot export", "This run did not come from a scenario file the lab can run again ("
                    + e.getMessage() + ")."));
            return null;
        }
    }

    /** As 'luolab export SCENARIO --at N DIR' + export-hexpat + the FDTs, for the step of the current position. */
    public void exportImage() {
        Current c = current();
        if (c == null) {
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export memory image after step " + c.step() + " (memory.bin, handover.json, .hexpat, .dtb, .dts)");
        File d = dc.showDialog(scene.getWindow());
        if (d != null) {
            exportImageTo(d.toPath(), c);
        }
    }

    public void exportImageTo(Path dir, Object cur) {
        Current c = cur instanceof Current cc ? cc : current();
        if (c == null) {
            return;
        }
        Teaching.BACKGROUND.run(() -> {
            MachineExport.Prepared p = MachineExport.prepare(c.scenario(), Integer.toString(c.step()), Trace.Mode.OFF);
            MachineExport.writeImage(p, dir);
            Files.writeString(dir.resolve("luolab.hexpat"), MachineExport.hexpat(p));
            List<FdtExport.Blob> blobs = FdtExport.extract(p.memory(), p.bootParams().khoFdtPa());
            FdtExport.write(blobs, dir);
            return "Exported " + p.atText() + " to " + dir + ": memory.bin, handover.json, luolab.hexpat, "
                    + String.join(", ", blobs.stream().map(b -> b.name() + ".dtb/.dts").toList())
                    + (blobs.size() == 1 ? " (v7: no LUO FDT)" : "");
        }, model::setStatus, f -> model.bus().publish(new UserError("Cannot export", f.message())));
    }

    void importDebugfs() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Import KHO FDT: choose /sys/kernel/debug/kho (or a copy of kho/out or kho/in)");
        File d = dc.showDialog(scene.getWindow());
        if (d != null) {
            importDebugfs(d.toPath());
        }
    }

    public DebugfsImport.Imported importDebugfs(Path p) {
        try {
            DebugfsImport.Imported im = DebugfsImport.read(p);
            ImportWindow.show(scene.getWindow(), im);
            model.setStatus("Imported the KHO FDT from " + p + " (" + im.subs().size() + " subtree blobs)");
            return im;
        } catch (java.io.IOException e) {
            model.bus().publish(new UserError("Cannot import", e.getMessage()));
            return null;
        }
    }
}

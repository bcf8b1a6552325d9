package luolab.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import luolab.ui.model.ScenarioRuns;
import luolab.ui.model.WorkbenchModel;

/**
 * The status bar's run indicator: while a scenario file runs, a progress bar with the share of its
 * work done and a Cancel button right after the status text, which keeps saying which step runs.
 * The bar is indeterminate until the first report and while one long op runs that reports nothing
 * until it ends (a big kexec, the first open after it: the status text says which), so it never
 * stands still while work goes on. Esc cancels too, but only while a run is in progress:
 * Esc also leaves presenter mode, ends a block pick and skips an animation, and those come first.
 */
final class RunProgress {
    private final ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Button cancel = new Button("Cancel");
    private final HBox box = new HBox(6, bar, cancel);

    private RunProgress(ScenarioRuns runs, WorkbenchModel model) {
        bar.setId("runProgress");
        bar.getStyleClass().add("run-progress");
        bar.progressProperty().bind(runs.progressProperty());
        cancel.setId("cancelRun");
        cancel.getStyleClass().add("small-button");
        cancel.setTooltip(new Tooltip("Stop this run (Esc); the run on show stays as it is"));
        // the keyboard has Esc; taking the focus would steal it from the map and timeline
        cancel.setFocusTraversable(false);
        cancel.setOnAction(e -> model.cancelRun());
        box.getStyleClass().add("run-box");
        box.visibleProperty().bind(runs.runningProperty());
        // hidden it takes no room: the status text has the whole width between runs
        box.managedProperty().bind(box.visibleProperty());
    }

    /**
     * Puts the indicator right after {@code statusLabel} in {@code statusBar} and adds Esc to
     * {@code shortcuts}. Install after the other Esc users of the shortcut table (the animation's
     * Esc is active only while it plays, so a playing animation is skipped first).
     */
    static RunProgress install(WorkbenchModel model, HBox statusBar, Label statusLabel, Shortcuts shortcuts) {
        RunProgress p = new RunProgress(model.runs(), model);
        statusBar.getChildren().add(statusBar.getChildren().indexOf(statusLabel) + 1, p.box);
        shortcuts.addWhen("File and view", "Esc", "Cancel the scenario that is running (while the progress bar shows)",
                model.runs()::isRunning, model::cancelRun, Shortcuts.key(KeyCode.ESCAPE));
        return p;
    }

    ProgressBar bar() {
        return bar;
    }

    Button cancelButton() {
        return cancel;
    }
}

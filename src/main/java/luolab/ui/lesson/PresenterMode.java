package luolab.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import luolab.ui.model.Theme;
import luolab.ui.model.WorkbenchModel;
import luolab.ui.view.FieldSplit;

/**
 * Presenter mode (F5): the workbench made for a projector. Every change it makes to the window
 * (stylesheet, theme, hidden menus and panes, divider positions, the lesson panel) is recorded as an
 * undo step, so leaving puts the workbench back as it was, in reverse order.
 */
final class PresenterMode {
    static final String PRESENTER_CSS = "/assets/css/presenter.css";

    private final Teaching teaching;
    private final WorkbenchModel model;
    private final Scene scene;
    private final BorderPane root;
    private final ReadOnlyBooleanWrapper presenter = new ReadOnlyBooleanWrapper(this, "presenter");
    private final List<Runnable> undoPresenter = new ArrayList<>();

    PresenterMode(Teaching teaching, WorkbenchModel model, Scene scene) {
        this.teaching = teaching;
        this.model = model;
        this.scene = scene;
        this.root = (BorderPane) scene.getRoot();
        scene.heightProperty().addListener((o, a, h) -> sizeForPresenter());
        scene.widthProperty().addListener((o, a, h) -> sizeForPresenter());
    }

    ReadOnlyBooleanProperty presenterProperty() {
        return presenter.getReadOnlyProperty();
    }

    boolean isOn() {
        return presenter.get();
    }

    void togglePresenter() {
        setPresenter(!presenter.get());
    }

    void setPresenter(boolean on) {
        if (on == presenter.get()) {
            return;
        }
        presenter.set(on);
        if (on) {
            undoPresenter.clear();
            String css = PresenterMode.class.getResource(PRESENTER_CSS).toExternalForm();
            root.getStylesheets().add(css);
            root.getStyleClass().add("presenter");
            undoPresenter.add(() -> {
                root.getStylesheets().remove(css);
                root.getStyleClass().remove("presenter");
                root.setStyle("");
            });
            Theme old = model.theme().get();
            model.theme().set(Theme.DARK);
            undoPresenter.add(() -> model.theme().set(old));
            hide(scene.lookup(".menu-bar"));
            hide(root.getBottom());
            // the log and call stack are for developers, not for the class
            Node trace = scene.lookup("#traceTabs");
            if (trace != null && trace.getParent() != null && trace.getParent().getParent() instanceof SplitPane sp) {
                int i = sp.getItems().indexOf(trace);
                double[] div = sp.getDividerPositions();
                sp.getItems().remove(trace);
                undoPresenter.add(() -> {
                    if (!sp.getItems().contains(trace)) {
                        sp.getItems().add(Math.min(i, sp.getItems().size()), trace);
                        sp.setDividerPositions(div);
                    }
                });
            }
            if (scene.lookup("#topSplit") instanceof SplitPane ts) {
                double[] div = ts.getDividerPositions();
                ts.setDividerPositions(0.6);
                undoPresenter.add(() -> ts.setDividerPositions(div));
            }
            // the field tree goes where its names and values fit: beside the bytes on a wide pane, below
            // them at 1280 px (beside them at 0.76 it was 140 px wide and cut "luo_file_s…")
            if (scene.lookup(".hex-pane .split-pane") instanceof FieldSplit hs) {
                double[] div = hs.getDividerPositions();
                hs.setFit(true);
                undoPresenter.add(() -> {
                    hs.setFit(false);
                    hs.setDividerPositions(div);
                });
            }
            if (scene.lookup("#verticalSplit") instanceof SplitPane vs) {
                double[] div = vs.getDividerPositions();
                vs.setDividerPositions(inspectorDivider(vs.getHeight()));
                // again whenever the split's height changes (window resized, type changed): a fixed 0.7
                // left the hex inspector about three rows of bytes at 1280x800. Only on a height
                // change, so a divider the teacher dragged stays where it is until the window resizes.
                ChangeListener<Number> refit = (o, a, hv) -> vs.setDividerPositions(inspectorDivider(hv.doubleValue()));
                vs.heightProperty().addListener(refit);
                // and when the field tree moves below the bytes or back beside them (decided while the
                // inspector is laid out: the divider moves after that layout pass)
                ChangeListener<Orientation> restack = (o, a, b) -> Platform.runLater(() -> {
                    if (presenter.get()) {
                        vs.setDividerPositions(inspectorDivider(vs.getHeight()));
                    }
                });
                FieldSplit hs = scene.lookup(".hex-pane .split-pane") instanceof FieldSplit f ? f : null;
                if (hs != null) {
                    hs.orientationProperty().addListener(restack);
                }
                undoPresenter.add(() -> {
                    vs.heightProperty().removeListener(refit);
                    if (hs != null) {
                        hs.orientationProperty().removeListener(restack);
                    }
                    vs.setDividerPositions(div);
                });
            }
            boolean wasShown = teaching.panelShown();
            teaching.showPanel(true);
            undoPresenter.add(() -> teaching.showPanel(wasShown || teaching.player().isOpen()));
            sizeForPresenter();
            model.setStatus("Presenter mode: Space / → next, ← back, 1–9 guess, Enter reveal, Esc or F5 to leave");
        } else {
            for (int i = undoPresenter.size() - 1; i >= 0; i--) {
                undoPresenter.get(i).run();
            }
            undoPresenter.clear();
            sizeForPresenter();
        }
    }

    /**
     * Where the map/inspector divider goes in presenter mode: the map keeps 70 % unless that leaves the
     * hex inspector less than about 14 lines of the presenter type (tab header, range line, column
     * header, five or six rows of bytes, field line), or 21 when the field tree is below the bytes
     * (three or four rows of it); then the inspector gets those lines, the map never less than half.
     */
    private double inspectorDivider(double splitHeight) {
        if (splitHeight <= 0) {
            return 0.7;
        }
        boolean stacked = scene.lookup(".hex-pane .split-pane") instanceof FieldSplit hs
                && hs.isFit() && hs.getOrientation() == Orientation.VERTICAL;
        double need = (stacked ? 21 : 14) * presenterPx();
        return Math.max(0.5, Math.min(0.7, 1 - need / splitHeight));
    }

    /** The presenter type in px for the scene's current size (see {@link #sizeForPresenter()}). */
    private int presenterPx() {
        // the width cap: a 5:4 projector (1280x1024) got 21 px from its height alone, and in that
        // type the five table columns, the cycle bar and the pane headers need more than 1280 px
        // (horizontal scroll bars, the structure pane cut at the window's edge). w / 75 gives the
        // type known to fit at 1280 (17 px, as at 1280x800) and leaves 1600 and 1920 px unchanged.
        int byHeight = (int) Math.round(scene.getHeight() / 48.0);
        int byWidth = (int) Math.floor(scene.getWidth() / 75.0);
        return Math.max(14, Math.min(26, Math.min(byHeight, byWidth)));
    }

    private void hide(Node n) {
        if (n == null || !n.isVisible()) {
            return;
        }
        n.setVisible(false);
        n.setManaged(false);
        undoPresenter.add(() -> {
            n.setVisible(true);
            n.setManaged(true);
        });
    }

    /**
     * Font size from the window height (1080 → 22 px, 720 → 15 px), capped by its width (1280 → 17 px,
     * 1600 → 21 px); the lesson panel takes about a third.
     */
    void sizeForPresenter() {
        double w = scene.getWidth();
        LessonPanel panel = teaching.panel();
        if (presenter.get()) {
            int px = presenterPx();
            root.setStyle("-fx-font-size: " + px + "px;");
            panel.setPrefWidth(Math.max(360, w * (w < 1400 ? 0.34 : 0.30)));
        } else {
            root.setStyle("");
            panel.setPrefWidth(Math.max(340, Math.min(440, w * 0.26)));
        }
    }
}

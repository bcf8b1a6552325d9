package luolab.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import luolab.ui.model.Theme;
import luolab.ui.model.WorkbenchModel;

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
            Theme old = model.themeProperty().get();
            model.setTheme(Theme.DARK);
            undoPresenter.add(() -> model.setTheme(old));
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
            if (scene.lookup("#verticalSplit") instanceof SplitPane vs) {
                double[] div = vs.getDividerPositions();
                vs.setDividerPositions(0.7);
                undoPresenter.add(() -> vs.setDividerPositions(div));
            }
            // the bytes get most of the inspector: their type grows only as far as a row fits
            if (scene.lookup(".hex-pane .split-pane") instanceof SplitPane hs) {
                double[] div = hs.getDividerPositions();
                hs.setDividerPositions(0.76);
                undoPresenter.add(() -> hs.setDividerPositions(div));
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

    /** Font size from the window height (1080 → 22 px, 720 → 15 px); the lesson panel takes about a third. */
    void sizeForPresenter() {
        double w = scene.getWidth();
        double h = scene.getHeight();
        LessonPanel panel = teaching.panel();
        if (presenter.get()) {
            int px = (int) Math.max(14, Math.min(26, Math.round(h / 48.0)));
            root.setStyle("-fx-font-size: " + px + "px;");
            panel.setPrefWidth(Math.max(360, w * (w < 1400 ? 0.34 : 0.30)));
        } else {
            root.setStyle("");
            panel.setPrefWidth(Math.max(340, Math.min(440, w * 0.26)));
        }
    }
}

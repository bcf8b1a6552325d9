package luolab.ui.view;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import luolab.engine.trace.TraceEvent;
import luolab.ui.model.EventText;
import luolab.ui.model.WorkbenchModel;

/** The simulated kernel call stack of the current event; the innermost frame is highlighted. */
public final class CallStackController {
    private final WorkbenchModel model;
    @FXML private Label eventLabel;
    @FXML private ListView<String> frames;

    public CallStackController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        frames.setPlaceholder(new Label("No kernel function is running at this event."));
        frames.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().remove("innermost");
                if (empty || f == null) {
                    setText(null);
                    return;
                }
                int i = getIndex();
                setText("  ".repeat(i) + (i == 0 ? "" : "↳ ") + f + "()");
                if (i == getListView().getItems().size() - 1) {
                    getStyleClass().add("innermost");
                }
            }
        });
        model.currentEventProperty().addListener((o, a, b) -> show(b));
        model.runProperty().addListener((o, a, b) -> show(null));
        show(null);
    }

    private void show(TraceEvent e) {
        eventLabel.setText(model.runProperty().get() == null ? "" : EventText.describe(e));
        frames.getItems().setAll(e == null ? java.util.List.of() : e.stack().frames());
        if (!frames.getItems().isEmpty()) {
            frames.scrollTo(frames.getItems().size() - 1);
        }
    }
}

package luolab.ui.view;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import luolab.ui.model.WorkbenchModel;

/**
 * The structure panes on the right: sessions and files, block chains, the handover FDT tree.
 * Each pane that is not built yet says what will appear there; none shows invented data.
 */
public final class StructureController {
    private final WorkbenchModel model;
    @FXML private TabPane tabs;
    @FXML private Tab sessionsTab;
    @FXML private Tab chainsTab;
    @FXML private Tab fdtTab;
    @FXML private StackPane sessionsPane;
    @FXML private StackPane chainsPane;
    @FXML private StackPane fdtPane;

    public StructureController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        placeholder(sessionsPane, "sessionsPlaceholder",
                "Sessions and their preserved files appear here when the scenario has run.");
        placeholder(chainsPane, "chainsPlaceholder",
                "Session and file block chains, parsed from memory, appear here when the scenario has run.");
        placeholder(fdtPane, "fdtPlaceholder",
                "The KHO root FDT and LUO tree appear here when the scenario has run "
                        + "(needs the FDT parser, not merged yet).");
    }

    static Label placeholder(StackPane pane, String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("placeholder-message");
        pane.getChildren().setAll(l);
        return l;
    }
}

package luolab.ui;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Help → Keyboard shortcuts: the table the key filter runs, grouped. */
final class ShortcutsDialog {
    static final String SPACE_NOTE = "Space presses the focused button, check box, toggle, radio button, link or"
            + " drop-down, as everywhere on the desktop, and a text field types it; anywhere else (the memory map,"
            + " a table) it plays and pauses. Click the memory map to give it the focus.";
    private ShortcutsDialog() {
    }

    static Alert show(Window owner, List<Shortcuts.Shortcut> all) {
        GridPane grid = new GridPane();
        grid.setId("shortcutsGrid");
        grid.setHgap(18);
        grid.setVgap(4);
        int row = 0;
        String group = null;
        for (Shortcuts.Shortcut s : all) {
            if (!s.group().equals(group)) {
                group = s.group();
                Label g = new Label(group);
                g.getStyleClass().add("shortcut-group");
                g.setStyle("-fx-font-weight: bold; -fx-padding: 8 0 2 0;");
                grid.add(g, 0, row++, 2, 1);
            }
            Label k = new Label(s.keys());
            k.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            grid.add(k, 0, row);
            grid.add(new Label(s.what()), 1, row++);
        }
        // the one key a focused control takes from the table (Shortcuts.focusedControlTakes)
        Label space = new Label(SPACE_NOTE);
        space.setId("shortcutsSpaceNote");
        space.setWrapText(true);
        space.setMaxWidth(520);
        space.setStyle("-fx-padding: 10 0 0 0;");
        grid.add(space, 0, row, 2, 1);
        Alert a = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        if (owner != null) {
            a.initOwner(owner);
        }
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(grid);
        a.getDialogPane().setId("shortcutsDialog");
        a.show();
        return a;
    }
}

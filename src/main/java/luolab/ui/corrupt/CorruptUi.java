package luolab.ui.corrupt;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Pane;
import javafx.stage.Window;
import luolab.ui.Shortcuts;
import luolab.ui.view.HexController;
import luolab.ui.view.StructureController;

/**
 * Wires injecting into the workbench: the Corrupt menu, the toolbar button, Ctrl+Z, the chain
 * view's, tables' and hex inspector's context menus, and the two tabs (Corruption, Restore
 * summary), which come forward after an injection and after the restore that follows it.
 */
public final class CorruptUi {
    public static final String STYLESHEET = "/assets/css/corrupt.css";

    private CorruptUi() {
    }

    /** Everything the main window hands over; called from MainController.initialize(). */
    public record Parts(Parent root, Menu corruptMenu, Shortcuts shortcuts, TabPane inspectorTabs, Tab corruptionTab,
            Tab restoreTab, CorruptionController corruption, RestoreController restore, StructureController structure,
            HexController hex) {
    }

    public static CorruptActions install(Parts p) {
        CorruptionSession session = p.corruption().session();
        CorruptActions actions = new CorruptActions(session,
                () -> p.root().getScene() == null ? null : p.root().getScene().getWindow());
        var css = CorruptUi.class.getResource(STYLESHEET);
        if (css != null) {
            p.root().getStylesheets().add(css.toExternalForm());
        }
        p.corruptMenu().getItems().setAll(actions.catalogItems());
        p.corruption().setActions(actions);
        addToolbarButton(p.root(), actions);
        p.shortcuts().add("Corruption", "Ctrl+Z", "Undo the last injection", session::undoLast,
                Shortcuts.key(KeyCode.Z, KeyCombination.SHORTCUT_DOWN));
        actions.installChain(p.structure().chainCanvas());
        actions.installTables(p.structure().sessionTable(), p.structure().fileTable());
        actions.installHex(p.hex().canvas());
        session.lastInjectionProperty().addListener((o, a, i) -> {
            if (i != null) {
                p.inspectorTabs().getSelectionModel().select(p.corruptionTab());
            }
        });
        p.restore().setOnShown(() -> p.inspectorTabs().getSelectionModel().select(p.restoreTab()));
        p.restoreTab().selectedProperty().addListener((o, a, sel) -> {
            if (sel) {
                session.wantSummary();
            }
        });
        p.corruptionTab().setTooltip(new Tooltip("Injections and the bytes each one wrote"));
        p.restoreTab().setTooltip(new Tooltip("What the next kernel made of the handover"));
        return actions;
    }

    /** Gives a dialog the workbench's theme and the corruption styles. */
    public static void style(javafx.scene.control.DialogPane pane, Window owner) {
        if (owner != null && owner.getScene() != null) {
            pane.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        var css = CorruptUi.class.getResource(STYLESHEET);
        if (css != null) {
            pane.getStylesheets().add(css.toExternalForm());
        }
    }

    /** A "Corrupt" menu button at the end of the cycle bar's transport row. */
    private static void addToolbarButton(Parent root, CorruptActions actions) {
        Node counter = root.lookup("#counterLabel");
        if (counter == null || !(counter.getParent() instanceof Pane row)) {
            return;
        }
        MenuButton b = new MenuButton("Corrupt");
        b.setId("corruptButton");
        b.getStyleClass().add("corrupt-button");
        b.setTooltip(new Tooltip("Inject corruption at the current event (the whole catalog)"));
        // like the transport buttons beside it: not a Tab stop, so a click leaves the focus where it
        // was and the window does not open with it focused (Space would open this menu, not play);
        // from the keyboard the same catalog is the menu bar's Corrupt menu (Alt+C)
        b.setFocusTraversable(false);
        for (MenuItem m : actions.catalogItems()) {
            b.getItems().add(m);
        }
        row.getChildren().add(b);
    }
}

package luolab.ui.corrupt;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.HBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Group;
import luolab.engine.corrupt.Injector;
import luolab.ui.model.SessionTable;
import luolab.ui.view.BlockChainCanvas;
import luolab.ui.view.HexCanvas;

/**
 * Every way to ask for an injection: the Corrupt menu and toolbar button (the whole catalog by
 * group, each entry opening its {@link InjectDialog}, then undo), and direct manipulation —
 * right-click a block of the chain view ({@link ChainActions}), a row of the session or file
 * table ({@link TableActions}), or a byte of the hex inspector ({@link HexActions}).
 */
public final class CorruptActions {
    private final CorruptionSession session;
    private final Supplier<Window> owner;
    private final ContextMenus menus = new ContextMenus();
    private final ChainActions chain;
    private final TableActions tables;
    private final HexActions hex;
    private InjectDialog lastDialog;

    public CorruptActions(CorruptionSession session, Supplier<Window> owner) {
        this.session = session;
        this.owner = owner;
        this.chain = new ChainActions(session, owner, menus, this::openDialog);
        this.tables = new TableActions(session, menus, this::openDialog);
        this.hex = new HexActions(session, owner, menus, this::openDialog);
    }

    public CorruptionSession session() {
        return session;
    }

    /** The dialog opened last (for tests and screenshots). */
    public InjectDialog lastDialog() {
        return lastDialog;
    }

    public TextInputDialog lastCountDialog() {
        return chain.lastCountDialog();
    }

    public ContextMenu lastMenu() {
        return menus.last();
    }

    public Popup byteEditor() {
        return hex.byteEditor();
    }

    public boolean picking() {
        return chain.picking();
    }

    public ChainActions chain() {
        return chain;
    }

    public TableActions tables() {
        return tables;
    }

    public HexActions hex() {
        return hex;
    }

    /** Right-click a block: point next at… (then click the target), set count…, zero count, cut the chain. */
    public void installChain(BlockChainCanvas c) {
        chain.installChain(c);
    }

    /** Session rows: rename to a duplicate; file rows: unknown handler. */
    public void installTables(TableView<SessionTable.Session> sessions, TableView<SessionTable.File> files) {
        tables.installTables(sessions, files);
    }

    /** Right-click a byte: edit it in place, flip one of its bits; double-click: edit in place. */
    public void installHex(HexCanvas h) {
        hex.installHex(h);
    }

    // ---- the catalog as menus ------------------------------------------------------------------------

    /** One submenu per catalog group, then undo; for the menu bar's Corrupt menu and the toolbar button. */
    public List<MenuItem> catalogItems() {
        List<MenuItem> out = new java.util.ArrayList<>();
        for (Map.Entry<Group, List<Injector>> g : Catalog.byGroup().entrySet()) {
            Menu m = new Menu(capitalize(g.getKey().label()));
            m.setId("corruptGroup-" + g.getKey().name());
            for (Injector i : g.getValue()) {
                m.getItems().add(entry(i));
            }
            out.add(m);
        }
        out.add(new SeparatorMenuItem());
        MenuItem undo = new MenuItem("Undo last injection");
        undo.setId("undoInjection");
        undo.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Z"));
        undo.setOnAction(e -> session.undoLast());
        undo.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(session.injections()));
        MenuItem all = new MenuItem("Remove all injections");
        all.setOnAction(e -> session.undoAll());
        all.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(session.injections()));
        out.add(undo);
        out.add(all);
        return out;
    }

    private MenuItem entry(Injector i) {
        Label name = new Label(i.name());
        name.getStyleClass().add("catalog-name");
        Label desc = new Label(i.description());
        desc.getStyleClass().add("catalog-description");
        HBox box = new HBox(12, name, desc);
        MenuItem item = new MenuItem(null, box);
        item.setId("inject-" + i.name());
        item.setMnemonicParsing(false);
        item.setOnAction(e -> openDialog(i, Map.of()));
        return item;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Opens the parameter dialog of {@code inj} (non-blocking); Inject runs it at the current position. */
    public InjectDialog openDialog(Injector inj, Map<String, String> preset) {
        if (session.scenario() == null) {
            session.inject(inj.name(), Map.of(), null, null, "menu"); // reports why not
            return null;
        }
        InjectDialog d = new InjectDialog(owner.get(), session, inj, preset);
        lastDialog = d;
        d.setOnHidden(e -> {
            if (d.getResult() == InjectDialog.INJECT) {
                session.inject(inj.name(), d.params(), d.at(), d.summary(), "dialog");
            }
        });
        d.show();
        return d;
    }
}

package luolab.ui.corrupt;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Injector;
import luolab.ui.model.SessionTable;

/** Injections from the right-click menus of the session and file tables. */
public final class TableActions {
    private final CorruptionSession session;
    private final ContextMenus menus;
    private final BiConsumer<Injector, Map<String, String>> dialogs;

    TableActions(CorruptionSession session, ContextMenus menus, BiConsumer<Injector, Map<String, String>> dialogs) {
        this.session = session;
        this.menus = menus;
        this.dialogs = dialogs;
    }

    /** Session rows: rename to a duplicate; file rows: unknown handler. */
    public void installTables(TableView<SessionTable.Session> sessions, TableView<SessionTable.File> files) {
        selectRowOnRightPress(sessions);
        selectRowOnRightPress(files);
        ContextMenu sm = new ContextMenu();
        sm.setId("sessionMenu");
        Runnable fillSessions = () -> {
            sm.getItems().clear();
            SessionTable.Session s = sessions.getSelectionModel().getSelectedItem();
            if (s == null) {
                sm.getItems().add(ContextMenus.disabled("Right-click a session"));
                return;
            }
            String why = InjectChoices.unreachable(session, s);
            if (why != null) {
                sm.getItems().addAll(ContextMenus.disabled("session '" + s.name + "' (boot " + s.boot + ")"),
                        new SeparatorMenuItem(), unreachableItem(why));
                return;
            }
            List<String> others = sessions.getItems().stream().filter(x -> x.boot == s.boot && !x.name.equals(s.name)
                    && InjectChoices.unreachable(session, x) == null).map(x -> x.name).distinct().toList();
            Menu dup = new Menu("Rename to duplicate of");
            dup.setId("renameToDuplicate");
            for (String o : others) {
                MenuItem it = new MenuItem("'" + o + "'");
                it.setMnemonicParsing(false);
                it.setId("duplicateOf-" + o);
                it.setOnAction(x -> renameToDuplicate(s.name, o));
                dup.getItems().add(it);
            }
            if (others.isEmpty()) {
                dup.getItems().add(ContextMenus.disabled("no other session of boot " + s.boot));
            }
            sm.getItems().addAll(ContextMenus.disabled("session '" + s.name + "' (boot " + s.boot + ")"), new SeparatorMenuItem(), dup);
        };
        ContextMenus.onContextClick(sessions, (x, y, sx, sy) -> {
            fillSessions.run();
            menus.show(sm, sessions, sx, sy);
            return true;
        });

        ContextMenu fm = new ContextMenu();
        fm.setId("fileMenu");
        Runnable fillFiles = () -> {
            fm.getItems().clear();
            SessionTable.Session s = sessions.getSelectionModel().getSelectedItem();
            SessionTable.File f = files.getSelectionModel().getSelectedItem();
            if (s == null || f == null) {
                fm.getItems().add(ContextMenus.disabled("Right-click a file"));
                return;
            }
            String why = InjectChoices.unreachable(session, s);
            if (why != null) {
                fm.getItems().addAll(ContextMenus.disabled(String.format("file 0x%x of '%s' (%s)", f.token, s.name,
                        f.compatible)), new SeparatorMenuItem(), unreachableItem(why));
                return;
            }
            MenuItem unknown = new MenuItem("Unknown handler (compatible := \"memfd-v1\")");
            unknown.setId("unknownHandler");
            unknown.setOnAction(x -> unknownHandler(s.name, f.token, "memfd-v1"));
            MenuItem other = new MenuItem("Unknown handler…");
            other.setOnAction(x -> dialogs.accept(Catalog.byName("file-compatible"),
                    Map.of("session", s.name, "token", Params.hex(f.token))));
            fm.getItems().addAll(ContextMenus.disabled(String.format("file 0x%x of '%s' (%s)", f.token, s.name, f.compatible)),
                    new SeparatorMenuItem(), unknown, other);
        };
        ContextMenus.onContextClick(files, (x, y, sx, sy) -> {
            fillFiles.run();
            menus.show(fm, files, sx, sy);
            return true;
        });
    }

    /** The one line of a menu whose session no injector can reach: why not. */
    private static MenuItem unreachableItem(String why) {
        MenuItem m = ContextMenus.disabled("Cannot corrupt it: " + why);
        m.setId("unreachable");
        return m;
    }

    /** A right press selects the row under it, so the menu acts on the row that was clicked. */
    private static void selectRowOnRightPress(TableView<?> t) {
        t.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() != MouseButton.SECONDARY) {
                return;
            }
            for (javafx.scene.Node n = e.getPickResult().getIntersectedNode(); n != null && n != t; n = n.getParent()) {
                if (n instanceof javafx.scene.control.TableRow<?> r) {
                    if (r.getItem() != null) {
                        t.getSelectionModel().select(r.getIndex());
                    }
                    return;
                }
            }
        });
    }

    public void renameToDuplicate(String session, String as) {
        Map<String, String> p = Params.ordered(Map.of("session", session, "as", as), "session", "as");
        this.session.inject("duplicate-session-name", p, null, Describe.summary("duplicate-session-name", p), "session table");
    }

    public void unknownHandler(String session, long token, String compatible) {
        Map<String, String> p = Params.ordered(Map.of("session", session, "token", Params.hex(token), "value", compatible), "session", "token", "value");
        this.session.inject("file-compatible", p, null, Describe.summary("file-compatible", p), "file table");
    }
}

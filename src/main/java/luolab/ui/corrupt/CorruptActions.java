package luolab.ui.corrupt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Group;
import luolab.engine.corrupt.Injector;
import luolab.ui.model.Frame;
import luolab.ui.model.SessionTable;
import luolab.ui.view.BlockChainCanvas;
import luolab.ui.view.HexCanvas;

/**
 * Every way to ask for an injection: the Corrupt menu and toolbar button (the whole catalog by
 * group, each entry opening its {@link InjectDialog}), and direct manipulation — right-click a
 * block of the chain view, a row of the session or file table, or a byte of the hex inspector.
 */
public final class CorruptActions {
    private final CorruptionSession session;
    private final Supplier<Window> owner;
    private InjectDialog lastDialog;
    private TextInputDialog lastCountDialog;
    private Popup byteEditor;
    private ContextMenu lastMenu;

    // pick mode of the chain view: the block whose next is being re-pointed
    private BlockChainCanvas pickCanvas;
    private BlockChainCanvas.Box pickFrom;

    public CorruptActions(CorruptionSession session, Supplier<Window> owner) {
        this.session = session;
        this.owner = owner;
    }

    public CorruptionSession session() {
        return session;
    }

    /** The dialog opened last (for tests and screenshots). */
    public InjectDialog lastDialog() {
        return lastDialog;
    }

    public TextInputDialog lastCountDialog() {
        return lastCountDialog;
    }

    public ContextMenu lastMenu() {
        return lastMenu;
    }

    public Popup byteEditor() {
        return byteEditor;
    }

    public boolean picking() {
        return pickFrom != null;
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

    // ---- chain view ------------------------------------------------------------------------------------

    /** Right-click a block: point next at… (then click the target), set count…, zero count, cut the chain. */
    public void installChain(BlockChainCanvas c) {
        onContextClick(c, (x, y, sx, sy) -> {
            BlockChainCanvas.Box b = boxAt(c, x, y);
            if (b == null) {
                return false;
            }
            endPick(null);
            ContextMenu m = chainMenu(c, b);
            show(m, c, sx, sy);
            return true;
        });
        c.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (pickFrom == null || pickCanvas != c) {
                return;
            }
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            e.consume();
            BlockChainCanvas.Box target = boxAt(c, e.getX(), e.getY());
            if (target == null) {
                endPick("Cancelled: no block was picked");
                return;
            }
            pointNext(pickFrom, target);
            endPick(null);
        });
        c.addEventFilter(MouseEvent.MOUSE_MOVED, e -> {
            if (pickFrom != null && pickCanvas == c) {
                BlockChainCanvas.Box t = boxAt(c, e.getX(), e.getY());
                c.setSelectedPa(t == null ? pickFrom.block().pa() : t.block().pa());
            }
        });
        c.sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                s.addEventFilter(KeyEvent.KEY_PRESSED, k -> {
                    if (k.getCode() == KeyCode.ESCAPE && pickFrom != null) {
                        endPick("Cancelled");
                        k.consume();
                    }
                });
            }
        });
    }

    /** The box under (x, y), or null. */
    public static BlockChainCanvas.Box boxAt(BlockChainCanvas c, double x, double y) {
        for (BlockChainCanvas.Box b : c.boxes()) {
            if (b.rect().contains(x, y)) {
                return b;
            }
        }
        return null;
    }

    /** The block's index in its chain (boxes are drawn left to right by index). */
    public static int indexOf(BlockChainCanvas.Box b) {
        return (int) Math.round((b.rect().getMinX() - BlockChainCanvas.LABEL_W) / (BlockChainCanvas.BOX_W + BlockChainCanvas.GAP));
    }

    /** The injectors' name of a chain: "sessions" or "files:&lt;session&gt;". */
    public static String setName(BlockChainCanvas.Box b) {
        String s = b.set();
        return s.startsWith("files of ") ? "files:" + s.substring("files of ".length()) : s;
    }

    private static String what(BlockChainCanvas.Box b) {
        return "block " + indexOf(b) + " of " + Describe.set(setName(b)) + String.format(" @ 0x%x", b.block().pa());
    }

    private ContextMenu chainMenu(BlockChainCanvas c, BlockChainCanvas.Box b) {
        String set = setName(b);
        int idx = indexOf(b);
        MenuItem title = new MenuItem(what(b) + String.format(" · next 0x%x, count %s", b.block().next(),
                Long.toUnsignedString(b.block().count())));
        title.setDisable(true);
        MenuItem point = new MenuItem("Point next at… (then click the target block)");
        point.setId("pointNextAt");
        point.setOnAction(e -> startPick(c, b));
        MenuItem count = new MenuItem("Set count…");
        count.setId("setCount");
        count.setOnAction(e -> askCount(b));
        MenuItem zero = new MenuItem("Zero count");
        zero.setId("zeroCount");
        zero.setOnAction(e -> {
            Map<String, String> p = Map.of("set", set, "block", String.valueOf(idx));
            session.inject("zero-count-block", ordered(p, "set", "block"), null, Describe.summary("zero-count-block", p),
                    "chain view");
        });
        MenuItem cut = new MenuItem("Cut the chain here (next = 0)");
        cut.setId("cutChain");
        cut.setOnAction(e -> {
            Map<String, String> p = Map.of("set", set, "block", String.valueOf(idx));
            session.inject("chain-truncate", ordered(p, "set", "block"), null, Describe.summary("chain-truncate", p), "chain view");
        });
        MenuItem more = new MenuItem("More corruptions of this block…");
        more.setOnAction(e -> openDialog(Catalog.byName("cyclic-chain"), Map.of("set", set, "from", String.valueOf(idx))));
        ContextMenu m = new ContextMenu(title, new SeparatorMenuItem(), point, count, zero, cut, new SeparatorMenuItem(), more);
        m.setId("chainMenu");
        return m;
    }

    private void startPick(BlockChainCanvas c, BlockChainCanvas.Box from) {
        pickCanvas = c;
        pickFrom = from;
        c.setCursor(Cursor.CROSSHAIR);
        c.setSelectedPa(from.block().pa());
        session.model().setStatus("Click the block that " + what(from) + " should point to (an earlier block or itself makes a"
                + " cycle) — Esc cancels");
    }

    private void endPick(String status) {
        if (pickCanvas != null) {
            pickCanvas.setCursor(null);
            pickCanvas.setSelectedPa(session.model().selectionProperty().get().pa());
        }
        pickCanvas = null;
        pickFrom = null;
        if (status != null) {
            session.model().setStatus(status);
        }
    }

    /** from.next := target: a cycle (catalog cyclic-chain) when it points back in its own chain, else a raw u64. */
    public void pointNext(BlockChainCanvas.Box from, BlockChainCanvas.Box target) {
        String set = setName(from);
        int fi = indexOf(from);
        int ti = indexOf(target);
        if (set.equals(setName(target)) && ti <= fi) {
            Map<String, String> p = ordered(Map.of("set", set, "from", String.valueOf(fi), "to", String.valueOf(ti)), "set", "from", "to");
            session.inject("cyclic-chain", p, null, Describe.summary("cyclic-chain", p), "chain view");
            return;
        }
        Map<String, String> p = ordered(Map.of("pa", hex(from.block().pa()), "value", hex(target.block().pa())), "pa", "value");
        String summary = what(from) + ": next → " + what(target) + (set.equals(setName(target)) ? " (skips ahead)" : "");
        session.inject("write-u64", p, null, summary, "chain view");
    }

    private void askCount(BlockChainCanvas.Box b) {
        TextInputDialog d = new TextInputDialog(Long.toUnsignedString(b.block().count()));
        d.initOwner(owner.get());
        d.setTitle("Set count");
        d.setHeaderText("New count of " + what(b) + "\n(capacity " + b.block().capacity()
                + "; 0 or more than the capacity is rejected on restore)");
        d.setContentText("count:");
        d.getDialogPane().setId("countDialog");
        CorruptUi.style(d.getDialogPane(), owner.get());
        lastCountDialog = d;
        d.setOnHidden(e -> {
            String v = d.getResult();
            if (v == null || v.isBlank()) {
                return;
            }
            setCount(b, v.trim());
        });
        d.show();
    }

    /** count := v, with the catalog entry that says it best (zero-count-block, count-over-capacity, else write-u64). */
    public void setCount(BlockChainCanvas.Box b, String v) {
        long n;
        try {
            n = v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseUnsignedLong(v);
        } catch (NumberFormatException ex) {
            session.model().bus().publish(new luolab.ui.event.UserError("Not a count", "'" + v + "' is not a number."));
            return;
        }
        String set = setName(b);
        String idx = String.valueOf(indexOf(b));
        if (n == 0) {
            Map<String, String> p = ordered(Map.of("set", set, "block", idx), "set", "block");
            session.inject("zero-count-block", p, null, Describe.summary("zero-count-block", p), "chain view");
        } else if (Long.compareUnsigned(n, b.block().capacity()) > 0) {
            Map<String, String> p = ordered(Map.of("set", set, "block", idx, "value", Long.toUnsignedString(n)), "set", "block", "value");
            session.inject("count-over-capacity", p, null, Describe.summary("count-over-capacity", p), "chain view");
        } else {
            Map<String, String> p = ordered(Map.of("pa", hex(b.block().pa() + 8), "value", Long.toUnsignedString(n)), "pa", "value");
            Placement pl = session.placement();
            // before serialization the kernel rewrites every count: write it right before the jump instead
            String at = pl != null && !pl.inHandover() && pl.stage() == luolab.engine.corrupt.Stage.LIVE && pl.kexecAhead() >= 0
                    && !pl.afterKexec() ? Injection.HANDOVER : null;
            session.inject("write-u64", p, at, "count of " + what(b) + " := " + n, "chain view");
        }
    }

    // ---- tables ----------------------------------------------------------------------------------------

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
                sm.getItems().add(disabled("Right-click a session"));
                return;
            }
            List<String> others = sessions.getItems().stream().filter(x -> x.boot == s.boot && !x.name.equals(s.name))
                    .map(x -> x.name).distinct().toList();
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
                dup.getItems().add(disabled("no other session of boot " + s.boot));
            }
            sm.getItems().addAll(disabled("session '" + s.name + "' (boot " + s.boot + ")"), new SeparatorMenuItem(), dup);
        };
        onContextClick(sessions, (x, y, sx, sy) -> {
            fillSessions.run();
            show(sm, sessions, sx, sy);
            return true;
        });

        ContextMenu fm = new ContextMenu();
        fm.setId("fileMenu");
        Runnable fillFiles = () -> {
            fm.getItems().clear();
            SessionTable.Session s = sessions.getSelectionModel().getSelectedItem();
            SessionTable.File f = files.getSelectionModel().getSelectedItem();
            if (s == null || f == null) {
                fm.getItems().add(disabled("Right-click a file"));
                return;
            }
            MenuItem unknown = new MenuItem("Unknown handler (compatible := \"memfd-v1\")");
            unknown.setId("unknownHandler");
            unknown.setOnAction(x -> unknownHandler(s.name, f.token, "memfd-v1"));
            MenuItem other = new MenuItem("Unknown handler…");
            other.setOnAction(x -> openDialog(Catalog.byName("file-compatible"),
                    Map.of("session", s.name, "token", hex(f.token))));
            fm.getItems().addAll(disabled(String.format("file 0x%x of '%s' (%s)", f.token, s.name, f.compatible)),
                    new SeparatorMenuItem(), unknown, other);
        };
        onContextClick(files, (x, y, sx, sy) -> {
            fillFiles.run();
            show(fm, files, sx, sy);
            return true;
        });
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
        Map<String, String> p = ordered(Map.of("session", session, "as", as), "session", "as");
        this.session.inject("duplicate-session-name", p, null, Describe.summary("duplicate-session-name", p), "session table");
    }

    public void unknownHandler(String session, long token, String compatible) {
        Map<String, String> p = ordered(Map.of("session", session, "token", hex(token), "value", compatible), "session", "token", "value");
        this.session.inject("file-compatible", p, null, Describe.summary("file-compatible", p), "file table");
    }

    private static MenuItem disabled(String text) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(false);
        m.setDisable(true);
        return m;
    }

    // ---- hex inspector ---------------------------------------------------------------------------------

    /** Right-click a byte: edit it in place, flip one of its bits; double-click: edit in place. */
    public void installHex(HexCanvas hex) {
        onContextClick(hex.canvas(), (x, y, sx, sy) -> {
            long pa = hex.paAt(x, y);
            if (pa < 0) {
                return false;
            }
            show(hexMenu(hex, pa), hex.canvas(), sx, sy);
            return true;
        });
        hex.canvas().addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                long pa = hex.paAt(e.getX(), e.getY());
                if (pa >= 0) {
                    editByte(hex, pa);
                }
            }
        });
    }

    private int byteAt(long pa) {
        Frame f = session.model().frame();
        return f == null ? -1 : f.u8(pa);
    }

    private ContextMenu hexMenu(HexCanvas hex, long pa) {
        int v = byteAt(pa);
        MenuItem title = disabled(String.format("byte 0x%x = %s", pa, v < 0 ? "?" : String.format("0x%02x", v)));
        MenuItem edit = new MenuItem("Edit byte in place…");
        edit.setId("editByte");
        edit.setOnAction(e -> editByte(hex, pa));
        Menu flip = new Menu("Flip bit");
        flip.setId("flipBit");
        for (int bit = 0; bit < 8; bit++) {
            int b = bit;
            MenuItem it = new MenuItem(v < 0 ? "bit " + bit : String.format("bit %d  (0x%02x → 0x%02x)", bit, v, v ^ (1 << bit)));
            it.setId("flipBit-" + bit);
            it.setOnAction(e -> flipBit(pa, b));
            flip.getItems().add(it);
        }
        MenuItem u64 = new MenuItem("Write a u64 here…");
        u64.setOnAction(e -> openDialog(Catalog.byName("write-u64"), Map.of("pa", hex(pa & ~7L))));
        ContextMenu m = new ContextMenu(title, new SeparatorMenuItem(), edit, flip, u64);
        m.setId("hexMenu");
        return m;
    }

    public void flipBit(long pa, int bit) {
        Map<String, String> p = ordered(Map.of("pa", hex(pa), "bit", String.valueOf(bit)), "pa", "bit");
        int v = byteAt(pa);
        session.inject("bit-flip", p, null, String.format("bit %d of byte 0x%x flipped", bit, pa)
                + (v < 0 ? "" : String.format(" (0x%02x → 0x%02x)", v, v ^ (1 << bit))), "hex inspector");
    }

    public void writeByte(long pa, int value) {
        Map<String, String> p = ordered(Map.of("pa", hex(pa), "bytes", String.format("%02x", value)), "pa", "bytes");
        int v = byteAt(pa);
        session.inject("write-bytes", p, null, String.format("byte 0x%x := 0x%02x", pa, value)
                + (v < 0 ? "" : String.format(" (was 0x%02x)", v)), "hex inspector");
    }

    /** A two-digit field over the byte: Enter writes it, Esc or focus loss cancels. */
    public void editByte(HexCanvas hex, long pa) {
        if (byteEditor != null) {
            byteEditor.hide();
        }
        hex.reveal(pa);
        int v = byteAt(pa);
        TextField tf = new TextField(v < 0 ? "" : String.format("%02x", v));
        tf.setId("byteEditor");
        tf.setPrefColumnCount(2);
        tf.getStyleClass().add("byte-editor");
        Label hint = new Label(String.format("0x%x: hex, Enter writes", pa));
        hint.getStyleClass().add("byte-editor-hint");
        VBox box = new VBox(2, tf, hint);
        box.getStyleClass().add("byte-editor-box");
        var css = CorruptActions.class.getResource(CorruptUi.STYLESHEET);
        if (css != null && hex.getScene() != null) {
            box.getStylesheets().addAll(hex.getScene().getStylesheets());
            box.getStylesheets().add(css.toExternalForm());
        }
        Popup p = new Popup();
        p.setAutoHide(true);
        p.getContent().add(box);
        byteEditor = p;
        tf.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                p.hide();
                e.consume();
            }
        });
        tf.setOnAction(e -> {
            String t = tf.getText().trim().replaceFirst("^0[xX]", "");
            if (!t.matches("[0-9a-fA-F]{1,2}")) {
                hint.setText("two hex digits, e.g. 2a");
                hint.getStyleClass().add("byte-editor-bad");
                return;
            }
            p.hide();
            int nv = Integer.parseInt(t, 16);
            if (nv != v) {
                writeByte(pa, nv);
            }
        });
        Point2D c = hex.byteCenter(pa);
        Point2D s = hex.canvas().localToScreen(c.getX() - 14, c.getY() - 12);
        Window w = owner.get();
        if (s != null && w != null) {
            p.show(w, s.getX(), s.getY());
            tf.requestFocus();
            tf.selectAll();
        }
    }

    /** Shows a context menu at (sx, sy): the open one closes first. */
    private void show(ContextMenu m, javafx.scene.Node owner, double sx, double sy) {
        if (lastMenu != null && lastMenu != m) {
            lastMenu.hide();
        }
        lastMenu = m;
        m.show(owner, sx, sy);
    }

    /** Handles a context-menu gesture at local (x, y), screen (sx, sy); returns whether a menu was shown. */
    @FunctionalInterface
    interface ContextHandler {
        boolean show(double x, double y, double sx, double sy);
    }

    /**
     * Right-click on {@code n}: the platform's context-menu request, or a secondary-button click
     * where the platform sends none (headless Monocle); the click right after a request is ignored.
     */
    static void onContextClick(javafx.scene.Node n, ContextHandler h) {
        long[] last = {0};
        n.addEventHandler(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            if (h.show(e.getX(), e.getY(), e.getScreenX(), e.getScreenY())) {
                last[0] = System.nanoTime();
                e.consume();
            }
        });
        n.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.SECONDARY && System.nanoTime() - last[0] > 800_000_000L) {
                if (h.show(e.getX(), e.getY(), e.getScreenX(), e.getScreenY())) {
                    e.consume();
                }
            }
        });
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A map in the order of {@code keys} (Map.of has none). */
    static Map<String, String> ordered(Map<String, String> m, String... keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : keys) {
            if (m.containsKey(k)) {
                out.put(k, m.get(k));
            }
        }
        return out;
    }
}

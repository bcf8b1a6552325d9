package luolab.ui.corrupt;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.geometry.Point2D;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Injector;
import luolab.ui.model.Frame;
import luolab.ui.view.HexCanvas;

/** Injections from the hex inspector: edit a byte in place (double-click or right-click), flip one of its bits. */
public final class HexActions {
    private final CorruptionSession session;
    private final Supplier<Window> owner;
    private final ContextMenus menus;
    private final BiConsumer<Injector, Map<String, String>> dialogs;
    private Popup byteEditor;

    HexActions(CorruptionSession session, Supplier<Window> owner, ContextMenus menus,
            BiConsumer<Injector, Map<String, String>> dialogs) {
        this.session = session;
        this.owner = owner;
        this.menus = menus;
        this.dialogs = dialogs;
    }

    /** The in-place byte editor opened last (for tests). */
    public Popup byteEditor() {
        return byteEditor;
    }

    /** Right-click a byte: edit it in place, flip one of its bits; double-click: edit in place. */
    public void installHex(HexCanvas hex) {
        ContextMenus.onContextClick(hex.canvas(), (x, y, sx, sy) -> {
            long pa = hex.paAt(x, y);
            if (pa < 0) {
                return false;
            }
            menus.show(hexMenu(hex, pa), hex.canvas(), sx, sy);
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
        MenuItem title = ContextMenus.disabled(String.format("byte 0x%x = %s", pa, v < 0 ? "?" : String.format("0x%02x", v)));
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
        u64.setOnAction(e -> dialogs.accept(Catalog.byName("write-u64"), Map.of("pa", Params.hex(pa & ~7L))));
        ContextMenu m = new ContextMenu(title, new SeparatorMenuItem(), edit, flip, u64);
        m.setId("hexMenu");
        return m;
    }

    public void flipBit(long pa, int bit) {
        Map<String, String> p = Params.ordered(Map.of("pa", Params.hex(pa), "bit", String.valueOf(bit)), "pa", "bit");
        int v = byteAt(pa);
        session.inject("bit-flip", p, null, String.format("bit %d of byte 0x%x flipped", bit, pa)
                + (v < 0 ? "" : String.format(" (0x%02x → 0x%02x)", v, v ^ (1 << bit))), "hex inspector");
    }

    public void writeByte(long pa, int value) {
        Map<String, String> p = Params.ordered(Map.of("pa", Params.hex(pa), "bytes", String.format("%02x", value)), "pa", "bytes");
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
        var css = HexActions.class.getResource(CorruptUi.STYLESHEET);
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
}

package luolab.ui.corrupt;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Window;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Injector;
import luolab.ui.view.BlockChainCanvas;

/**
 * Injections by direct manipulation of the chain view: right-click a block to point its next at
 * another block (pick mode: then click the target), set or zero its count, or cut the chain there.
 */
public final class ChainActions {
    private final CorruptionSession session;
    private final Supplier<Window> owner;
    private final ContextMenus menus;
    private final BiConsumer<Injector, Map<String, String>> dialogs;
    private TextInputDialog lastCountDialog;

    // pick mode: the block whose next is being re-pointed
    private BlockChainCanvas pickCanvas;
    private BlockChainCanvas.Box pickFrom;

    ChainActions(CorruptionSession session, Supplier<Window> owner, ContextMenus menus,
            BiConsumer<Injector, Map<String, String>> dialogs) {
        this.session = session;
        this.owner = owner;
        this.menus = menus;
        this.dialogs = dialogs;
    }

    public TextInputDialog lastCountDialog() {
        return lastCountDialog;
    }

    public boolean picking() {
        return pickFrom != null;
    }

    /** Right-click a block: point next at… (then click the target), set count…, zero count, cut the chain. */
    public void installChain(BlockChainCanvas c) {
        ContextMenus.onContextClick(c, (x, y, sx, sy) -> {
            BlockChainCanvas.Box b = boxAt(c, x, y);
            if (b == null) {
                return false;
            }
            endPick(null);
            ContextMenu m = chainMenu(c, b);
            menus.show(m, c, sx, sy);
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
        return b.index();
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
            session.inject("zero-count-block", Params.ordered(p, "set", "block"), null, Describe.summary("zero-count-block", p),
                    "chain view");
        });
        MenuItem cut = new MenuItem("Cut the chain here (next = 0)");
        cut.setId("cutChain");
        cut.setOnAction(e -> {
            Map<String, String> p = Map.of("set", set, "block", String.valueOf(idx));
            session.inject("chain-truncate", Params.ordered(p, "set", "block"), null, Describe.summary("chain-truncate", p), "chain view");
        });
        MenuItem more = new MenuItem("More corruptions of this block…");
        more.setOnAction(e -> dialogs.accept(Catalog.byName("cyclic-chain"), Map.of("set", set, "from", String.valueOf(idx))));
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
            Map<String, String> p = Params.ordered(Map.of("set", set, "from", String.valueOf(fi), "to", String.valueOf(ti)), "set", "from", "to");
            session.inject("cyclic-chain", p, null, Describe.summary("cyclic-chain", p), "chain view");
            return;
        }
        Map<String, String> p = Params.ordered(Map.of("pa", Params.hex(from.block().pa()), "value", Params.hex(target.block().pa())), "pa", "value");
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
            Map<String, String> p = Params.ordered(Map.of("set", set, "block", idx), "set", "block");
            session.inject("zero-count-block", p, null, Describe.summary("zero-count-block", p), "chain view");
        } else if (Long.compareUnsigned(n, b.block().capacity()) > 0) {
            Map<String, String> p = Params.ordered(Map.of("set", set, "block", idx, "value", Long.toUnsignedString(n)), "set", "block", "value");
            session.inject("count-over-capacity", p, null, Describe.summary("count-over-capacity", p), "chain view");
        } else {
            Map<String, String> p = Params.ordered(Map.of("pa", Params.hex(b.block().pa() + 8), "value", Long.toUnsignedString(n)), "pa", "value");
            Placement pl = session.placement();
            // before serialization the kernel rewrites every count: write it right before the jump instead
            String at = pl != null && !pl.inHandover() && pl.stage() == luolab.engine.corrupt.Stage.LIVE && pl.kexecAhead() >= 0
                    && !pl.afterKexec() ? Injection.HANDOVER : null;
            session.inject("write-u64", p, at, "count of " + what(b) + " := " + n, "chain view");
        }
    }
}

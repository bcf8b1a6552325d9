package luolab.ui.corrupt;

import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/**
 * The right-click menus of the corruption actions: how a right-click is recognised on every
 * platform, and that one menu shows at a time (the open one closes when another opens).
 */
final class ContextMenus {
    private ContextMenu last;

    /** The menu shown last (for tests and screenshots). */
    ContextMenu last() {
        return last;
    }

    /** Shows a context menu at (sx, sy): the open one closes first. */
    void show(ContextMenu m, Node owner, double sx, double sy) {
        if (last != null && last != m) {
            last.hide();
        }
        last = m;
        m.show(owner, sx, sy);
    }

    /** Handles a context-menu gesture at local (x, y), screen (sx, sy); returns whether a menu was shown. */
    @FunctionalInterface
    interface Handler {
        boolean show(double x, double y, double sx, double sy);
    }

    /**
     * Right-click on {@code n}: the platform's context-menu request, or a secondary-button click
     * where the platform sends none (headless Monocle); the click right after a request is ignored.
     */
    static void onContextClick(Node n, Handler h) {
        long[] last = {0};
        n.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
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

    /** A title line: shown, not chosen. */
    static MenuItem disabled(String text) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(false);
        m.setDisable(true);
        return m;
    }
}

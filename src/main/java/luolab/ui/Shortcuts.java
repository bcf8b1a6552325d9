package luolab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every keyboard shortcut of the workbench in one table: the scene's key filter runs them (so a
 * focused slider or list cannot swallow Left/Right), the menus show them and Help lists them.
 */
public final class Shortcuts {
    /** {@code active} false lets the key fall through to a later shortcut with the same key (several Esc users). */
    public record Shortcut(String group, String keys, String what, List<KeyCombination> combos, Runnable action,
            boolean global, BooleanSupplier active) {
        boolean matches(KeyEvent e) {
            for (KeyCombination c : combos) {
                if (c.match(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Shortcut> all = new ArrayList<>();

    /** A shortcut that does not fire while a text field has the focus. */
    public Shortcut add(String group, String keys, String what, Runnable action, KeyCombination... combos) {
        return addWhen(group, keys, what, () -> true, action, combos);
    }

    /** A shortcut (not while typing) that takes its key only while {@code active} says so. */
    public Shortcut addWhen(String group, String keys, String what, BooleanSupplier active, Runnable action,
            KeyCombination... combos) {
        Shortcut s = new Shortcut(group, keys, what, List.of(combos), action, false, active);
        all.add(s);
        return s;
    }

    /** A shortcut with a modifier (Ctrl+…): fires whatever has the focus. */
    public Shortcut addGlobal(String group, String keys, String what, Runnable action, KeyCombination... combos) {
        Shortcut s = new Shortcut(group, keys, what, List.of(combos), action, true, () -> true);
        all.add(s);
        return s;
    }

    public List<Shortcut> all() {
        return List.copyOf(all);
    }

    /** Runs the shortcut for {@code e}, if any; returns true if one ran. */
    public boolean handle(KeyEvent e, boolean typingInText) {
        for (Shortcut s : all) {
            if ((s.global() || !typingInText) && s.matches(e) && s.active().getAsBoolean()) {
                s.action().run();
                return true;
            }
        }
        return false;
    }

    public static KeyCombination key(KeyCode code, KeyCombination.Modifier... mods) {
        return new KeyCodeCombination(code, mods);
    }
}

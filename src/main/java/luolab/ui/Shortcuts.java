package luolab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every keyboard shortcut of the workbench in one table: the scene's key filter runs them (so a
 * focused slider or list cannot swallow Left/Right), the menus show them and Help lists them.
 * Keys the focused control itself uses are left to it ({@link #focusedControlTakes}): a text field
 * gets every plain key, a button or check box gets Space.
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

    /**
     * Whether {@code e} belongs to the focused node {@code focus} rather than to a shortcut without
     * a modifier: every key while a text field has the focus (it types), and Space on a control that
     * Space presses, as on every desktop and in JavaFX's own behaviours (ButtonBehavior arms and fires
     * a Button, CheckBox, ToggleButton, RadioButton, Hyperlink or MenuButton on Space;
     * ComboBoxBaseBehavior and ChoiceBoxBehavior open their list). Anywhere else (the memory map, a
     * table, a label) Space stays the workbench's play / pause. Shortcuts with a modifier (Ctrl+…)
     * are global and not asked.
     */
    public static boolean focusedControlTakes(KeyEvent e, Node focus) {
        if (focus instanceof TextInputControl) {
            return true;
        }
        boolean plainSpace = e.getCode() == KeyCode.SPACE && !e.isShortcutDown() && !e.isAltDown() && !e.isMetaDown()
                && !e.isControlDown();
        return plainSpace && (focus instanceof ButtonBase || focus instanceof ComboBoxBase<?> || focus instanceof ChoiceBox<?>);
    }

    /** Runs the shortcut for {@code e}, if any, unless the focused node takes the key; returns true if one ran. */
    public boolean handle(KeyEvent e, Node focus) {
        boolean focused = focusedControlTakes(e, focus);
        for (Shortcut s : all) {
            if ((s.global() || !focused) && s.matches(e) && s.active().getAsBoolean()) {
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

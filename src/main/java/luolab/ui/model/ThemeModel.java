package luolab.ui.model;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The workbench's look ({@link Theme}): the window swaps stylesheets and the canvases their
 * palettes when it changes. Part of {@link WorkbenchModel}; lives on the FX thread.
 */
public final class ThemeModel {
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>(this, "theme", Theme.LIGHT);

    ThemeModel() {
    }

    // ---- properties ---------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    public Theme get() {
        return theme.get();
    }

    // ---- commands -----------------------------------------------------------------------------

    public void set(Theme t) {
        theme.set(t);
    }

    /** Light to dark and back (the T shortcut). */
    public void toggle() {
        theme.set(theme.get().other());
    }
}

package luolab.ui.model;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * The memory map's zoom in pixels per page, as the map last reported it: the status bar shows it.
 * The map owns the zooming (wheel, + and -) and sets this. Part of {@link WorkbenchModel}; lives on
 * the FX thread.
 */
public final class ZoomModel {
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(this, "zoom", 1);

    ZoomModel() {
    }

    // ---- properties ---------------------------------------------------------------------------

    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public double get() {
        return zoom.get();
    }

    // ---- commands -----------------------------------------------------------------------------

    public void set(double pxPerPage) {
        zoom.set(pxPerPage);
    }
}

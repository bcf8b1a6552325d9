package luolab.ui.anim;

/**
 * What the painters of the {@link OverlayLayer} share: the {@link Pen} they draw with and the
 * {@link Anchors} that say where each view, cell and byte is on the overlay.
 */
abstract class Painter {
    final Pen pen;
    final Anchors at;

    Painter(Pen pen) {
        this.pen = pen;
        this.at = pen.at;
    }
}

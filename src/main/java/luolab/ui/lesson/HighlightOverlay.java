package luolab.ui.lesson;

import java.util.EnumSet;
import java.util.Set;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.ui.model.Frame;
import luolab.ui.model.Theme;
import luolab.ui.model.WorkbenchModel;
import luolab.ui.view.MemoryMapCanvas;

/**
 * A lesson's page-kind highlight, drawn over the memory map without touching it: pages of the
 * highlighted kinds keep their colours and get an outline, every other page is dimmed. Sits on the
 * map's StackPane, mouse-transparent, and repaints when the map's view or the frame changes.
 */
final class HighlightOverlay extends Canvas {
    private final MemoryMapCanvas map;
    private final WorkbenchModel model;
    private Set<OwnerKind> kinds = EnumSet.noneOf(OwnerKind.class);
    private String painted = "";
    private final AnimationTimer watcher = new AnimationTimer() {
        @Override
        public void handle(long now) {
            repaintIfChanged();
        }
    };

    HighlightOverlay(MemoryMapCanvas map, WorkbenchModel model) {
        this.map = map;
        this.model = model;
        setId("lessonHighlight");
        setMouseTransparent(true);
        setManaged(false);
        if (map.getParent() instanceof StackPane sp) {
            sp.getChildren().add(sp.getChildren().indexOf(map) + 1, this);
        }
    }

    void setKinds(Set<OwnerKind> k) {
        kinds = k.isEmpty() ? EnumSet.noneOf(OwnerKind.class) : EnumSet.copyOf(k);
        painted = "";
        if (kinds.isEmpty()) {
            watcher.stop();
            getGraphicsContext2D().clearRect(0, 0, getWidth(), getHeight());
            setVisible(false);
        } else {
            setVisible(true);
            watcher.start();
            repaintIfChanged();
        }
    }

    Set<OwnerKind> kinds() {
        return kinds;
    }

    private void repaintIfChanged() {
        Frame f = model.frame();
        if (f == null || kinds.isEmpty()) {
            return;
        }
        setLayoutX(map.getLayoutX());
        setLayoutY(map.getLayoutY());
        if (getWidth() != map.getWidth() || getHeight() != map.getHeight()) {
            setWidth(map.getWidth());
            setHeight(map.getHeight());
        }
        Point2D c = map.cellCenter(f.basePfn());
        String sig = kinds + "|" + f.metaRevision() + "|" + f.run().hashCode() + "|" + map.scale() + "|" + map.columns() + "|" + c + "|"
                + getWidth() + "x" + getHeight() + "|" + model.theme().get();
        if (sig.equals(painted)) {
            return;
        }
        painted = sig;
        paint(f, c);
    }

    private void paint(Frame f, Point2D c0) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        double s = map.scale();
        int cols = map.columns();
        double ox = c0.getX() - s / 2;
        double oy = c0.getY() - s / 2;
        long n = f.nrPages();
        long rows = (n + cols - 1) / cols;
        boolean dark = model.theme().get() == Theme.DARK;
        Color dim = dark ? Color.rgb(0, 0, 0, 0.62) : Color.rgb(255, 255, 255, 0.72);
        Color edge = dark ? Color.rgb(255, 212, 0) : Color.rgb(209, 0, 107);
        long r0 = Math.max(0, (long) Math.floor(-oy / s));
        long r1 = Math.min(rows - 1, (long) Math.floor((getHeight() - oy) / s));
        g.setLineWidth(Math.max(1.5, Math.min(3, s / 4)));
        for (long r = r0; r <= r1; r++) {
            int start = 0;
            boolean inHit = false;
            int last = (int) Math.min(cols, n - r * cols);
            for (int col = 0; col <= last; col++) {
                boolean hit = col < last && kinds.contains(PageMeta.kind(f.metaAt((int) (r * cols + col))));
                if (col == last || hit != inHit) {
                    if (col > start) {
                        double x = ox + start * s;
                        double y = oy + r * s;
                        double w = (col - start) * s;
                        if (inHit) {
                            g.setStroke(edge);
                            g.strokeRect(x, y, w, s);
                        } else {
                            g.setFill(dim);
                            double gutter = map.gutter();
                            g.fillRect(Math.max(x, gutter), y, w - Math.max(0, gutter - x), s);
                        }
                    }
                    start = col;
                    inHit = hit;
                }
            }
        }
    }
}

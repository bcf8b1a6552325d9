package luolab.ui.view;

import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * A row of two groups: the first at the left, the second flush right on the same line when both
 * fit, else on a line of its own under the first (still flush right). The cycle bar's phase chips
 * and transport controls need about 1,100 px side by side; in a narrower window an HBox would keep
 * that as its minimum width and the BorderPane around the workbench then lays everything out
 * wider than the window (the structure panes ran ~90 px past its right edge at 1024 px). Wrapped,
 * the row is only as wide as its wider group.
 *
 * <p>Children beyond the first two are not laid out; a child that is not managed is skipped.
 */
public final class WrapRow extends Pane {
    private final DoubleProperty hgap = new SimpleDoubleProperty(this, "hgap", 10);
    private final DoubleProperty vgap = new SimpleDoubleProperty(this, "vgap", 6);

    public WrapRow() {
        getStyleClass().add("wrap-row");
        hgap.addListener(o -> requestLayout());
        vgap.addListener(o -> requestLayout());
    }

    public WrapRow(Node first, Node second) {
        this();
        getChildren().setAll(first, second);
    }

    public DoubleProperty hgapProperty() {
        return hgap;
    }

    public double getHgap() {
        return hgap.get();
    }

    public void setHgap(double v) {
        hgap.set(v);
    }

    public DoubleProperty vgapProperty() {
        return vgap;
    }

    public double getVgap() {
        return vgap.get();
    }

    public void setVgap(double v) {
        vgap.set(v);
    }

    private List<Node> groups() {
        return getManagedChildren().stream().limit(2).map(Node.class::cast).toList();
    }

    /** Whether both groups fit side by side in {@code contentWidth}. */
    private boolean oneLine(double contentWidth) {
        List<Node> g = groups();
        if (g.size() < 2) {
            return true;
        }
        return g.get(0).prefWidth(-1) + getHgap() + g.get(1).prefWidth(-1) <= contentWidth + 0.5;
    }

    /** Whether the groups are on one line at the width this row was given (for tests). */
    public boolean isOneLine() {
        return oneLine(getWidth() - snappedLeftInset() - snappedRightInset());
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL; // two lines when narrow: the height depends on the width
    }

    @Override
    protected double computeMinWidth(double height) {
        double w = 0;
        for (Node n : groups()) {
            w = Math.max(w, n.minWidth(-1));
        }
        return snappedLeftInset() + w + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        double w = 0;
        for (Node n : groups()) {
            w += n.prefWidth(-1);
        }
        w += groups().size() > 1 ? getHgap() : 0;
        return snappedLeftInset() + w + snappedRightInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        double content = width < 0 ? Double.MAX_VALUE : width - snappedLeftInset() - snappedRightInset();
        double h = 0;
        List<Node> g = groups();
        if (oneLine(content)) {
            for (Node n : g) {
                h = Math.max(h, n.prefHeight(-1));
            }
        } else {
            h = g.get(0).prefHeight(-1) + getVgap() + g.get(1).prefHeight(-1);
        }
        return snappedTopInset() + h + snappedBottomInset();
    }

    @Override
    protected void layoutChildren() {
        List<Node> g = groups();
        if (g.isEmpty()) {
            return;
        }
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double w = getWidth() - left - snappedRightInset();
        double h = getHeight() - top - snappedBottomInset();
        Node first = g.get(0);
        if (g.size() == 1) {
            layoutInArea(first, left, top, w, h, 0, HPos.LEFT, VPos.CENTER);
            return;
        }
        Node second = g.get(1);
        double w0 = Math.min(first.prefWidth(-1), w);
        double w1 = Math.min(second.prefWidth(-1), w);
        if (oneLine(w)) {
            layoutInArea(first, left, top, w0, h, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(second, left + w - w1, top, w1, h, 0, HPos.RIGHT, VPos.CENTER);
        } else {
            double h0 = first.prefHeight(-1);
            layoutInArea(first, left, top, w0, h0, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(second, left + w - w1, top + h0 + getVgap(), w1, second.prefHeight(-1), 0, HPos.RIGHT,
                    VPos.CENTER);
        }
    }
}

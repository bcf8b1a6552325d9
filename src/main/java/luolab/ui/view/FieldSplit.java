package luolab.ui.view;

import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The hex inspector's split between the bytes and the field tree. As hex.fxml lays it out it is a
 * plain split: the bytes about two thirds, the divider where the user drags it. With {@link #fitProperty}
 * on (presenter mode) it places the tree so that no struct or field name and no value is cut:
 * <ul>
 * <li>beside the bytes, the divider where the tree's longest line ends, when the pane is wide enough
 * for that line and a row of bytes in at least the tree's type (a wide projector);</li>
 * <li>below the bytes otherwise (at 1280 px a row of bytes in 12 px and the tree's lines in 0.8em of
 * the presenter type need more than the inspector's 840 px): the bytes keep five to six rows, as
 * wide as the pane, and the tree gets the rest of the height and all of the width.</li>
 * </ul>
 * Which one is decided from the pane's width and the tree's longest line, at least {@link #RESERVE_EM}
 * of its type, so that it does not flip from page to page.
 */
public final class FieldSplit extends SplitPane {
    /** The tree's width, in its type, that side by side must leave it even for shorter lines. */
    static final double RESERVE_EM = 26;
    /** Rows of bytes the stacked layout gives the bytes: at least the first, at most the second. */
    private static final double MIN_ROWS = 5.1;
    private static final double MAX_ROWS = 6;
    /** Rows of the tree the stacked layout gives the tree before the bytes get more than the minimum. */
    private static final int TREE_ROWS = 3;

    private final BooleanProperty fit = new SimpleBooleanProperty(this, "fit");
    private final Text measure = new Text();
    private HexCanvas hex;
    private TreeView<Object> tree;
    private Function<Object, String> text;
    /** The longest item text of each tree level (1 = struct, 2 = field), null when to be found again. */
    private String[] longest;
    /** Placed before the tree had laid-out cells (their type and height were guessed): once more after. */
    private boolean guessed;

    public FieldSplit() {
        fit.addListener((o, a, on) -> {
            if (!on) {
                setOrientation(Orientation.HORIZONTAL);
            }
            requestLayout();
        });
    }

    /**
     * The bytes, and the tree whose cells this makes: they read {@code itemText} of their item, and
     * when CSS changes their type (presenter mode on or off) the tree is placed again.
     */
    public void attach(HexCanvas bytes, TreeView<Object> fields, Function<Object, String> itemText) {
        this.hex = bytes;
        this.tree = fields;
        this.text = itemText;
        fields.setCellFactory(t -> {
            TreeCell<Object> c = new TreeCell<>() {
                @Override
                protected void updateItem(Object o, boolean empty) {
                    super.updateItem(o, empty);
                    setText(empty || o == null ? null : text.apply(o));
                }
            };
            c.fontProperty().addListener((o, a, f) -> requestLayout());
            return c;
        });
        fields.getRoot().getChildren().addListener((javafx.collections.ListChangeListener<TreeItem<Object>>) c -> refit());
        bytes.maxFontSizeProperty().addListener((o, a, b) -> requestLayout());
    }

    /** On: the tree is placed by its content (presenter mode); off: a plain split the user drags. */
    public BooleanProperty fitProperty() {
        return fit;
    }

    public boolean isFit() {
        return fit.get();
    }

    public void setFit(boolean on) {
        fit.set(on);
    }

    /** The tree's texts changed (another page, another frame): place the tree again. */
    public void refit() {
        longest = null;
        guessed = false;
        if (fit.get()) {
            requestLayout();
        }
    }

    @Override
    protected void layoutChildren() {
        if (fit.get() && hex != null && getItems().size() == 2) {
            place();
        }
        super.layoutChildren();
    }

    private void place() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        if (w <= 0 || h <= 0) {
            return;
        }
        TreeCell<?> cell = sampleCell();
        Font font = cell != null ? cell.getFont() : Font.font("Monospaced", placeholderSize());
        if (cell == null && !tree.getRoot().getChildren().isEmpty() && !guessed) {
            // the tree makes its cells in this layout pass, after this: place it again with their real
            // type and height (a request made now, inside the pass, would be lost)
            guessed = true;
            Platform.runLater(this::requestLayout);
        }
        double treeW = treeWidth(font);
        double reserve = Math.max(treeW, RESERVE_EM * font.getSize());
        double div = dividerThickness();
        boolean beside = w - reserve - div >= hex.widthFor(font.getSize());
        Orientation o = beside ? Orientation.HORIZONTAL : Orientation.VERTICAL;
        if (getOrientation() != o) {
            setOrientation(o);
        }
        double pos;
        // a split's first item ends half a divider before the position
        if (beside) {
            pos = (w - treeW - div / 2) / w;
        } else {
            double px = hex.fontSizeFor(w);
            // the cell's height in its type now (CSS may have changed it since the tree was laid out)
            double rowH = cell != null ? cell.prefHeight(-1) : 1.9 * font.getSize();
            double treeMin = TREE_ROWS * rowH + insetsOf(tree) + 2;
            double bytes = Math.max(HexCanvas.heightFor(px, MIN_ROWS),
                    Math.min(HexCanvas.heightFor(px, MAX_ROWS), h - div - treeMin));
            pos = (bytes + div / 2) / h;
        }
        pos = Math.max(0.05, Math.min(0.95, pos));
        double[] now = getDividerPositions();
        if (now.length == 0 || Math.abs(now[0] - pos) * (beside ? w : h) > 0.5) {
            setDividerPositions(pos);
        }
    }

    /** Wide enough for the longest struct and field line, its indent, the scroll bar and the frame. */
    private double treeWidth(Font font) {
        if (longest == null) {
            longest = new String[] {"", "", ""};
            for (TreeItem<Object> s : tree.getRoot().getChildren()) {
                longest[1] = longer(longest[1], text.apply(s.getValue()));
                for (TreeItem<Object> f : s.getChildren()) {
                    longest[2] = longer(longest[2], text.apply(f.getValue()));
                }
            }
        }
        measure.setFont(font);
        double px = font.getSize();
        double need = 0;
        for (int level = 1; level <= 2; level++) {
            if (!longest[level].isEmpty()) {
                measure.setText(longest[level]);
                // disclosure arrow, padding and one indent per level: measured 25-32 px on level 1 and
                // 37-50 px on level 2 for 12-18 px type; (level + 1) em + 2 covers both
                need = Math.max(need, measure.getLayoutBounds().getWidth() + (level + 1) * px + 2);
            }
        }
        return Math.ceil(need + scrollBarWidth() + insetsOf(tree) + 4);
    }

    /** The cells are in a monospaced type: the line with more characters is the wider one. */
    private static String longer(String a, String b) {
        return b != null && b.length() > a.length() ? b : a;
    }

    private static double insetsOf(TreeView<?> t) {
        return t.snappedLeftInset() + t.snappedRightInset();
    }

    private double scrollBarWidth() {
        for (Node n : tree.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar sb && sb.getOrientation() == Orientation.VERTICAL) {
                return Math.max(sb.getWidth(), sb.prefWidth(-1));
            }
        }
        return 16;
    }

    private double dividerThickness() {
        Node d = lookup(".split-pane-divider");
        if (d == null) {
            return 8;
        }
        double t = getOrientation() == Orientation.HORIZONTAL ? d.getLayoutBounds().getWidth() : d.getLayoutBounds().getHeight();
        return t > 0 ? t : 8;
    }

    /** Before the tree has cells: the size of its placeholder's type (the same em in presenter mode). */
    private double placeholderSize() {
        if (getItems().get(1) instanceof javafx.scene.Parent p) {
            for (Node n : p.getChildrenUnmodifiable()) {
                if (n instanceof javafx.scene.control.Labeled l) {
                    return l.getFont().getSize();
                }
            }
        }
        return 12;
    }

    /** A laid-out cell with text: the tree's type and row height as CSS made them. */
    private TreeCell<?> sampleCell() {
        TreeCell<?> any = null;
        for (Node n : tree.lookupAll(".tree-cell")) {
            if (n instanceof TreeCell<?> c && c.getSkin() != null) {
                if (c.getText() != null && !c.getText().isEmpty()) {
                    return c;
                }
                any = any == null ? c : any;
            }
        }
        return any;
    }
}

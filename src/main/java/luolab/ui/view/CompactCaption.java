package luolab.ui.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * A caption above a pane's content that takes one line: the text ends in "…" when it does not fit,
 * and a "more" toggle next to it (focus-traversable: Tab to it, then Space or Enter; or a click,
 * on it or on the text) shows it whole, wrapped, until
 * "less". The full text is also the caption's tooltip. Wrapped, a caption as long as a trace-off
 * run's (the handed-over one with a damage note) took most of a narrow pane's height from the
 * tables under it: two session rows left at 1280 × 680, seven now.
 *
 * <p>The label keeps its id, text and visibility: callers and tests go on using it as before; the
 * row shows and hides with it. The toggle shows only when the text does not fit in one line (or
 * while it is open).
 */
final class CompactCaption extends HBox {
    private final Label label;
    private final ToggleButton more = new ToggleButton("more");
    private final Text measure = new Text();

    private CompactCaption(Label label) {
        this.label = label;
        getStyleClass().add("compact-caption");
        setAlignment(Pos.CENTER_LEFT);
        label.setWrapText(false);
        label.setTextOverrun(OverrunStyle.ELLIPSIS);
        label.setEllipsisString("…");
        label.setMinWidth(0);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(label, Priority.ALWAYS);
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        tip.textProperty().bind(label.textProperty());
        label.setTooltip(tip);
        more.setId(label.getId() == null ? null : label.getId() + "More");
        more.getStyleClass().addAll("small-button", "caption-more");
        more.setMinWidth(Region.USE_PREF_SIZE);
        more.setAccessibleText("Show the whole caption");
        HBox.setMargin(more, new Insets(0, 6, 0, 0));
        more.selectedProperty().addListener((o, a, open) -> {
            label.setWrapText(open);
            more.setText(open ? "less" : "more");
            more.setAccessibleText(open ? "Show the caption on one line" : "Show the whole caption");
            update();
        });
        // Enter as well as Space (which a focused toggle takes, Shortcuts.focusedControlTakes): the tooltip says Enter
        more.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                more.fire();
                e.consume();
            }
        });
        more.setTooltip(new Tooltip("Show the whole caption, or one line again (Enter)"));
        label.setOnMouseClicked(e -> {
            if (more.isVisible()) {
                more.setSelected(!more.isSelected());
            }
        });
        getChildren().setAll(label, more);
        visibleProperty().bind(label.visibleProperty());
        managedProperty().bind(label.visibleProperty());
        widthProperty().addListener((o, a, w) -> update());
        label.textProperty().addListener((o, a, t) -> update());
        label.fontProperty().addListener((o, a, f) -> update());
        update();
    }

    /** The one-line caption row for {@code label} (set up here: no wrap, "…" at the end, tooltip). */
    static CompactCaption of(Label label) {
        return new CompactCaption(label);
    }

    /** The "more" / "less" toggle. */
    ToggleButton toggle() {
        return more;
    }

    /** Whether the whole text is shown (wrapped). */
    boolean expanded() {
        return more.isSelected();
    }

    private void update() {
        measure.setFont(label.getFont());
        measure.setText(label.getText() == null ? "" : label.getText());
        double needed = Math.ceil(measure.getLayoutBounds().getWidth()) + label.snappedLeftInset() + label.snappedRightInset();
        double room = getWidth() - snappedLeftInset() - snappedRightInset();
        // decided against the whole row, not the label's share: showing the toggle only narrows it further
        boolean show = more.isSelected() || (room > 0 && needed > room);
        more.setVisible(show);
        more.setManaged(show);
    }
}

package luolab.ui.view;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

/**
 * A label with several wordings, longest first, that shows the longest one that fits its width
 * instead of cutting it to "…": a pane header in presenter mode's large type has room for "64 MiB @
 * 0x40000000" but not for the page count after it. It asks its parent for room for the longest
 * wording and never gets narrower than the shortest; the tooltip always has the longest.
 */
public final class FittingLabel extends Label {
    private List<String> variants = List.of("");
    private final Text measure = new Text();

    public FittingLabel() {
        getStyleClass().add("fitting-label");
    }

    /** The wordings, longest first. */
    public void setVariants(List<String> v) {
        variants = v.isEmpty() ? List.of("") : List.copyOf(v);
        setText(variants.get(0));
        setTooltip(variants.get(0).isEmpty() ? null : new Tooltip(variants.get(0)));
        requestLayout();
    }

    public List<String> variants() {
        return variants;
    }

    private double textWidth(String s) {
        measure.setFont(getFont());
        measure.setText(s);
        return Math.ceil(measure.getLayoutBounds().getWidth());
    }

    /** Padding and insets around the text (what the skin adds to the current text's width). */
    private double chrome(double height) {
        return Math.max(0, super.computePrefWidth(height) - textWidth(getText()));
    }

    @Override
    protected double computePrefWidth(double height) {
        return chrome(height) + textWidth(variants.get(0));
    }

    @Override
    protected double computeMinWidth(double height) {
        return chrome(height) + textWidth(variants.get(variants.size() - 1));
    }

    @Override
    protected void layoutChildren() {
        double room = getWidth() - chrome(-1);
        String pick = variants.get(variants.size() - 1);
        for (String v : variants) {
            if (textWidth(v) <= room) {
                pick = v;
                break;
            }
        }
        if (!pick.equals(getText())) {
            setText(pick);
        }
        super.layoutChildren();
    }
}

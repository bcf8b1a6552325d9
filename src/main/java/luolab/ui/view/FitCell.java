package luolab.ui.view;

import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Callback;

/**
 * A table cell whose column is kept at least as wide as its text (and as each of the column's
 * sample words, so the column does not jump as a state changes). Column widths are shared out in
 * pixels while the type is set by CSS, so presenter mode's large type at 1280 px cut "serialized"
 * to "seri…". The widths it needs are gathered by {@link ColumnHeaderFit}.
 */
final class FitCell<T> extends TableCell<T, String> {
    private record Measured(String text, Font font, Insets padding) {
    }

    private final List<String> samples;
    private Measured measured;

    private FitCell(List<String> samples) {
        this.samples = samples;
    }

    /** Cells kept whole: their column is at least as wide as their text and each of {@code samples}. */
    static <T> Callback<TableColumn<T, String>, TableCell<T, String>> whole(List<String> samples) {
        return c -> new FitCell<>(samples);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getTableColumn() != null) {
            report();
        }
    }

    /** Tells the column how wide this cell's text is, measured again only when the text, type or padding changed. */
    private void report() {
        String text = isEmpty() ? null : getText();
        Measured m = new Measured(text, getFont(), getPadding());
        if (m.equals(measured)) {
            return;
        }
        measured = m;
        double need = 0;
        if (text != null && !text.isEmpty()) {
            need = Math.max(width(text), samples.stream().mapToDouble(this::width).max().orElse(0));
        }
        if (ColumnHeaderFit.contentNeeds(getTableColumn(), this, need)) {
            // the column was widened while this cell's row was being laid out: the row's request for
            // another layout would be cleared as its layout ends, leaving its cells at the old widths
            Platform.runLater(() -> {
                if (getTableRow() != null) {
                    getTableRow().requestLayout();
                }
            });
        }
    }

    private double width(String s) {
        Text probe = new Text(s);
        probe.setFont(getFont());
        // +2: the text's width is fractional and the label's own layout rounds it
        return Math.ceil(probe.getLayoutBounds().getWidth() + snappedLeftInset() + snappedRightInset() + 2);
    }
}

package luolab.ui.view;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;

/**
 * A cell of a sessions or files table's error column. That column takes the width the columns
 * kept whole leave, so in a narrow pane (presenter mode's large type at 1280 px) an error such as
 * "deserialize: -EINVAL" shows as "deserialize…": the cell's tooltip has the whole text, and the
 * picked row's error is written out under the tables ({@link SessionsPane}).
 */
final class ErrorCell<T> extends TableCell<T, String> {
    private final Tooltip tip = new Tooltip();

    private ErrorCell() {
        getStyleClass().add("error-cell");
        tip.setWrapText(true);
        tip.setMaxWidth(520);
    }

    static <T> Callback<TableColumn<T, String>, TableCell<T, String>> factory() {
        return c -> new ErrorCell<>();
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        boolean has = !empty && item != null && !item.isEmpty();
        setText(has ? item : null);
        tip.setText(has ? item : "");
        setTooltip(has ? tip : null);
    }
}

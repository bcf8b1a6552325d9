package luolab.ui.view;

import java.util.Map;
import java.util.WeakHashMap;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Keeps every column of a table at least as wide as its header text (and as the texts of its
 * {@link FitCell}s that must stay whole). Column widths are set in
 * pixels, so presenter mode's large type cut "session", "files", "token" to "…"; the header
 * font is only known once CSS is applied, hence the check after each layout pass, acting only
 * when a header's needed width changed (a font change), so a column the user widened stays.
 */
public final class ColumnHeaderFit {
    private static final String BASE = "luolab.basePrefWidth";
    /** What each of the column's cells needs (see {@link FitCell}), by cell: a cell reused for a shorter text lowers it. */
    private static final String CONTENT = "luolab.contentNeed";
    private static final String NEED = "luolab.headerNeed";
    /** The font and text last measured: every layout pulse checks, but measures only on a change. */
    private static final String MEASURED = "luolab.headerMeasured";
    /** Room for the header's sort arrow area and cell padding around the text. */
    private static final double SLACK = 14;
    /** A TableColumn's own default minimum width, kept until a header or cell needs more. */
    private static final double MIN = 10;

    private ColumnHeaderFit() {
    }

    public static void install(TableView<?> table) {
        Runnable fit = () -> fit(table);
        table.sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(fit);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(fit);
            }
        });
        Scene s = table.getScene();
        if (s != null) {
            s.addPostLayoutPulseListener(fit);
        }
    }

    private record Measured(Font font, String text, Insets padding) {
    }

    static void fit(TableView<?> table) {
        // only the header row (TableHeaderRow): a lookup over the whole table would visit every cell
        Node headerRow = table.lookup(".column-header-background");
        if (headerRow == null) {
            return;
        }
        for (Node n : headerRow.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader h) || h.getTableColumn() == null || !(h.lookup(".label") instanceof Label l)
                    || l.getText() == null) {
                continue;
            }
            TableColumnBase<?, ?> col = h.getTableColumn();
            Measured key = new Measured(l.getFont(), l.getText(), l.getPadding());
            if (key.equals(col.getProperties().get(MEASURED))) {
                continue;
            }
            col.getProperties().put(MEASURED, key);
            Text probe = new Text(l.getText());
            probe.setFont(l.getFont());
            double need = Math.ceil(probe.getLayoutBounds().getWidth() + l.getPadding().getLeft() + l.getPadding().getRight() + SLACK);
            Object last = col.getProperties().get(NEED);
            if (last instanceof Double d && Math.abs(d - need) < 0.5) {
                continue;
            }
            col.getProperties().put(NEED, need);
            applyMin(col);
        }
    }

    /**
     * Cell {@code cell} of column {@code col} needs {@code need} px to show its text whole. Weakly
     * held: the table drops cells it no longer uses, and with them what they needed. Returns whether
     * the column's width changed.
     */
    @SuppressWarnings("unchecked")
    static boolean contentNeeds(TableColumnBase<?, ?> col, Object cell, double need) {
        Map<Object, Double> needs = (Map<Object, Double>) col.getProperties().computeIfAbsent(CONTENT, k -> new WeakHashMap<>());
        Double old = needs.put(cell, need);
        return (old == null || Math.abs(old - need) >= 0.5) && applyMin(col);
    }

    /** The column's minimum (and preferred, if smaller) width: its header's and its widest cell's need. */
    @SuppressWarnings("unchecked")
    private static boolean applyMin(TableColumnBase<?, ?> col) {
        double need = col.getProperties().get(NEED) instanceof Double d ? d : MIN;
        if (col.getProperties().get(CONTENT) instanceof Map<?, ?> m) {
            for (Double d : ((Map<Object, Double>) m).values()) {
                need = Math.max(need, d);
            }
        }
        double base = (double) col.getProperties().computeIfAbsent(BASE, k -> col.getPrefWidth());
        if (Math.abs(col.getMinWidth() - need) >= 0.5) {
            col.setMinWidth(need);
            col.setPrefWidth(Math.max(base, need));
            return true;
        }
        return false;
    }
}

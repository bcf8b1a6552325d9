package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import luolab.compare.AbiComparison;
import org.junit.jupiter.api.Test;

/** The comparison table shows the limits the kernels have: pre-series stops at 820 / 129. */
class CompareDialogTest extends WorkbenchTestBase {
    @Override
    Fixtures.Demo fixture() {
        return Fixtures.small();
    }

    @Test
    void viewMenuOffersTheComparisonAndTheTableShowsTheLimits() {
        var bar = (javafx.scene.control.MenuBar) window.scene().getRoot().lookup(".menu-bar");
        boolean found = bar.getMenus().stream().filter(m -> m.getText().replace("_", "").equals("View"))
                .flatMap(m -> m.getItems().stream()).anyMatch(i -> i.getText() != null && i.getText().contains("Compare ABI"));
        assertTrue(found, "View → Compare ABI generations");
        List<AbiComparison.Row> rows = AbiComparison.run(CompareDialog.SESSIONS, CompareDialog.FILES);
        var table = CompareDialog.table();
        interact(() -> table.getItems().setAll(rows));
        assertEquals(3, table.getItems().size());
        var pre = table.getItems().get(2);
        assertEquals("session 820 → -ENOMEM", table.getColumns().get(1).getCellData(pre));
        assertEquals("file 129 → -ENOSPC", table.getColumns().get(2).getCellData(pre));
        assertEquals("none hit", table.getColumns().get(1).getCellData(table.getItems().get(0)));
    }
}

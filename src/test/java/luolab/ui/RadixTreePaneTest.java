package luolab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javafx.scene.control.TreeItem;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.ui.radix.RadixSnapshot;
import luolab.ui.radix.RadixTreePane;
import luolab.ui.event.SelectRange;
import luolab.ui.model.Frame;
import org.junit.jupiter.api.Test;

/** The KHO radix tree tab on the default demo, walked from the frame's bytes. */
class RadixTreePaneTest extends UiGapsTestBase {
    private RadixTreePane pane() {
        return lookup("#radixPane").queryAs(RadixTreePane.class);
    }

    private static Set<Long> preservedFolios(Frame f) {
        Set<Long> out = new TreeSet<>();
        for (int i = 0; i < f.nrPages(); i++) {
            long m = f.metaAt(i);
            if (PageMeta.kind(m) == OwnerKind.MEMFD_FOLIO && PageMeta.head(m) && PageMeta.state(m) != PageState.FREE) {
                out.add(PhysicalMemory.pa(f.basePfn() + i));
            }
        }
        return out;
    }

    @Test
    void theTreeListsThePreservedMemfdFoliosAndSelectsBytes() {
        openDemo();
        selectTab("radixTab");
        goToPos(model.phaseStart(Phase.KEXEC));
        waitFor(() -> !pane().snapshots().isEmpty() && pane().snapshots().stream().allMatch(RadixSnapshot::complete)
                && pane().snapshots().get(0).root() != null, "the radix walk read every node page");
        Frame f = model.frame();
        Set<Long> folios = preservedFolios(f);
        assertEquals(3, folios.size(), "three memfds with content in the demo: " + folios);
        RadixSnapshot s = pane().snapshots().stream().filter(x -> x.root() != null).findFirst().orElseThrow();
        Set<Long> pas = s.allRanges().stream().map(RadixSnapshot.Range::pa).collect(Collectors.toSet());
        assertTrue(pas.containsAll(folios), "radix tree " + pas + " lists every memfd folio " + folios);
        assertEquals(5, s.root().level(), "the root is the L5 table");
        RadixSnapshot.Node n = s.root();
        while (!n.leaf()) {
            assertEquals(1, n.used(), "a small RAM uses one slot per table");
            n = n.children().get(0);
        }
        assertEquals(n.ranges().size(), n.used(), "one range per bit set");
        // the tree view shows each folio with its owner label; selecting it selects its bytes
        long folio = folios.iterator().next();
        TreeItem<String> item = find(pane().tree().getRoot(), String.format("0x%x order", folio));
        assertTrue(item != null, "a tree row for folio " + Long.toHexString(folio));
        assertTrue(item.getValue().contains("memfd"), item.getValue());
        interact(() -> pane().tree().getSelectionModel().select(item));
        waitFor(() -> model.selectionProperty().get() instanceof SelectRange r && r.pa() == folio, "hex selection");
        // before anything was preserved there is no tree (no FDT or an empty map)
        goToPos(model.phaseStart(Phase.KEXEC) > 0 ? luolab.ui.model.WorkbenchModel.startPosition(model.runProperty().get().events()) : 0);
        waitFor(() -> pane().snapshots().stream().allMatch(x -> x.allRanges().stream()
                .noneMatch(r -> folios.contains(r.pa()))), "no folio preserved at the first step");
        assertFalse(pane().snapshots().stream().anyMatch(x -> x.error() != null && x.error().startsWith("walk faulted")));
    }

    private static TreeItem<String> find(TreeItem<String> i, String prefix) {
        if (i.getValue() != null && i.getValue().startsWith(prefix)) {
            return i;
        }
        for (TreeItem<String> c : i.getChildren()) {
            TreeItem<String> r = find(c, prefix);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}

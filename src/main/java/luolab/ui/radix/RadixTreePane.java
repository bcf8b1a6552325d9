package luolab.ui.radix;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import luolab.engine.kho.Kho;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.event.SelectRange;
import luolab.ui.model.Frame;
import luolab.engine.handover.Handover;
import luolab.ui.model.WorkbenchModel;

/**
 * "Radix tree" tab: the KHO preserved-memory map of each KHO root FDT in memory, walked from bytes
 * with {@link luolab.engine.kho.KhoRadixTree#walk} at the current event: tables L5 → L1 (node PA,
 * used slots), bitmap leaves (PA, bits set), and the (pa, order) runs each set bit stands for with
 * the owner label of that page. Selecting a node or run selects its bytes in the hex inspector.
 */
public final class RadixTreePane extends StackPane {
    static final String WATCHER = "radix";

    private final WorkbenchModel model;
    private final TreeView<String> tree = new TreeView<>();
    private final Label header = new Label();
    private final Label empty = new Label("The KHO preserved-memory radix tree appears here when the scenario has run.");
    private final Map<TreeItem<String>, long[]> targets = new HashMap<>();
    private boolean active;
    private String signature = "";
    private List<RadixSnapshot> last = List.of();

    public RadixTreePane(WorkbenchModel model) {
        this.model = model;
        setId("radixPane");
        tree.setId("radixTree");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>("handovers"));
        header.setId("radixHeader");
        header.getStyleClass().add("pane-subtitle");
        header.setWrapText(true);
        header.setPadding(new Insets(6, 8, 6, 8));
        empty.setId("radixPlaceholder");
        empty.setWrapText(true);
        empty.getStyleClass().add("placeholder-message");
        BorderPane bp = new BorderPane(tree);
        bp.setTop(header);
        getChildren().setAll(bp, empty);
        bp.visibleProperty().bind(empty.visibleProperty().not());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            long[] t = item == null ? null : targets.get(item);
            Frame f = model.frame();
            if (t != null && f != null && f.containsPfn(t[0] >>> PhysicalMemory.PAGE_SHIFT)) {
                model.select(new SelectRange(t[0], t[1]));
            }
        });
        model.frameProperty().addListener((o, a, f) -> refresh(f));
        model.runProperty().addListener((o, a, r) -> signature = "");
    }

    /** Shown or hidden by the tab: only a shown pane makes the engine copy its node pages. */
    public void setActive(boolean on) {
        active = on;
        if (!on) {
            model.watch(WATCHER, Set.of());
        } else {
            refresh(model.frame());
        }
    }

    /** The snapshots shown (one per KHO FDT), for tests. */
    public List<RadixSnapshot> snapshots() {
        return last;
    }

    public TreeView<String> tree() {
        return tree;
    }

    private void refresh(Frame f) {
        if (!active) {
            return;
        }
        List<Handover> hs = f == null ? null : f.handovers();
        if (hs == null) {
            if (f == null) {
                empty.setVisible(true);
            }
            return;
        }
        if (hs.isEmpty()) {
            empty.setText("No KHO FDT in memory at this event: no preserved-memory map yet.");
            empty.setVisible(true);
            last = List.of();
            model.watch(WATCHER, Set.of());
            return;
        }
        empty.setVisible(false);
        List<RadixSnapshot> snaps = hs.stream().map(h -> RadixSnapshot.walk(rootOf(h), f.basePa(), f.endPa() - f.basePa(),
                f::page)).toList();
        java.util.Set<Long> want = new java.util.HashSet<>();
        snaps.forEach(s -> want.addAll(s.nodePfns()));
        model.watch(WATCHER, want); // new node pages arrive with the next frame and the walk goes deeper
        last = snaps;
        Map<TreeItem<String>, long[]> t = new HashMap<>();
        List<TreeItem<String>> items = new java.util.ArrayList<>();
        StringBuilder sig = new StringBuilder();
        int total = 0;
        java.util.Set<Long> outgoingRoots = new java.util.HashSet<>();
        for (Handover h : hs) {
            if (!h.incoming() && rootOf(h) != 0) {
                outgoingRoots.add(rootOf(h));
            }
        }
        for (int i = 0; i < hs.size(); i++) {
            items.add(item(hs.get(i), snaps.get(i), f, t, sig, outgoingRoots));
            total += snaps.get(i).ranges();
        }
        boolean complete = snaps.stream().allMatch(RadixSnapshot::complete);
        // a trace-off run has no events: its memory is the state at the end of the run
        String at = f.run().traced() ? String.format(java.util.Locale.ROOT, "at event %,d", f.position())
                : "at the end of the run (trace off: final state)";
        header.setText(String.format(java.util.Locale.ROOT, "KHO \"" + Kho.PROP_PRESERVED_MEMORY_MAP + "\" radix tree, walked from memory %s: %,d preserved run%s%s",
                at, total, total == 1 ? "" : "s", complete ? "" : " (reading node pages…)"));
        if (sig.toString().equals(signature)) {
            return;
        }
        signature = sig.toString();
        targets.clear();
        targets.putAll(t);
        tree.getRoot().getChildren().setAll(items);
    }

    static long rootOf(Handover h) {
        if (h.fdt() == null) {
            return 0;
        }
        var v = h.fdt().getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP);
        return v.isPresent() ? v.getAsLong() : 0;
    }

    /**
     * The row an incoming FDT gets when its map root is the outgoing tree's: the previous kernel's
     * node pages were not preserved and the new kernel built its own tree in them, so the walk
     * below (bytes as they are now) is not what it was handed. Short: a tree row does not wrap.
     */
    static final String REUSED = "⚠ not what this kernel was handed: its own tree reuses these node pages";

    private TreeItem<String> item(Handover h, RadixSnapshot s, Frame f, Map<TreeItem<String>, long[]> t, StringBuilder sig,
            java.util.Set<Long> outgoingRoots) {
        String head = String.format("%s FDT 0x%x · map root 0x%x", h.incoming() ? "incoming" : "outgoing", h.fdtPa(),
                s.rootPa());
        TreeItem<String> top = new TreeItem<>(head);
        t.put(top, new long[] {h.fdtPa(), PhysicalMemory.PAGE_SIZE});
        sig.append(head).append('\n');
        if (h.incoming() && s.rootPa() != 0 && outgoingRoots.contains(s.rootPa())) {
            top.getChildren().add(new TreeItem<>(REUSED));
            sig.append(REUSED).append('\n');
        }
        if (s.error() != null) {
            TreeItem<String> e = new TreeItem<>("⚠ " + s.error());
            top.getChildren().add(e);
            sig.append(e.getValue()).append('\n');
        }
        if (s.root() != null) {
            top.getChildren().add(node(s.root(), f, t, sig));
        }
        top.setExpanded(true);
        return top;
    }

    private static TreeItem<String> node(RadixSnapshot.Node n, Frame f, Map<TreeItem<String>, long[]> t, StringBuilder sig) {
        String text;
        if (!n.loaded()) {
            text = String.format("%s 0x%x (reading…)", n.leaf() ? "bitmap leaf" : "table L" + n.level(), n.pa());
        } else if (n.leaf()) {
            text = String.format("bitmap leaf 0x%x · %d bit%s set", n.pa(), n.used(), n.used() == 1 ? "" : "s");
        } else {
            text = String.format("table L%d 0x%x · %d/512 slots used", n.level(), n.pa(), n.used());
        }
        TreeItem<String> it = new TreeItem<>(text);
        t.put(it, new long[] {n.pa(), PhysicalMemory.PAGE_SIZE});
        sig.append(text).append('\n');
        for (RadixSnapshot.Node c : n.children()) {
            it.getChildren().add(node(c, f, t, sig));
        }
        for (RadixSnapshot.Range r : n.ranges()) {
            long pfn = r.pa() >>> PhysicalMemory.PAGE_SHIFT;
            String owner = f.containsPfn(pfn) ? f.label(pfn) : "outside RAM";
            String rt = String.format("0x%x order %d (%s) · %s", r.pa(), r.order(), size(r.length()), owner);
            TreeItem<String> ri = new TreeItem<>(rt);
            t.put(ri, new long[] {r.pa(), Math.min(r.length(), 64L * PhysicalMemory.PAGE_SIZE)});
            sig.append(rt).append('\n');
            it.getChildren().add(ri);
        }
        it.setExpanded(n.level() > 0 || n.ranges().size() <= 64);
        return it;
    }

    private static String size(long b) {
        return b >= 1 << 20 ? (b >> 20) + " MiB" : (b >> 10) + " KiB";
    }
}

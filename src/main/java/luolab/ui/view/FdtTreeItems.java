package luolab.ui.view;

import java.util.Map;
import javafx.scene.control.TreeItem;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtProperty;
import luolab.engine.memory.LittleEndian;
import luolab.engine.handover.Handover;

/** Turns parsed KHO FDTs into tree items: nodes, then "property = value" leaves. */
final class FdtTreeItems {
    /** A tree row that points at memory (a subtree's preserved-data). */
    record Target(long pa, long length) {
    }

    private FdtTreeItems() {
    }

    static TreeItem<String> handover(Handover h, Map<TreeItem<String>, Target> targets) {
        String title = String.format("KHO root FDT @ 0x%x  (%s)", h.fdtPa(), h.incoming() ? "incoming, from the previous kernel"
                : "outgoing, for the next kernel");
        TreeItem<String> root = new TreeItem<>(title);
        root.setExpanded(true);
        targets.put(root, new Target(h.fdtPa(), 4096));
        if (h.fdt() == null) {
            root.getChildren().add(new TreeItem<>("cannot parse: " + h.fdtError()));
            return root;
        }
        node(h.fdt(), root, targets);
        if (h.luoFdt() != null) {
            // series v2 and pre-series: the "LUO" subtree's preserved-data is an FDT of its own
            // (luo-abi-header → luo_ser, or luo-session → the session array); show what it says
            TreeItem<String> luo = new TreeItem<>(String.format("LUO FDT @ 0x%x  (the \"LUO\" subtree's preserved-data)",
                    h.luoFdtPa()));
            luo.setExpanded(true);
            targets.put(luo, new Target(h.luoFdtPa(), 4096));
            root.getChildren().add(luo);
            node(h.luoFdt(), luo, targets);
        }
        return root;
    }

    /**
     * The row a trace-off run's new kernel gets for the session set it restored at early boot and
     * holds until its first open of /dev/liveupdate ({@link StructureController#handedOverSource}):
     * v7's "LUO" subtree points at luo_ser, which that boot gave back, so the tree itself no longer
     * leads to the chains. Selecting it selects the set's first block.
     */
    static TreeItem<String> restoredSet(Handover h, Map<TreeItem<String>, Target> targets) {
        Handover.Chain c = h.sessions();
        TreeItem<String> item = new TreeItem<>(String.format(java.util.Locale.ROOT,
                "incoming session set @ 0x%x  (restored at early boot, not yet deserialized: %,d block%s, %,d session%s)",
                c.headPa(), c.blocks().size(), c.blocks().size() == 1 ? "" : "s", h.entries().size(),
                h.entries().size() == 1 ? "" : "s"));
        targets.put(item, new Target(c.headPa(), c.layout().bytes()));
        return item;
    }

    private static void node(FdtNode n, TreeItem<String> parent, Map<TreeItem<String>, Target> targets) {
        TreeItem<String> item = parent;
        if (!n.isRoot()) {
            item = new TreeItem<>(n.name() + " {}");
            item.setExpanded(true);
            parent.getChildren().add(item);
            var pd = n.getU64LE("preserved-data");
            if (pd.isPresent()) {
                long size = n.getU64LE("blob-size").orElse(4096);
                targets.put(item, new Target(pd.getAsLong(), Math.max(1, Math.min(size, 1 << 20))));
            }
        }
        for (FdtProperty p : n.properties()) {
            TreeItem<String> leaf = new TreeItem<>(p.name() + " = " + value(p.value()));
            if (p.value().length == 8 && !p.name().equals("compatible")) {
                long v = LittleEndian.u64(p.value(), 0);
                targets.put(leaf, new Target(v, p.name().equals("preserved-memory-map") ? 4096 : 8));
            }
            item.getChildren().add(leaf);
        }
        for (FdtNode c : n.children()) {
            node(c, item, targets);
        }
    }

    static String value(byte[] v) {
        if (v.length == 0) {
            return "<empty>";
        }
        // a string list has no empty strings: without that rule a PA such as 0x40300000
        // (00 00 30 40 00 00 00 00) read as the strings "", "", "0@", ""
        boolean text = v[v.length - 1] == 0 && v.length > 1 && v[0] != 0;
        for (int i = 0; i < v.length - 1 && text; i++) {
            int c = v[i] & 0xFF;
            text = (c >= 32 && c < 127) || (c == 0 && v[i + 1] != 0);
        }
        if (text) {
            return "\"" + new String(v, 0, v.length - 1, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\0", "\", \"") + "\"";
        }
        if (v.length == 8) {
            return String.format("<0x%x>  (u64 LE)", LittleEndian.u64(v, 0));
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(16, v.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", v[i] & 0xFF));
        }
        return sb.append(v.length > 16 ? " …]" : "]").toString();
    }
}

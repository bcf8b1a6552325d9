package luolab.ui.lesson;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtProperty;
import luolab.engine.fdt.FdtValue;
import luolab.export.DebugfsImport;

/** Shows an imported debugfs KHO FDT as a device tree with decoded properties, and what cannot be shown. */
public final class ImportWindow {
    private ImportWindow() {
    }

    public static TreeItem<String> tree(DebugfsImport.Imported im) {
        TreeItem<String> root = new TreeItem<>("KHO FDT imported from " + im.source());
        root.setExpanded(true);
        if (im.root() != null) {
            TreeItem<String> fdt = new TreeItem<>("fdt  (" + im.rootBlob().length + " bytes)");
            fdt.setExpanded(true);
            node(im.root().root(), fdt);
            root.getChildren().add(fdt);
        }
        if (!im.subs().isEmpty()) {
            TreeItem<String> subs = new TreeItem<>("sub_fdts/");
            subs.setExpanded(true);
            for (DebugfsImport.Sub s : im.subs()) {
                TreeItem<String> it = new TreeItem<>(s.name() + "  (" + s.bytes().length + " bytes"
                        + (s.struct() != null ? ", struct " + s.struct() : s.tree() != null ? ", FDT" : "") + ")");
                it.setExpanded(true);
                if (s.tree() != null) {
                    node(s.tree().root(), it);
                }
                for (DebugfsImport.Field f : s.fields()) {
                    it.getChildren().add(new TreeItem<>(f.name() + " = " + f.value()));
                }
                if (s.tree() == null && s.fields().isEmpty()) {
                    it.getChildren().add(new TreeItem<>(FdtValue.describe("blob", s.bytes())));
                }
                if (s.note() != null) {
                    it.getChildren().add(new TreeItem<>("ⓘ " + s.note()));
                }
                subs.getChildren().add(it);
            }
            root.getChildren().add(subs);
        }
        if (!im.scratch().isEmpty()) {
            TreeItem<String> sc = new TreeItem<>("scratch areas (scratch_phys, scratch_len)");
            sc.setExpanded(true);
            im.scratch().forEach(s -> sc.getChildren().add(new TreeItem<>(s)));
            root.getChildren().add(sc);
        }
        return root;
    }

    private static void node(FdtNode n, TreeItem<String> parent) {
        TreeItem<String> item = parent;
        if (!n.isRoot()) {
            item = new TreeItem<>(n.name() + " {}");
            item.setExpanded(true);
            parent.getChildren().add(item);
        }
        for (FdtProperty p : n.properties()) {
            String v = FdtValue.describe(p.name(), p.value());
            if (p.name().equals("preserved-data") || p.name().equals("preserved-memory-map")) {
                v += "   (physical address: that memory is not in debugfs)";
            } else if (p.name().equals("blob-size") && p.value().length == 8) {
                v += "   (" + luolab.engine.memory.LittleEndian.u64(p.value(), 0) + " bytes)";
            }
            item.getChildren().add(new TreeItem<>(p.name() + " = " + v));
        }
        for (FdtNode c : n.children()) {
            node(c, item);
        }
    }

    public static Stage show(Window owner, DebugfsImport.Imported im) {
        TreeView<String> tv = new TreeView<>(tree(im));
        tv.setId("importTree");
        VBox msgs = new VBox(4);
        msgs.setPadding(new Insets(8, 10, 8, 10));
        msgs.getStyleClass().add("import-messages");
        for (String m : im.messages()) {
            Label l = new Label("ⓘ " + m);
            l.setWrapText(true);
            msgs.getChildren().add(l);
        }
        BorderPane bp = new BorderPane(tv);
        bp.setBottom(msgs);
        Stage st = new Stage();
        st.initOwner(owner);
        st.setTitle("Imported KHO FDT — " + im.source().getFileName());
        Scene sc = new Scene(bp, 760, 560);
        if (owner != null && owner.getScene() != null) {
            sc.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        bp.getStyleClass().add("workbench");
        st.setScene(sc);
        st.show();
        return st;
    }
}

package luolab.ui.view;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import luolab.engine.abi.Abi;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.event.SelectRange;
import luolab.ui.event.SelectStruct;
import luolab.ui.event.SelectionEvent;
import luolab.ui.model.Frame;
import luolab.ui.model.StructInstance;
import luolab.ui.model.StructOverlays;
import luolab.ui.model.WorkbenchModel;

/**
 * The hex inspector: shows the pages around the selection, lays the ABI structs found there over the
 * bytes, and links both ways — a click on a byte selects its struct field, a field picked in the
 * tree selects its bytes.
 */
public final class HexController {
    private static final int MAX_PAGES = 16;
    private static final String NO_PAGE = "The structs in the shown bytes and their fields are listed here.";
    private static final String NO_STRUCT = "No ABI struct in these bytes.";

    private final WorkbenchModel model;
    @FXML private HexCanvas hex;
    @FXML private TreeView<Object> fields;
    @FXML private FieldSplit split;
    @FXML private Label rangeLabel;
    @FXML private Label fieldLabel;
    @FXML private Label fieldsEmpty;
    private StructOverlays overlays;
    private List<StructInstance> shown = List.of();
    private boolean syncing;

    /** A field row of the tree. */
    private record FieldItem(StructInstance struct, StructLayout.Field field) {
    }

    public HexController(WorkbenchModel model) {
        this.model = model;
    }

    public HexCanvas canvas() {
        return hex;
    }

    @FXML
    private void initialize() {
        fields.setRoot(new TreeItem<>("structs"));
        // TreeView has no placeholder of its own: a label over it, shown while it lists nothing
        fieldsEmpty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(fields.getRoot().getChildren()));
        fieldsEmpty.setText(NO_PAGE);
        // the cells read text(item); in presenter mode the split places the tree so that they fit
        split.attach(hex, fields, this::text);
        fields.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (syncing || b == null) {
                return;
            }
            if (b.getValue() instanceof StructInstance s) {
                model.select(new SelectStruct(s.layout(), s.base(), null));
            } else if (b.getValue() instanceof FieldItem fi) {
                model.select(new SelectStruct(fi.struct().layout(), fi.struct().base(), fi.field()));
            }
        });
        hex.setOnByteClicked(this::byteClicked);
        hex.setTheme(model.theme().get());
        model.theme().themeProperty().addListener((o, a, t) -> hex.setTheme(t));
        model.runProperty().addListener((o, a, r) -> {
            overlays = r == null ? null : new StructOverlays(r, r.abi());
            hex.setRange(0, 0);
            hex.setCursor(-1);
            shown = List.of();
            fields.getRoot().getChildren().clear();
            fieldsEmpty.setText(NO_PAGE);
            rangeLabel.setText("");
            fieldLabel.setText("");
            model.watch("hex", Set.of());
        });
        model.frameProperty().addListener((o, a, f) -> frameChanged(f));
        model.selectionProperty().addListener((o, a, s) -> selectionChanged(s));
        rangeLabel.setText("");
        fieldLabel.setText("Click a byte to name its struct field; pick a field to see its bytes.");
    }

    private String text(Object o) {
        Frame f = model.frame();
        if (o instanceof StructInstance s) {
            return s.title().equals(s.layout().name()) ? String.format("%s @ 0x%x", s.title(), s.base())
                    : String.format("%s · %s", s.title(), s.layout().name());
        }
        if (o instanceof FieldItem fi) {
            long pa = fi.struct().base() + fi.field().offset();
            return String.format("+%-3d %-20s %s", fi.field().offset(), fi.field().name(),
                    f == null ? "" : StructOverlays.format(fi.field(), f, pa));
        }
        return String.valueOf(o);
    }

    private void selectionChanged(SelectionEvent s) {
        if (s.pa() < 0 || s.length() <= 0) {
            hex.setSelection(-1, -1);
            return;
        }
        long start = s.pa();
        long end = s.pa() + s.length();
        boolean inside = start >= hex.rangeStart() && end <= hex.rangeStart() + hex.rangeLength();
        if (!inside || s instanceof luolab.ui.event.SelectPage || s instanceof luolab.ui.event.SelectBlock) {
            long first = PhysicalMemory.pfn(start);
            long last = Math.min(PhysicalMemory.pfn(end - 1), first + MAX_PAGES - 1);
            long rs = PhysicalMemory.pa(first);
            hex.setRange(rs, PhysicalMemory.pa(last + 1) - rs);
            Set<Long> pages = new HashSet<>();
            Frame fr = model.frame();
            for (long p = first; p <= last; p++) {
                pages.add(p);
                if (fr != null && overlays != null) {
                    // a block's later page is labelled from the count in its first page
                    pages.add(overlays.headerPage(fr, p));
                }
            }
            model.watch("hex", pages);
            rangeLabel.setText(String.format("0x%x – 0x%x  (%d page%s)", rs, PhysicalMemory.pa(last + 1) - 1,
                    last - first + 1, last == first ? "" : "s"));
            refreshOverlays(model.frame());
        }
        boolean whole = s instanceof luolab.ui.event.SelectPage || s instanceof luolab.ui.event.SelectBlock;
        hex.setSelection(whole ? -1 : start, whole ? -1 : end);
        hex.reveal(start);
        if (s instanceof SelectStruct st) {
            hex.setCursor(st.pa());
            syncTree(st);
        }
        updateFieldLine();
    }

    private void frameChanged(Frame f) {
        hex.setFrame(f);
        refreshOverlays(f);
        fields.refresh();
        split.refit();
        updateFieldLine();
        Frame fr = f;
        if (fr != null && hex.rangeLength() > 0) {
            rangeLabel.setText(String.format("0x%x – 0x%x  · %s", hex.rangeStart(),
                    hex.rangeStart() + hex.rangeLength() - 1, fr.label(PhysicalMemory.pfn(hex.rangeStart()))));
        }
    }

    private void refreshOverlays(Frame f) {
        if (f == null || overlays == null || hex.rangeLength() == 0) {
            return;
        }
        // bytes are shown: if the tree stays empty, it is because they hold no struct
        fieldsEmpty.setText(NO_STRUCT);
        // a set: an entry straddling two shown pages is listed by both
        java.util.LinkedHashSet<StructInstance> list = new java.util.LinkedHashSet<>();
        for (long pa = hex.rangeStart(); pa < hex.rangeStart() + hex.rangeLength(); pa += PhysicalMemory.PAGE_SIZE) {
            long pfn = PhysicalMemory.pfn(pa);
            if (f.containsPfn(pfn) && f.hasPage(pfn)) {
                list.addAll(overlays.forPage(f, pfn));
            }
        }
        if (shown.equals(List.copyOf(list))) {
            return;
        }
        shown = List.copyOf(list);
        hex.setOverlays(shown);
        TreeItem<Object> root = fields.getRoot();
        syncing = true;
        root.getChildren().clear();
        for (StructInstance s : shown) {
            TreeItem<Object> si = new TreeItem<>(s);
            for (StructLayout.Field fl : s.layout().fields()) {
                si.getChildren().add(new TreeItem<>(new FieldItem(s, fl)));
            }
            si.setExpanded(shown.size() <= 4);
            root.getChildren().add(si);
        }
        syncing = false;
        if (model.selectionProperty().get() instanceof SelectStruct st) {
            syncTree(st);
        }
    }

    private void syncTree(SelectStruct st) {
        syncing = true;
        try {
            for (TreeItem<Object> si : fields.getRoot().getChildren()) {
                StructInstance s = (StructInstance) si.getValue();
                if (s.layout() != st.layout() || s.base() != st.base()) {
                    continue;
                }
                TreeItem<Object> target = si;
                if (st.field() != null) {
                    si.setExpanded(true);
                    for (TreeItem<Object> fi : si.getChildren()) {
                        if (((FieldItem) fi.getValue()).field().equals(st.field())) {
                            target = fi;
                        }
                    }
                }
                fields.getSelectionModel().select(target);
                int row = fields.getRow(target);
                if (row >= 0) {
                    fields.scrollTo(Math.max(0, row - 2));
                }
                return;
            }
        } finally {
            syncing = false;
        }
    }

    private void byteClicked(long pa) {
        hex.setCursor(pa);
        for (StructInstance s : shown) {
            StructLayout.Field f = s.fieldAt(pa);
            if (f != null) {
                model.select(new SelectStruct(s.layout(), s.base(), f));
                return;
            }
        }
        model.select(new SelectRange(pa, 1));
    }

    private void updateFieldLine() {
        Frame f = model.frame();
        SelectionEvent s = model.selectionProperty().get();
        if (f == null) {
            return;
        }
        if (s instanceof SelectStruct st) {
            if (st.field() != null) {
                fieldLabel.setText(String.format("%s @ 0x%x: %s", st.name(), st.pa(),
                        StructOverlays.format(st.field(), f, st.pa())));
            } else {
                fieldLabel.setText(String.format("%s @ 0x%x (%d bytes)", st.name(), st.base(), st.layout().size()));
            }
        } else if (s instanceof SelectRange r && r.length() == 1) {
            int v = f.u8(r.pa());
            fieldLabel.setText(String.format("byte @ 0x%x: %s — no known struct here (%s)", r.pa(),
                    v < 0 ? "?" : String.format("0x%02x", v), f.label(PhysicalMemory.pfn(r.pa()))));
        } else if (s.pa() >= 0 && f.containsPfn(PhysicalMemory.pfn(s.pa()))) {
            fieldLabel.setText(String.format("%s: 0x%x, %d bytes — click a byte to name its field",
                    f.label(PhysicalMemory.pfn(s.pa())), s.pa(), s.length()));
        }
    }
}

package luolab.ui.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import luolab.ui.event.SelectBlock;
import luolab.ui.event.SelectRange;
import luolab.ui.model.Frame;
import luolab.engine.handover.Handover;
import luolab.ui.model.SessionTable;
import luolab.ui.model.WorkbenchModel;

/**
 * The structure panes on the right: sessions and files ({@link SessionsPane}: from the kernels'
 * session/file events, or a trace-off run's final state),
 * block chains and the handover FDT (both parsed from physical memory at the current event).
 */
public final class StructureController {
    /*
     * Tab titles: short, so the four headers fit a 1280 px window in presenter type (the long ones
     * cut the fourth to "Handover (" behind the overflow arrow); each tab's tooltip gives the full
     * name. Look tabs up by id (sessionsTab, chainsTab, fdtTab, radixTab), not by title.
     */
    public static final String SESSIONS_TITLE = "Sessions";
    public static final String CHAINS_TITLE = "Chains";
    public static final String FDT_TITLE = "FDT";
    public static final String RADIX_TITLE = "Radix tree";
    private final WorkbenchModel model;
    @FXML private TabPane tabs;
    @FXML private Tab sessionsTab;
    @FXML private Tab chainsTab;
    @FXML private Tab fdtTab;
    @FXML private StackPane sessionsPane;
    @FXML private StackPane chainsPane;
    @FXML private StackPane fdtPane;

    private SessionsPane sessions;
    private final BlockChainCanvas chains = new BlockChainCanvas();
    private final ComboBox<Handover> handoverBox = new ComboBox<>();
    private final Label luoSerLabel = new Label();
    private final javafx.scene.control.CheckBox showEmpty = new javafx.scene.control.CheckBox("show empty");
    private final TreeView<String> fdtTree = new TreeView<>();
    private final Map<TreeItem<String>, FdtTreeItems.Target> fdtTargets = new HashMap<>();
    private String fdtSignature = "";
    private Label chainsEmpty;
    private Label fdtEmpty;
    /** Where a trace-off run's handed-over chains were read from (hidden otherwise). */
    private final Label chainsCaption = new Label();
    private final Label fdtCaption = new Label();
    private luolab.ui.radix.RadixTreePane radix;
    private Tab radixTab;

    public StructureController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        sessions = new SessionsPane(model, sessionsPane);
        buildChains();
        buildFdt();
        radix = new luolab.ui.radix.RadixTreePane(model);
        radixTab = new Tab(RADIX_TITLE, radix);
        radixTab.setId("radixTab");
        titles(sessionsTab, SESSIONS_TITLE, "Sessions & files: the sessions and files of the old and new kernel");
        titles(chainsTab, CHAINS_TITLE, "Block chains: the session and file block chains, read from memory");
        titles(fdtTab, FDT_TITLE, "Handover (FDT): the KHO and LUO device trees handed to the next kernel");
        titles(radixTab, RADIX_TITLE, "Radix tree: KHO's radix tree of preserved pages");
        tabs.getTabs().add(tabs.getTabs().indexOf(fdtTab) + 1, radixTab);
        model.runProperty().addListener((o, a, r) -> fdtSignature = "");
        model.frameProperty().addListener((o, a, f) -> refreshHandover(f));
        model.theme().themeProperty().addListener((o, a, t) -> chains.setTheme(t));
        model.selectionProperty().addListener((o, a, s) -> chains.setSelectedPa(s.pa()));
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> updateAnalysis());
        updateAnalysis();
    }

    private static void titles(Tab t, String title, String full) {
        t.setText(title);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(full);
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        t.setTooltip(tip);
    }

    private void updateAnalysis() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        model.setAnalyzeHandover(t == chainsTab || t == fdtTab || t == radixTab);
        radix.setActive(t == radixTab);
    }

    public TabPane tabs() {
        return tabs;
    }

    public luolab.ui.radix.RadixTreePane radixPane() {
        return radix;
    }

    public BlockChainCanvas chainCanvas() {
        return chains;
    }

    public TableView<SessionTable.Session> sessionTable() {
        return sessions.sessionTable();
    }

    public TableView<SessionTable.File> fileTable() {
        return sessions.fileTable();
    }

    // ---- block chains --------------------------------------------------------------------------

    private void buildChains() {
        chains.setTheme(model.theme().get());
        chains.setId("chainCanvas");
        chains.setOnBoxClicked(b -> model.select(new SelectBlock(b.set(), b.block().pa(), 1)));
        handoverBox.setId("handoverBox");
        handoverBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Handover h) {
                return h == null ? "" : String.format("0x%x · %s", h.fdtPa(), h.incoming() ? "incoming" : "outgoing");
            }

            @Override
            public Handover fromString(String s) {
                return null;
            }
        });
        handoverBox.valueProperty().addListener((o, a, h) -> showHandover(h));
        luoSerLabel.getStyleClass().add("pane-subtitle");
        luoSerLabel.setId("luoSerLabel");
        Label fdtLabel = new Label("KHO FDT");
        fdtLabel.getStyleClass().add("pane-title");
        fdtLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        handoverBox.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        handoverBox.setPrefWidth(190);
        showEmpty.setId("showEmptyChains");
        showEmpty.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        showEmpty.setTooltip(new javafx.scene.control.Tooltip("Also list sessions that have no file chain"));
        showEmpty.selectedProperty().addListener((o, a, b) -> showHandover(handoverBox.getValue()));
        // wraps rather than widening the pane past its tab: in presenter mode's large type at 1280 px
        // a row of them pushed the chain view (and the overlay's legend on it) out of the window
        FlowPane head = new FlowPane(8, 4, fdtLabel, handoverBox, showEmpty, luoSerLabel);
        head.setPadding(new Insets(6, 8, 6, 8));
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ScrollPane scroll = new ScrollPane(chains);
        scroll.getStyleClass().add("chain-scroll");
        BorderPane bp = new BorderPane();
        bp.setTop(new javafx.scene.layout.VBox(head, CompactCaption.of(caption(chainsCaption, "chainsCaption"))));
        bp.setCenter(scroll); // after the header: Tab goes through it first, as drawn
        chainsEmpty = placeholder("chainsPlaceholder",
                "Session and file block chains, parsed from memory, appear here when the scenario has run.");
        chainsPane.getChildren().setAll(bp, chainsEmpty);
        bp.visibleProperty().bind(chainsEmpty.visibleProperty().not());
    }

    private void refreshHandover(Frame f) {
        List<Handover> hs = f == null ? null : f.handovers();
        if (hs == null) {
            if (f == null) {
                chainsEmpty.setVisible(true);
                fdtEmpty.setVisible(true);
            }
            return;
        }
        chainsEmpty.setText(hs.isEmpty() ? "No KHO FDT in memory at this event: nothing would be handed over yet."
                : chainsEmpty.getText());
        chainsEmpty.setVisible(hs.isEmpty());
        fdtEmpty.setText(hs.isEmpty() ? "No KHO FDT in memory at this event." : fdtEmpty.getText());
        fdtEmpty.setVisible(hs.isEmpty());
        Handover cur = handoverBox.getValue();
        handoverBox.getItems().setAll(hs);
        Handover pick = null;
        for (Handover h : hs) {
            if (cur != null && h.fdtPa() == cur.fdtPa()) {
                pick = h;
            }
        }
        if (pick == null && !hs.isEmpty()) {
            pick = hs.stream().filter(h -> h.sessions() != null && !h.sessions().blocks().isEmpty()).findFirst()
                    .orElse(hs.get(0));
        }
        handoverBox.setValue(pick);
        showHandover(pick);
        showFdt(hs);
    }

    private void showHandover(Handover h) {
        showHandoverChains(h);
        String source = handedOverSource(model.runProperty().get(), h);
        chainsCaption.setText(source == null ? "" : source);
        chainsCaption.setVisible(source != null);
        if (h == null) {
            luoSerLabel.setText("");
        } else if (source != null && h.luoFdtPa() == 0) {
            // v7: luo_ser was given back at early boot, the chains start at the set restored from it
            luoSerLabel.setText(String.format("restored session set @ 0x%x", h.sessions().headPa()));
            luoSerLabel.setTooltip(new javafx.scene.control.Tooltip(source));
        } else if (chains.live()) {
            luoSerLabel.setText("before serialize");
            luoSerLabel.setTooltip(new javafx.scene.control.Tooltip("Before serialize: chains found from the block sets'"
                    + " links, headers read from memory as they are; count 0 (written at serialize)"));
        } else if (h.luoFdtPa() != 0) {
            // series v2 / pre-series: the "LUO" subtree is a LUO FDT (v2: → luo_ser; pre: → session array)
            // short enough for the pane's header: the FDT's own PA is in the tooltip
            String ser = h.luoSerPa() != 0 ? String.format(" → luo_ser @ 0x%x", h.luoSerPa()) : "";
            luoSerLabel.setText(String.format("LUO FDT \"%s\"%s #%d", h.compatible(), ser, h.liveupdateNum()));
            luoSerLabel.setTooltip(new javafx.scene.control.Tooltip(String.format("%s: LUO FDT @ 0x%x, compatible \"%s\"",
                    h.generation(), h.luoFdtPa(), h.compatible())
                    + (h.luoSerPa() != 0 ? String.format(", luo-abi-header → luo_ser @ 0x%x", h.luoSerPa()) : "")
                    + ", liveupdate number " + h.liveupdateNum()
                    + (h.luoProblem() != null ? "\n" + h.luoProblem() : "")));
        } else if (h.luoSerPa() == 0) {
            luoSerLabel.setText("no LUO subtree yet");
        } else {
            luoSerLabel.setText(String.format("luo_ser @ 0x%x \"%s\" #%d", h.luoSerPa(), h.compatible(),
                    h.liveupdateNum()));
            luoSerLabel.setTooltip(new javafx.scene.control.Tooltip("luo_ser: compatible \"" + h.compatible()
                    + "\", liveupdate_num " + h.liveupdateNum()));
        }
    }

    /** Before serialize the outgoing chains come from the sets' BlockLinked events (bytes as they are). */
    private void showHandoverChains(Handover h) {
        Frame f = model.frame();
        var r = model.runProperty().get();
        Handover shown = h;
        boolean live = false;
        if (f != null && r != null && luolab.ui.chains.LiveChains.needed(h, r.abi())) {
            var sets = luolab.ui.chains.LiveChains.at(r.events(), f.position());
            model.watch("liveChains", sets.pfns());
            if (!sets.blocks().isEmpty() || !sets.sessions().isEmpty()) {
                shown = luolab.ui.chains.LiveChains.build(h, sets, f, r.abi());
                live = true;
            }
        } else {
            model.watch("liveChains", java.util.Set.of());
        }
        chains.setLive(live);
        chains.show(showEmpty.isSelected() ? shown : luolab.ui.chains.LiveChains.withoutEmpty(shown));
    }

    // ---- FDT -----------------------------------------------------------------------------------

    private void buildFdt() {
        fdtTree.setId("fdtTree");
        fdtTree.setShowRoot(false);
        fdtTree.setRoot(new TreeItem<>("handovers"));
        fdtTree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            FdtTreeItems.Target t = item == null ? null : fdtTargets.get(item);
            Frame f = model.frame();
            if (t != null && f != null && f.containsPfn(t.pa() >>> 12)) {
                model.select(new SelectRange(t.pa(), t.length()));
            }
        });
        fdtEmpty = placeholder("fdtPlaceholder", "The KHO root FDT and its subtrees appear here when the scenario has run.");
        BorderPane bp = new BorderPane();
        bp.setTop(CompactCaption.of(caption(fdtCaption, "fdtCaption")));
        bp.setCenter(fdtTree);
        fdtPane.getChildren().setAll(bp, fdtEmpty);
        bp.visibleProperty().bind(fdtEmpty.visibleProperty().not());
    }

    private void showFdt(List<Handover> hs) {
        Map<TreeItem<String>, FdtTreeItems.Target> targets = new HashMap<>();
        List<TreeItem<String>> items = hs.stream().map(h -> FdtTreeItems.handover(h, targets)).toList();
        var run = model.runProperty().get();
        String caption = null;
        for (int i = 0; i < hs.size(); i++) {
            Handover h = hs.get(i);
            String source = handedOverSource(run, h);
            if (source != null) {
                caption = source;
                items.get(i).getChildren().add(0, FdtTreeItems.restoredSet(h, targets));
            }
        }
        fdtCaption.setText(caption == null ? "" : caption);
        fdtCaption.setVisible(caption != null);
        StringBuilder sig = new StringBuilder();
        items.forEach(i -> signature(i, sig));
        if (sig.toString().equals(fdtSignature)) {
            return;
        }
        fdtSignature = sig.toString();
        fdtTargets.clear();
        fdtTargets.putAll(targets);
        fdtTree.getRoot().getChildren().setAll(items);
    }

    private static void signature(TreeItem<String> i, StringBuilder sb) {
        sb.append(i.getValue()).append('\n');
        i.getChildren().forEach(c -> signature(c, sb));
    }

    private static Label caption(Label l, String id) {
        l.setId(id);
        l.getStyleClass().add("pane-subtitle");
        l.managedProperty().bind(l.visibleProperty());
        l.setVisible(false);
        return l;
    }

    /**
     * Where the chains of {@code h} shown for a trace-off run ending at a kexec were read from
     * (the new kernel's incoming handover, its sessions not yet deserialized), or null for any
     * other handover or run. v7's luo_early_startup() restored the session block set from
     * luo_ser's sessions_pa and gave luo_ser back (kho_restore_free), so the chains start at that
     * restored set ({@link luolab.ui.model.FinalSessions#handovers}); the FDT-era generations keep
     * their LUO FDT, which still leads there.
     */
    static String handedOverSource(luolab.ui.model.LoadedRun r, Handover h) {
        var fin = r == null || r.traced() ? null : r.finalSessions();
        if (fin == null || !fin.handedOver() || h == null || !h.incoming() || h.sessions() == null
                || h.sessions().headPa() != fin.handedOverSessionsPa()) {
            return null;
        }
        long files = 0;
        for (Handover.SessionEntry e : h.entries()) {
            for (Handover.Block b : e.files() == null ? List.<Handover.Block>of() : e.files().blocks()) {
                files += b.entries();
            }
        }
        int n = h.entries().size();
        String what = String.format(java.util.Locale.ROOT, "%,d session%s, %,d file%s", n, n == 1 ? "" : "s", files,
                files == 1 ? "" : "s");
        String from = h.luoFdtPa() == 0
                ? String.format("read from the session block set luo_early_startup() restored from luo_ser's sessions_pa"
                        + " (head 0x%x). luo_ser @ 0x%x, where the \"LUO\" subtree points, was given back at early boot"
                        + " (kho_restore_free) and holds nothing now.", h.sessions().headPa(), h.luoSerPa())
                : String.format("read from the handover bytes: the \"LUO\" subtree's LUO FDT @ 0x%x, which this"
                        + " generation keeps, leads to them (head 0x%x).", h.luoFdtPa(), h.sessions().headPa());
        String problem = fin.handoverProblem();
        return "Final state of boot " + fin.boot() + " · trace off — what boot " + fin.boot() + " holds as its incoming"
                + " session set until the first open of /dev/liveupdate deserializes it (" + what + ", handed over by boot "
                + fin.handedOverBy() + "), " + from + (problem == null ? "" : " The bytes are damaged (" + problem + ").");
    }

    static Label placeholder(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("placeholder-message");
        return l;
    }

}

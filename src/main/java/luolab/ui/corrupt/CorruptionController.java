package luolab.ui.corrupt;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Injector;
import luolab.ui.event.SelectRange;
import luolab.ui.model.WorkbenchModel;

/**
 * The Corruption tab: the injections on the timeline (each removable), and for the one picked,
 * the before/after diff of every byte it wrote, named by struct and field.
 */
public final class CorruptionController {
    private final WorkbenchModel model;
    private final CorruptionSession session;
    @FXML private BorderPane root;
    @FXML private StackPane body;
    private final ListView<Injection> list = new ListView<>();
    private final TableView<CorruptRuns.DiffRow> diff = new TableView<>();
    private final Label diffTitle = new Label();
    private final Label diffNote = new Label();
    private final Label empty = new Label();
    private final MenuButton injectButton = new MenuButton("Inject");
    private CorruptActions actions;

    public CorruptionController(WorkbenchModel model) {
        this.model = model;
        this.session = CorruptionSession.of(model);
    }

    public CorruptionSession session() {
        return session;
    }

    public ListView<Injection> list() {
        return list;
    }

    public TableView<CorruptRuns.DiffRow> diffTable() {
        return diff;
    }

    @FXML
    private void initialize() {
        Label title = new Label("Injections");
        title.getStyleClass().add("pane-title");
        Label hint = new Label();
        hint.getStyleClass().add("pane-subtitle");
        hint.textProperty().bind(Bindings.createStringBinding(() -> session.injections().isEmpty() ? ""
                : session.injections().size() + " in the scenario · File → Save writes them as corrupt steps", session.injections()));
        injectButton.setId("injectMenuButton");
        injectButton.getStyleClass().add("small-button");
        Button undo = new Button("Undo last");
        undo.setId("undoLastButton");
        undo.getStyleClass().add("small-button");
        undo.setTooltip(new Tooltip("Remove the last injection and re-run (Ctrl+Z)"));
        undo.setOnAction(e -> session.undoLast());
        undo.disableProperty().bind(Bindings.isEmpty(session.injections()));
        Button all = new Button("Remove all");
        all.getStyleClass().add("small-button");
        all.setOnAction(e -> session.undoAll());
        all.disableProperty().bind(Bindings.isEmpty(session.injections()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(8, title, hint, grow, injectButton, undo, all);
        head.setAlignment(Pos.CENTER_LEFT);
        head.getStyleClass().add("pane-header");
        root.setTop(head);

        list.setId("injectionList");
        list.setItems(session.injections());
        list.setCellFactory(v -> new InjectionCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, i) -> showDiff(i));
        buildDiff();
        VBox right = new VBox(4, diffTitle, diff, diffNote);
        right.setPadding(new Insets(4, 6, 4, 6));
        VBox.setVgrow(diff, Priority.ALWAYS);
        SplitPane split = new SplitPane(list, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.28);
        empty.setId("corruptionPlaceholder");
        empty.setWrapText(true);
        empty.getStyleClass().add("placeholder-message");
        body.getChildren().setAll(split, empty);
        split.visibleProperty().bind(empty.visibleProperty().not());
        session.injections().addListener((javafx.collections.ListChangeListener<Injection>) c -> updateEmpty());
        session.availableProperty().addListener((o, a, b) -> updateEmpty());
        session.lastInjectionProperty().addListener((o, a, i) -> {
            if (i != null) {
                list.getSelectionModel().select(i);
                list.scrollTo(i);
            }
            showDiff(list.getSelectionModel().getSelectedItem());
        });
        updateEmpty();
    }

    /** Hooks up the actions (the Inject menu button needs them). */
    void setActions(CorruptActions a) {
        actions = a;
        injectButton.getItems().setAll(a.catalogItems().stream().filter(m -> m instanceof javafx.scene.control.Menu).toList());
    }

    private void updateEmpty() {
        empty.setText(!session.availableProperty().get()
                ? "Open a scenario (File → Open) to inject corruption: each injection becomes a corrupt step of the scenario."
                : "No injection yet. Use Corrupt in the menu bar or the toolbar, or right-click a block in Chains, "
                        + "a row in Sessions, or a byte in the hex inspector. Each injection is a step of the "
                        + "scenario, written at the current event; Undo removes it.");
        empty.setVisible(session.injections().isEmpty());
    }

    private void buildDiff() {
        diff.setId("diffTable");
        diff.getStyleClass().add("diff-table");
        diff.getColumns().add(col("address", 92, r -> String.format("0x%x", r.pa())));
        diff.getColumns().add(col("struct.field", 232, CorruptRuns.DiffRow::what));
        diff.getColumns().add(col("before", 118, CorruptRuns.DiffRow::before));
        diff.getColumns().add(col("after", 118, CorruptRuns.DiffRow::after));
        diff.getColumns().add(col("page", 130, CorruptRuns.DiffRow::owner));
        diff.getColumns().get(2).getStyleClass().add("diff-before");
        diff.getColumns().get(3).getStyleClass().add("diff-after");
        diff.setPlaceholder(new Label("Pick an injection to see the bytes it wrote."));
        diff.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        diff.setRowFactory(t -> {
            TableRow<CorruptRuns.DiffRow> row = new TableRow<>() {
                @Override
                protected void updateItem(CorruptRuns.DiffRow r, boolean emptyRow) {
                    super.updateItem(r, emptyRow);
                    setTooltip(emptyRow || r == null ? null : new Tooltip(String.format("0x%x, %d byte%s\nbefore: %s\nafter:  %s",
                            r.pa(), r.length(), r.length() == 1 ? "" : "s", r.beforeHex(), r.afterHex())));
                }
            };
            row.setOnMouseClicked(e -> {
                if (row.getItem() != null) {
                    model.select(new SelectRange(row.getItem().pa(), row.getItem().length()));
                }
            });
            return row;
        });
        diffTitle.setId("diffTitle");
        diffTitle.getStyleClass().add("diff-title");
        diffTitle.setWrapText(true);
        diffNote.setId("diffNote");
        diffNote.getStyleClass().add("diff-note");
        diffNote.setWrapText(true);
        diffTitle.setMinHeight(Region.USE_PREF_SIZE);
        diffNote.setMinHeight(Region.USE_PREF_SIZE);
    }

    private static <T> TableColumn<T, String> col(String title, double w, java.util.function.Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setSortable(false);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }

    private void showDiff(Injection i) {
        CorruptRuns.Applied ap = session.applied(i);
        if (i == null || ap == null) {
            diff.getItems().clear();
            diffTitle.setText("");
            diffNote.setText("");
            return;
        }
        diff.getItems().setAll(ap.rows());
        diffTitle.setText((i.summary() == null ? i.command() : i.summary()) + (ap.report() == null ? ""
                : "\n" + ap.report().description()));
        Injector inj = Catalog.byName(i.injector());
        StringBuilder note = new StringBuilder();
        if (ap.report() != null) {
            ap.report().notes().forEach(n -> note.append("Note: ").append(n).append('\n'));
        }
        note.append("Step ").append(i.index() + 1).append(": ").append(i.command()).append(i.handover()
                ? " — written after serialization, right before the jump" : " — written " + stageWords(i));
        if (inj != null) {
            note.append("\nThe kernel (catalog): ").append(ap.report() != null && ap.report().expected() != null
                    ? ap.report().expected().summary() : inj.outcome());
        }
        var run = model.runProperty().get();
        if (run != null && !run.traced()) {
            note.append("\nTrace off: a write the injector did not name stays \"raw bytes\" (naming it needs the kernel's "
                    + "own writes from the trace), and the run shows its final state only.");
        }
        diffNote.setText(note.toString());
    }

    private String stageWords(Injection i) {
        var st = session.stageOf(i);
        return st == null ? "at that step" : st.label();
    }

    /** A list row: what, where, and a button that removes it. */
    private final class InjectionCell extends ListCell<Injection> {
        InjectionCell() {
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Injection i, boolean emptyCell) {
            super.updateItem(i, emptyCell);
            if (emptyCell || i == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label what = new Label(i.summary() == null ? i.command() : i.summary());
            what.getStyleClass().add("injection-what");
            what.setWrapText(true);
            what.setMaxWidth(Double.MAX_VALUE);
            CorruptRuns.Applied ap = session.applied(i);
            Label where = new Label("#" + i.id() + " · step " + (i.index() + 1) + " · " + (i.handover() ? "before the jump" : "now")
                    + " · " + i.origin() + (ap == null || ap.rows().isEmpty() ? "" : " · " + ap.rows().size() + " write"
                            + (ap.rows().size() == 1 ? "" : "s")));
            where.getStyleClass().add("injection-where");
            where.setWrapText(true);
            where.setMaxWidth(Double.MAX_VALUE);
            Button x = new Button("✕");
            x.getStyleClass().addAll("small-button", "remove-injection");
            x.setId("removeInjection-" + i.id());
            x.setTooltip(new Tooltip("Remove this injection (its step) and re-run"));
            x.setOnAction(e -> session.undo(i));
            VBox text = new VBox(1, what, where);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox box = new HBox(6, text, x);
            box.setAlignment(Pos.CENTER_LEFT);
            // as wide as the list, never wider: long descriptions wrap and the ✕ stays in view
            what.setMinWidth(0);
            what.setPrefWidth(1);
            where.setMinWidth(0);
            text.setMinWidth(0);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(28));
            box.maxWidthProperty().bind(box.prefWidthProperty());
            x.setMinWidth(Region.USE_PREF_SIZE);
            setText(null);
            setGraphic(box);
        }
    }
}

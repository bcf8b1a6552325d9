package luolab.ui.corrupt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.ParamSpec;

/**
 * The small dialog of one catalog entry: its one-line description, each parameter with its
 * default and meaning, when it will be written (now / right before the next jump), what it
 * writes and what the kernel will do — and a live one-line preview of the injection in words.
 */
public final class InjectDialog extends Dialog<ButtonType> {
    public static final ButtonType INJECT = new ButtonType("Inject", ButtonBar.ButtonData.OK_DONE);

    private final Injector injector;
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Label preview = new Label();
    private final Label problem = new Label();
    private final ToggleGroup when = new ToggleGroup();
    private final RadioButton now = new RadioButton();
    private final RadioButton handover = new RadioButton();

    /** A parameter's editor: a text field or an editable combo box. */
    private record Control(ParamSpec spec, TextInputControl text, ComboBox<String> combo) {
        String value() {
            String v = combo != null ? (combo.isEditable() ? combo.getEditor().getText() : combo.getValue()) : text.getText();
            return v == null ? "" : v.trim();
        }

        Node node() {
            return combo != null ? combo : text;
        }
    }

    public InjectDialog(Window owner, CorruptionSession session, Injector injector, Map<String, String> preset) {
        this.injector = injector;
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Inject corruption");
        setResizable(true);
        getDialogPane().setId("injectDialog");
        getDialogPane().getStyleClass().add("inject-dialog");
        CorruptUi.style(getDialogPane(), owner);
        Label title = new Label(injector.name());
        title.getStyleClass().add("inject-title");
        title.setId("injectTitle");
        Label desc = new Label(injector.description());
        desc.getStyleClass().add("inject-description");
        desc.setWrapText(true);
        preview.setId("injectPreview");
        preview.getStyleClass().add("inject-preview");
        preview.setWrapText(true);
        VBox head = new VBox(3, title, desc);
        head.getStyleClass().add("inject-head");
        getDialogPane().setHeader(head);

        InjectChoices ctx = InjectChoices.of(session);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(2);
        grid.getStyleClass().add("inject-params");
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(70);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setMinWidth(240);
        grid.getColumnConstraints().setAll(c0, c1);
        int row = 0;
        for (ParamSpec p : injector.params()) {
            Control c = control(p, ctx, preset.get(p.name()));
            controls.put(p.name(), c);
            Label name = new Label(p.name());
            name.getStyleClass().add("param-name");
            c.node().setId("param-" + p.name());
            Label help = new Label(p.description() + (p.required() ? " (required)" : ""));
            help.getStyleClass().add("param-help");
            help.setWrapText(true);
            help.setMaxWidth(360);
            grid.add(name, 0, row);
            grid.add(c.node(), 1, row++);
            grid.add(help, 1, row++);
            GridPane.setMargin(help, new Insets(0, 0, 6, 0));
        }
        if (injector.params().isEmpty()) {
            grid.add(new Label("No parameters."), 0, row++, 2, 1);
        }

        Placement pl = session.placement();
        now.setToggleGroup(when);
        handover.setToggleGroup(when);
        now.setId("whenNow");
        handover.setId("whenHandover");
        now.setText(pl == null ? "now" : pl.describe(Injection.NOW).replaceFirst("^now, ", "Now: "));
        handover.setText(pl == null || pl.kexecAhead() < 0 ? "At the next kexec (none follows)"
                : "Right before the jump of the kexec at step " + (pl.kexecAhead() + 1) + " (after serialization)");
        now.setDisable(pl == null || !pl.canRunNow(injector));
        handover.setDisable(pl == null || !(pl.inHandover() ? injector.stages().contains(luolab.engine.corrupt.Stage.HANDOVER)
                : pl.canDefer(injector)));
        String def = pl == null ? null : pl.defaultAt(injector);
        if (Injection.HANDOVER.equals(def)) {
            handover.setSelected(true);
        } else if (Injection.NOW.equals(def)) {
            now.setSelected(true);
        }
        if (pl != null && pl.inHandover()) {
            // one choice only: memory holds the handover, the write waits for serialization to finish
            now.setVisible(false);
            now.setManaged(false);
            handover.setText("Now: into the serialized handover, right before the jump of the kexec at step "
                    + (pl.index() + 1));
        }
        for (RadioButton rb : List.of(now, handover)) {
            rb.setWrapText(true);
            rb.setMaxWidth(380);
            rb.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        Label whenLabel = new Label("When");
        whenLabel.getStyleClass().add("param-name");
        VBox whenBox = new VBox(4, now, handover);
        grid.add(whenLabel, 0, row);
        grid.add(whenBox, 1, row++);
        GridPane.setMargin(whenBox, new Insets(4, 0, 8, 0));

        Label writes = new Label("Writes: " + injector.writes());
        writes.getStyleClass().add("inject-note");
        writes.setWrapText(true);
        Label outcome = new Label("The kernel: " + injector.outcome());
        outcome.getStyleClass().add("inject-note");
        outcome.setWrapText(true);
        outcome.setId("injectOutcome");
        problem.getStyleClass().add("inject-problem");
        problem.setWrapText(true);
        problem.setId("injectProblem");
        problem.setManaged(false);
        problem.setVisible(false);
        VBox body = new VBox(8, preview, grid, writes, outcome, problem);
        body.setPadding(new Insets(10, 14, 6, 14));
        body.setPrefWidth(560);
        body.setMaxWidth(640);
        getDialogPane().setContent(body);
        getDialogPane().getButtonTypes().setAll(INJECT, ButtonType.CANCEL);
        Node ok = getDialogPane().lookupButton(INJECT);
        ok.setId("injectButton");
        if (when.getSelectedToggle() == null) {
            show(pl == null ? "Open a scenario first." : pl.whyNot(injector));
            ok.setDisable(true);
        }
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String bad = missing();
            if (bad != null) {
                show(bad);
                e.consume();
            }
        });
        controls.values().forEach(c -> {
            if (c.combo() != null) {
                c.combo().valueProperty().addListener((o, a, b) -> updatePreview());
                c.combo().getEditor().textProperty().addListener((o, a, b) -> updatePreview());
            } else {
                c.text().textProperty().addListener((o, a, b) -> updatePreview());
            }
        });
        updatePreview();
    }

    private void show(String msg) {
        problem.setText(msg);
        problem.setManaged(true);
        problem.setVisible(true);
        if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
            getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private String missing() {
        for (Control c : controls.values()) {
            if (c.spec().required() && c.value().isEmpty()) {
                return "Parameter '" + c.spec().name() + "' is required: " + c.spec().description() + ".";
            }
        }
        return null;
    }

    private void updatePreview() {
        preview.setText(Describe.summary(injector.name(), params()));
    }

    /** The parameters as entered (every one, defaults included, so the scenario step says it all). */
    public Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        controls.forEach((k, c) -> {
            if (!c.value().isEmpty()) {
                out.put(k, c.value());
            }
        });
        return out;
    }

    /** "now" or "handover" as chosen. */
    public String at() {
        return handover.isSelected() ? Injection.HANDOVER : now.isSelected() ? Injection.NOW : null;
    }

    public String summary() {
        return preview.getText();
    }

    // ---- editors ------------------------------------------------------------------------------------

    private static Control control(ParamSpec p, InjectChoices ctx, String preset) {
        String initial = preset != null ? preset : p.defaultValue() == null ? "" : p.defaultValue();
        List<String> choices = new ArrayList<>();
        boolean editable = true;
        switch (p.kind()) {
            case SET -> {
                choices.add("sessions");
                ctx.sessions().forEach(s -> choices.add("files:" + s));
            }
            case CHOICE -> {
                choices.addAll(p.keywords());
                editable = false;
            }
            case INT -> {
                choices.addAll(p.keywords());
                if (!p.keywords().isEmpty()) {
                    for (int i = 0; i < Math.min(ctx.maxBlocks(), 8); i++) {
                        choices.add(String.valueOf(i));
                    }
                }
            }
            case U64 -> {
                choices.addAll(p.keywords());
                if (p.name().equals("token")) {
                    ctx.tokens().forEach(t -> choices.add(String.format("0x%x", t)));
                }
            }
            case STRING -> {
                if (p.name().equals("session") || p.name().equals("as")) {
                    if ("auto".equals(p.defaultValue())) {
                        choices.add("auto");
                    }
                    choices.addAll(ctx.sessions());
                }
            }
            default -> {
            }
        }
        Tooltip tip = new Tooltip(p.description() + "\naccepts: " + p.range()
                + (p.defaultValue() == null ? "" : "\ndefault: " + p.defaultValue()));
        if (choices.isEmpty()) {
            TextField tf = new TextField(initial);
            tf.setPromptText(p.range());
            tf.setTooltip(tip);
            tf.setPrefColumnCount(22);
            return new Control(p, tf, null);
        }
        ComboBox<String> cb = new ComboBox<>();
        cb.getItems().setAll(new ArrayList<>(new LinkedHashSet<>(choices)));
        cb.setEditable(editable);
        cb.setValue(initial);
        if (editable) {
            cb.getEditor().setText(initial);
        }
        cb.setMaxWidth(Double.MAX_VALUE);
        cb.setTooltip(tip);
        return new Control(p, null, cb);
    }
}

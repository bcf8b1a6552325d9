package luolab.ui.actions;

import java.util.List;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import luolab.ui.model.WorkbenchModel;

/**
 * The "Session" menu: create / preserve / close / kexec / retrieve / finish from the UI. Every
 * item asks for its arguments in a small dialog (which says that the steps after the current one
 * are dropped), refuses bad input there, and then runs through {@link SessionActions}.
 */
public final class SessionMenu {
    private final WorkbenchModel model;
    private final SessionActions actions;
    private final Menu menu = new Menu("_Session");

    public SessionMenu(WorkbenchModel model, SessionActions actions) {
        this.model = model;
        this.actions = actions;
        menu.setId("sessionMenu");
        menu.getItems().addAll(
                item("createSessionItem", "Create session…", this::createSession),
                item("preserveMemfdItem", "Preserve memfd…", () -> fileDialog("preserve_memfd", true)),
                item("preserveTestFileItem", "Preserve test file…", () -> fileDialog("preserve_test_file", false)),
                item("closeSessionItem", "Close session…", () -> sessionDialog("close")),
                new SeparatorMenuItem(),
                item("kexecItem", "Kexec", this::kexec),
                new SeparatorMenuItem(),
                item("retrieveSessionItem", "Retrieve session…", this::retrieveSession),
                item("retrieveFdItem", "Retrieve fd…", () -> fileDialog("retrieve_fd", false)),
                item("finishItem", "Finish session…", () -> sessionDialog("finish")));
        menu.setOnShowing(e -> menu.getItems().forEach(i -> i.setDisable(model.runProperty().get() == null
                || model.runProperty().get().json() == null || actions.running())));
    }

    /** Adds the menu before Help in the first MenuBar under {@code root}. */
    public static SessionMenu install(WorkbenchModel model, Parent root) {
        SessionMenu m = new SessionMenu(model, new SessionActions(model));
        MenuBar bar = find(root);
        if (bar != null) {
            int help = bar.getMenus().size();
            for (int i = 0; i < bar.getMenus().size(); i++) {
                if (bar.getMenus().get(i).getText().replace("_", "").equals("Help")) {
                    help = i;
                }
            }
            bar.getMenus().add(help, m.menu);
        }
        return m;
    }

    private static MenuBar find(Node n) {
        if (n instanceof MenuBar b) {
            return b;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                MenuBar b = find(c);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    public Menu menu() {
        return menu;
    }

    public SessionActions actions() {
        return actions;
    }

    private static MenuItem item(String id, String text, Runnable r) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        i.setOnAction(e -> r.run());
        return i;
    }

    // ---- dialogs -------------------------------------------------------------------------------

    private String where() {
        ScenarioEdit e = actions.edit();
        if (e == null) {
            return "";
        }
        if (!model.runProperty().get().traced()) {
            return "The step is added after the last scenario step (" + e.kept() + "): this run was made with the trace off, "
                    + "so its final state is where you are. The scenario then runs again from the start, with the trace off "
                    + "again if stepping through it still does not fit in the heap.";
        }
        return "The step is added after scenario step " + e.kept() + (e.dropped() == 0 ? "."
                : " (the current one); the " + e.dropped() + " step" + (e.dropped() == 1 ? "" : "s")
                        + " after it are dropped, as an editor's \"insert here\" would.")
                + " The scenario then runs again from the start.";
    }

    /** A dialog with {@code fields}; OK is refused while {@code check} returns a message. */
    private boolean ask(String title, String op, List<Node[]> fields, java.util.function.Supplier<String> check) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(title);
        d.setHeaderText(title + "  (" + op + ")");
        if (menu.getParentPopup() != null && menu.getParentPopup().getOwnerWindow() != null) {
            d.initOwner(menu.getParentPopup().getOwnerWindow());
        }
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        for (int r = 0; r < fields.size(); r++) {
            g.addRow(r, fields.get(r));
        }
        Label note = new Label(where());
        note.setWrapText(true);
        note.setMaxWidth(440);
        note.setId("sessionDialogNote");
        Label err = new Label();
        err.setId("sessionDialogError");
        err.setWrapText(true);
        err.setMaxWidth(440);
        err.setStyle("-fx-text-fill: #c0392b;");
        VBox box = new VBox(10, g, note, err);
        box.setPadding(new Insets(10));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            String why = check.get();
            if (why != null) {
                err.setText(why);
                e.consume();
            }
        });
        return d.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    private ComboBox<String> sessions() {
        ScenarioEdit e = actions.edit();
        ComboBox<String> c = new ComboBox<>(FXCollections.observableArrayList(e == null ? List.of() : e.sessionVars()));
        c.setId("sessionChoice");
        c.setEditable(true);
        if (!c.getItems().isEmpty()) {
            c.setValue(c.getItems().get(c.getItems().size() - 1));
        }
        c.setPrefWidth(220);
        return c;
    }

    private static String sessionValue(ComboBox<String> c) {
        String v = c.isEditable() ? c.getEditor().getText() : c.getValue();
        return v == null ? "" : v.trim();
    }

    private void createSession() {
        TextField name = new TextField();
        name.setId("sessionNameField");
        name.setPromptText("e.g. vm-guest");
        if (ask("Create session", "create_session", List.<Node[]>of(new Node[] {new Label("Name"), name}),
                () -> SessionActions.checkName(name.getText()))) {
            actions.createSession(name.getText(), r -> { });
        }
    }

    private void retrieveSession() {
        TextField name = new TextField();
        name.setId("sessionNameField");
        ScenarioEdit e = actions.edit();
        if (e != null && !e.afterKexec()) {
            name.setPromptText("only sessions from the previous kernel");
        }
        if (ask("Retrieve session", "retrieve_session", List.<Node[]>of(new Node[] {new Label("Name"), name}),
                () -> SessionActions.checkName(name.getText()))) {
            actions.retrieveSession(name.getText(), r -> { });
        }
    }

    private void fileDialog(String op, boolean content) {
        ComboBox<String> s = sessions();
        TextField token = new TextField();
        token.setId("tokenField");
        token.setPromptText("e.g. 0x100");
        TextArea text = new TextArea();
        text.setId("contentField");
        text.setPrefRowCount(3);
        text.setPrefColumnCount(30);
        List<Node[]> rows = new java.util.ArrayList<>();
        rows.add(new Node[] {new Label("Session"), s});
        rows.add(new Node[] {new Label("Token"), token});
        if (content) {
            rows.add(new Node[] {new Label("Content"), text});
        }
        String title = switch (op) {
            case "preserve_memfd" -> "Preserve memfd";
            case "preserve_test_file" -> "Preserve test file";
            default -> "Retrieve fd";
        };
        Function<Void, String> check = v -> sessionValue(s).isEmpty() ? "Pick a session (create or retrieve one first)."
                : SessionActions.parseToken(token.getText()) == null
                        ? "The token must be a number (decimal or 0x hex), not \"" + token.getText() + "\"." : null;
        if (ask(title, op, rows, () -> check.apply(null))) {
            switch (op) {
                case "preserve_memfd" -> actions.preserveMemfd(sessionValue(s), token.getText(), text.getText(), r -> { });
                case "preserve_test_file" -> actions.preserveTestFile(sessionValue(s), token.getText(), r -> { });
                default -> actions.retrieveFd(sessionValue(s), token.getText(), r -> { });
            }
        }
    }

    private void sessionDialog(String op) {
        ComboBox<String> s = sessions();
        String title = "close".equals(op) ? "Close session" : "Finish session";
        if (ask(title, op, List.<Node[]>of(new Node[] {new Label("Session"), s}),
                () -> sessionValue(s).isEmpty() ? "Pick a session." : null)) {
            if ("close".equals(op)) {
                actions.closeSession(sessionValue(s), r -> { });
            } else {
                actions.finish(sessionValue(s), r -> { });
            }
        }
    }

    private void kexec() {
        if (ask("Kexec", "kexec, then open_device in the new kernel", List.<Node[]>of(), () -> null)) {
            actions.kexec(r -> { });
        }
    }

    @SuppressWarnings("unused")
    private static void info(String s) {
        new Alert(Alert.AlertType.INFORMATION, s).showAndWait();
    }
}

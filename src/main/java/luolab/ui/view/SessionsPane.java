package luolab.ui.view;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.Callback;
import luolab.scenario.Values;
import luolab.ui.model.FinalSessions;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.SessionTable;
import luolab.ui.model.WorkbenchModel;

/**
 * The "Sessions" tab (sessions & files): a traced run's sessions and files as the kernels reported them up
 * to the current event ({@link SessionTable}); a run made with the trace off has no such events,
 * so it shows the sessions and files its last kernel ended with ({@link FinalSessions}), under a
 * caption that says so. Those rows were read on the worker that ran the scenario and are made only
 * as the table shows them: the tables get views, never a copy of a million files.
 */
final class SessionsPane {
    static final String NO_SESSION_YET = "No session has been created yet at this event.";
    static final String TRACE_OFF_SESSIONS = "This run was made with the trace off, so its sessions and files were not"
            + " recorded one by one. What was handed over is in the memory map and the Chains, FDT and"
            + " Radix tree tabs (read from memory).";

    /**
     * Every state a session or file row can be in ({@link SessionTable}, {@link FinalSessions}): the
     * state column is as wide as the longest, so it does not jump as the rows change state.
     */
    private static final List<String> SESSION_STATES = List.of("open", "closed", "serialized", "incoming", "retrieved",
            "finished", "failed");
    private static final List<String> FILE_STATES = List.of("preserved", "unpreserved", "frozen", "unfrozen", "incoming",
            "retrieved", "finished", "failed");

    private final WorkbenchModel model;
    private final TableView<SessionTable.Session> sessionTable = new TableView<>();
    private final TableView<SessionTable.File> fileTable = new TableView<>();
    /** The tables' own lists, which a traced run fills; a final state shows views instead. */
    private final ObservableList<SessionTable.Session> tracedSessions = sessionTable.getItems();
    private final ObservableList<SessionTable.File> tracedFiles = fileTable.getItems();
    private final Label sessionsPlaceholder = tablePlaceholder(NO_SESSION_YET);
    private final Label caption = new Label();
    /** The picked session's and file's errors, whole (the error column may cut them to "…"). */
    private final Label errorDetail = new Label();
    private final Label empty;
    private SessionTable sessions;
    private FinalSessions finalState;
    /**
     * The session the user picked, by boot and name: the table's own selection does not survive a
     * run switch (the old run is moved to position 0 first, where it has no row, and a re-run's rows
     * are new objects), so the pick is kept here and found again in whatever rows come next.
     */
    private Pick picked;
    /** Set while the rows are replaced, so the selection changes that makes are not taken for the user's. */
    private boolean replacing;

    /** A picked session: which boot's row, its name, and whether it came from the previous kernel. */
    record Pick(int boot, String name, boolean incoming) {
    }

    SessionsPane(WorkbenchModel model, StackPane pane) {
        this.model = model;
        sessionTable.setId("sessionTable");
        fileTable.setId("fileTable");
        // states, names, numbers, tokens and handlers are kept whole (their columns as wide as their
        // texts); the error column takes what is left and may still cut a long error in presenter
        // mode at 1280 px: its cells have the whole error as a tooltip and the picked rows' errors
        // are written out whole under the tables (errorDetail). The shared width goes to the columns
        // by their preferred widths, so the error column prefers the most.
        sessionTable.getColumns().add(col("boot", 46, s -> String.valueOf(s.boot), FitCell.whole(List.of())));
        sessionTable.getColumns().add(col("session", 100, s -> s.name, FitCell.whole(List.of())));
        sessionTable.getColumns().add(col("state", 90, s -> s.state, FitCell.whole(SESSION_STATES)));
        sessionTable.getColumns().add(col("files", 46, s -> String.valueOf(s.liveFiles()), FitCell.whole(List.of())));
        sessionTable.getColumns().add(col("error", 140, s -> s.error, ErrorCell.factory()));
        fileTable.getColumns().add(col("token", 70, f -> String.format("0x%x", f.token), FitCell.whole(List.of())));
        fileTable.getColumns().add(col("handler", 110, f -> f.compatible, FitCell.whole(List.of())));
        fileTable.getColumns().add(col("state", 90, f -> f.state, FitCell.whole(FILE_STATES)));
        fileTable.getColumns().add(col("error", 140, f -> f.error, ErrorCell.factory()));
        // wrapped: presenter mode's large type would cut them to "…" in a narrow pane
        sessionTable.setPlaceholder(sessionsPlaceholder);
        fileTable.setPlaceholder(tablePlaceholder("Pick a session to see its preserved files."));
        ColumnHeaderFit.install(sessionTable);
        ColumnHeaderFit.install(fileTable);
        // the columns share the pane's width: a narrow pane (presenter mode's large type at 1280 px)
        // otherwise hides the last column behind a horizontal scroll bar
        sessionTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        fileTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        sessionTable.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (!replacing) {
                picked = s == null ? null : new Pick(s.boot, s.name, s.incoming);
            }
            showFiles(s);
        });
        fileTable.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> showError());
        errorDetail.setId("sessionErrorDetail");
        errorDetail.getStyleClass().addAll("pane-subtitle", "error-detail");
        // wrapped, never "…": this is where a long error is read whole
        errorDetail.setWrapText(true);
        errorDetail.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        errorDetail.setMaxWidth(Double.MAX_VALUE);
        errorDetail.managedProperty().bind(errorDetail.visibleProperty());
        errorDetail.setVisible(false);
        SplitPane split = new SplitPane(sessionTable, fileTable);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        caption.setId("sessionsCaption");
        caption.getStyleClass().add("pane-subtitle");
        caption.managedProperty().bind(caption.visibleProperty());
        caption.setVisible(false);
        BorderPane content = new BorderPane();
        // one line and a "more" toggle: wrapped, a long caption took the tables' height in a narrow pane
        content.setTop(CompactCaption.of(caption));
        content.setCenter(split); // after the caption: Tab reaches its toggle before the tables, as drawn
        content.setBottom(errorDetail);
        empty = StructureController.placeholder("sessionsPlaceholder",
                "Sessions and their preserved files appear here when the scenario has run.");
        pane.getChildren().setAll(content, empty);
        content.visibleProperty().bind(empty.visibleProperty().not());
        model.runProperty().addListener((o, a, r) -> show(r));
        model.positionProperty().addListener((o, a, p) -> refresh());
    }

    TableView<SessionTable.Session> sessionTable() {
        return sessionTable;
    }

    TableView<SessionTable.File> fileTable() {
        return fileTable;
    }

    private static <T> TableColumn<T, String> col(String title, double w, Function<T, String> f,
            Callback<TableColumn<T, String>, TableCell<T, String>> cells) {
        TableColumn<T, String> c = new TableColumn<>(title);
        if (cells != null) {
            c.setCellFactory(cells);
        }
        c.setPrefWidth(w);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }

    private void show(LoadedRun r) {
        finalState = r == null || r.traced() ? null : r.finalSessions();
        sessions = r == null || finalState != null ? null : new SessionTable(r.events());
        empty.setVisible(r == null);
        caption.setVisible(finalState != null);
        caption.setText(finalState == null ? "" : caption(finalState));
        if (finalState != null) {
            sessionsPlaceholder.setText(noSessionAtTheEnd(finalState));
            replacing = true;
            try {
                // views: a row is made when the table shows it, a session's files when it is picked
                fileTable.setItems(tracedFiles);
                tracedSessions.clear();
                tracedFiles.clear();
                sessionTable.setItems(FXCollections.observableList(finalState.rows()));
                // a re-run (a Session command) keeps the session the user had picked, as a traced run does
                // by name: the last kernel's own row of it first, else the same session handed over (or back)
                int at = picked == null ? -1 : finalState.indexOf(picked.name(), picked.incoming());
                at = at >= 0 || picked == null ? at : finalState.indexOf(picked.name(), !picked.incoming());
                if (at >= 0) {
                    sessionTable.getSelectionModel().select(at);
                    sessionTable.scrollTo(Math.max(0, at - 2));
                }
            } finally {
                replacing = false;
            }
            showFiles(sessionTable.getSelectionModel().getSelectedItem());
            return;
        }
        // the table replays trace events; a trace-off run with no final state read has none to show
        sessionsPlaceholder.setText(r != null && !r.traced() ? TRACE_OFF_SESSIONS : NO_SESSION_YET);
        replacing = true;
        try {
            sessionTable.setItems(tracedSessions);
            fileTable.setItems(tracedFiles);
            if (sessions == null) {
                tracedSessions.clear();
                tracedFiles.clear();
                return;
            }
        } finally {
            replacing = false;
        }
        // always: the rows on show are the previous run's, and a new table at its first position (or
        // before its first session event) reports no change
        sessions.moveTo(model.positionProperty().get());
        showRows();
    }

    /** "Final state of boot 2 · trace off — …": what the rows are, and what they are not. */
    static String caption(FinalSessions f) {
        if (f.handedOver()) {
            return handedOverCaption(f);
        }
        return "Final state of boot " + f.boot() + (f.dead() ? " (the kernel " + f.deathWord() + ")" : "") + " · trace off — "
                + counts(f) + " as the last kernel holds them at the end of the run, not event by event. Closed sessions and"
                + " earlier boots were not recorded." + lastKexec(f);
    }

    /**
     * What the last kexec handed over, as the last kernel's first open deserialized it, when fewer
     * of those sessions are left in the rows: a trace-off run that retrieved, finished and closed
     * every incoming session (scale-1m-files) would otherwise say nothing of what it handed over.
     * "" when the rows show them all (or none came): the caption stays short, the tables need the room.
     */
    static String lastKexec(FinalSessions f) {
        long n = f.deserializedSessions();
        long left = f.incomingCount();
        if (n == 0 || left >= n) {
            return "";
        }
        return " Boot " + (f.boot() - 1) + " handed over " + sessionsAndFiles(n, f.deserializedFiles())
                + " (deserialized by the first open of /dev/liveupdate); "
                + (left == 0 ? "all were" : Values.count(n - left) + " were") + " retrieved, finished and closed by the end.";
    }

    private static String sessionsAndFiles(long sessions, long files) {
        return Values.count(sessions) + " session" + (sessions == 1 ? "" : "s") + " with " + Values.count(files) + " file"
                + (files == 1 ? "" : "s");
    }

    /**
     * A run that ends in a new kernel before its first open of /dev/liveupdate: the rows are the
     * handover's bytes, since LUO deserializes lazily (in that first luo_open()).
     */
    static String handedOverCaption(FinalSessions f) {
        String problem = f.handoverProblem();
        return "Final state of boot " + f.boot() + " · trace off — " + counts(f) + " handed over by boot " + f.handedOverBy()
                + ", not yet deserialized: the new kernel's LUO reads them on the first open of /dev/liveupdate, and"
                + " the run ends before one. Read from the handover bytes in memory, not event by event."
                + (problem == null ? "" : " The bytes are damaged (" + problem + "): listed is what could be read.");
    }

    private static String counts(FinalSessions f) {
        return Values.count(f.sessionCount()) + " session" + (f.sessionCount() == 1 ? "" : "s") + ", "
                + Values.count(f.fileCount()) + " file" + (f.fileCount() == 1 ? "" : "s");
    }

    static String noSessionAtTheEnd(FinalSessions f) {
        if (f.deserializedSessions() > 0) {
            return "The last kernel (boot " + f.boot() + ") holds no session at the end of this run: the "
                    + sessionsAndFiles(f.deserializedSessions(), f.deserializedFiles()) + " boot " + (f.boot() - 1)
                    + " handed over were all retrieved, finished and closed on the way. It was made with the trace off,"
                    + " so they were not recorded one by one.";
        }
        return "The last kernel (boot " + f.boot() + ") holds no session at the end of this run. It was made with the"
                + " trace off, so sessions closed or finished on the way were not recorded; what was handed over is in"
                + " the memory map and the Block chains, Handover and Radix tree tabs (read from memory).";
    }

    private void refresh() {
        if (sessions != null && sessions.moveTo(model.positionProperty().get())) {
            showRows();
        }
    }

    /**
     * The rows of {@link #sessions} where it stands, with the picked session picked again if it is
     * there: stepping back past its creation and forward again, or a re-run of the scenario, finds
     * it by name.
     */
    private void showRows() {
        List<SessionTable.Session> rows = sessions.sessions();
        replacing = true;
        try {
            tracedSessions.setAll(rows);
            SessionTable.Session again = find(rows, picked);
            if (again != null) {
                sessionTable.getSelectionModel().select(again);
            }
        } finally {
            replacing = false;
        }
        sessionTable.refresh();
        showFiles(sessionTable.getSelectionModel().getSelectedItem());
    }

    /**
     * {@code p}'s row: the same boot's session of that name, else the latest boot's (a re-run that
     * changed where the kexec is, or a final state that shows only the last kernel), else null.
     */
    static SessionTable.Session find(List<SessionTable.Session> rows, Pick p) {
        if (p == null) {
            return null;
        }
        SessionTable.Session byName = null;
        for (SessionTable.Session r : rows) {
            if (r.name.equals(p.name())) {
                if (r.boot == p.boot()) {
                    return r;
                }
                byName = byName == null || r.boot > byName.boot ? r : byName;
            }
        }
        return byName;
    }

    private void showFiles(SessionTable.Session s) {
        List<SessionTable.File> rows = s == null ? List.of() : s.fileRows();
        if (finalState != null) {
            fileTable.setItems(FXCollections.observableList(rows)); // a view: no copy of the session's files
        } else {
            tracedFiles.setAll(rows);
        }
        fileTable.refresh();
        showError();
    }

    /** Writes out the picked session's error and its picked file's, or hides the line when neither has one. */
    private void showError() {
        String text = errorText(sessionTable.getSelectionModel().getSelectedItem(), fileTable.getSelectionModel().getSelectedItem());
        errorDetail.setText(text);
        errorDetail.setVisible(!text.isEmpty());
    }

    /** "Session victim (boot 2): deserialize: -EINVAL", then the file's, one a line; "" when neither has an error. */
    static String errorText(SessionTable.Session s, SessionTable.File f) {
        List<String> lines = new java.util.ArrayList<>();
        if (s != null && s.error != null && !s.error.isEmpty()) {
            lines.add("Session " + s.name + " (boot " + s.boot + "): " + s.error);
        }
        if (f != null && f.error != null && !f.error.isEmpty()) {
            lines.add(String.format("File 0x%x (%s): %s", f.token, f.compatible, f.error));
        }
        return String.join("\n", lines);
    }

    private static Label tablePlaceholder(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        l.setPadding(new javafx.geometry.Insets(0, 12, 0, 12));
        l.setMaxWidth(Double.MAX_VALUE); // as wide as the table, so it wraps there
        l.setMinWidth(0);
        return l;
    }
}

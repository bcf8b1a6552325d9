package luolab.ui.corrupt;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import luolab.engine.Errno;
import luolab.engine.corrupt.Outcome;
import luolab.engine.corrupt.OutcomeKind;
import luolab.ui.model.WorkbenchModel;

/**
 * The restore summary: once the position is past the restore that follows the latest injection
 * (or the first kexec), what happened in the kernel's terms — the outcome (panic, errno at a step,
 * restored, silent damage …), the log line that explains it, and every session and file with its
 * fate (restored / damaged / lost), errno and reason. Classified by the corruption catalog's
 * {@link Outcome} on a separate run of the same scenario.
 */
public final class RestoreController {
    private final WorkbenchModel model;
    private final CorruptionSession session;
    @FXML private StackPane root;
    private final Label verdict = new Label();
    private final Label subtitle = new Label();
    private final Label reason = new Label();
    private final Label panic = new Label();
    private final Label counts = new Label();
    private final TableView<Row> fates = new TableView<>();
    private final Label pending = new Label();
    private final Button goButton = new Button("Go to the restore");
    private VBox content;
    private VBox waiting;
    private Runnable onShown = () -> { };
    private boolean announced;

    /** One row of the fate table: a session, or one of its files (indented). */
    public record Row(String what, Outcome.Fate fate, String errno, String step, String why, boolean file) {
    }

    public RestoreController(WorkbenchModel model) {
        this.model = model;
        this.session = CorruptionSession.of(model);
    }

    @FXML
    private void initialize() {
        verdict.setId("restoreVerdict");
        verdict.getStyleClass().add("restore-verdict");
        subtitle.setId("restoreSubtitle");
        subtitle.getStyleClass().add("restore-subtitle");
        subtitle.setWrapText(true);
        reason.setId("restoreReason");
        reason.getStyleClass().add("restore-reason");
        reason.setWrapText(true);
        panic.setId("restorePanic");
        panic.getStyleClass().add("restore-panic");
        panic.setWrapText(true);
        counts.setId("restoreCounts");
        counts.getStyleClass().add("restore-counts");
        buildTable();
        Label saidTitle = new Label("The kernel said");
        saidTitle.getStyleClass().add("restore-section");
        Label fatesTitle = new Label("Sessions and files");
        fatesTitle.getStyleClass().add("restore-section");
        HBox top = new HBox(14, verdict, counts);
        top.setAlignment(Pos.BASELINE_LEFT);
        for (Label l : List.of(subtitle, reason, panic)) {
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        // the whole kernel log is in the Kernel log tab next to this one; here: the line that explains it
        content = new VBox(4, top, subtitle, saidTitle, reason, panic, fatesTitle, fates);
        content.setPadding(new Insets(8, 12, 8, 12));
        VBox.setVgrow(fates, Priority.ALWAYS);
        content.setId("restoreContent");
        pending.setId("restorePending");
        pending.setWrapText(true);
        pending.getStyleClass().add("placeholder-message");
        goButton.setId("goToRestore");
        goButton.setOnAction(e -> {
            var r = session.restoreProperty().get();
            if (r != null) {
                model.goTo(r.restoreAt());
            }
        });
        waiting = new VBox(6, pending, goButton);
        waiting.setAlignment(Pos.CENTER);
        root.getChildren().setAll(content, waiting);
        session.restoreProperty().addListener((o, a, r) -> {
            announced = false;
            refresh();
        });
        session.classifyingProperty().addListener((o, a, b) -> refresh());
        model.positionProperty().addListener((o, a, p) -> refresh());
        refresh();
    }

    /** Called (once per summary) when the position first reaches the restore after an injection. */
    void setOnShown(Runnable r) {
        onShown = r;
    }

    public TableView<Row> fateTable() {
        return fates;
    }

    private void buildTable() {
        fates.setId("fateTable");
        fates.getColumns().add(col("session / file", 140, r -> (r.file() ? "    " : "") + r.what()));
        fates.getColumns().add(col("fate", 74, r -> r.fate().name().toLowerCase()));
        fates.getColumns().add(col("errno", 70, Row::errno));
        fates.getColumns().add(col("at", 190, Row::step));
        fates.getColumns().add(col("why (the kernel's log line)", 360, Row::why));
        fates.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        fates.setPlaceholder(new Label("Nothing was preserved before this kexec."));
        fates.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("fate-restored", "fate-damaged", "fate-lost");
                setTooltip(null);
                if (!empty && r != null) {
                    getStyleClass().add("fate-" + r.fate().name().toLowerCase());
                    if (r.why() != null && !r.why().isEmpty()) {
                        setTooltip(new Tooltip(r.why()));
                    }
                }
            }
        });
    }

    private static TableColumn<Row, String> col(String title, double w, java.util.function.Function<Row, String> f) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setSortable(false);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }

    private void refresh() {
        CorruptionSession.Restore r = session.restoreProperty().get();
        boolean reached = r != null && model.positionProperty().get() >= r.restoreAt();
        content.setVisible(reached);
        waiting.setVisible(!reached);
        goButton.setVisible(r != null && !reached);
        if (r == null) {
            pending.setText(session.classifyingProperty().get() ? "Working out what the next kernel will do …"
                    : session.scenario() == null ? "Open a scenario to see what the next kernel makes of the handover."
                    : "This scenario has no kexec after the current injection: no kernel reads these bytes.");
            return;
        }
        int step = r.summary().kexecStep() + 1;
        pending.setText("The next kernel has not booted yet at this event. The summary appears once the kexec at step "
                + step + " has jumped (event " + r.restoreAt() + ").");
        if (!reached) {
            return;
        }
        show(r);
        if (!announced && r.about() != null) {
            announced = true;
            onShown.run();
        }
    }

    private void show(CorruptionSession.Restore r) {
        CorruptRuns.Summary s = r.summary();
        Outcome o = s.outcome();
        verdict.getStyleClass().removeAll("restore-ok", "restore-bad", "restore-warn");
        if (o == null) {
            verdict.setText("kexec aborted: " + s.abortedBy());
            verdict.getStyleClass().add("restore-bad");
            subtitle.setText("liveupdate_reboot() failed; the old kernel keeps running.");
            reason.setText("");
            panic.setText("");
            fates.getItems().clear();
            reason.setText(s.problems().isEmpty() ? "" : s.problems().get(0).text());
            return;
        }
        verdict.setText(verdictText(o));
        verdict.getStyleClass().add(o.kind() == OutcomeKind.RESTORED ? "restore-ok"
                : o.kind() == OutcomeKind.SILENT_DAMAGE || o.kind() == OutcomeKind.FRESH_START
                        || o.kind() == OutcomeKind.KHO_DISABLED ? "restore-warn" : "restore-bad");
        counts.setText(String.format(java.util.Locale.ROOT, "sessions: %,d restored · %,d damaged · %,d lost    files: %,d restored · %,d damaged · %,d lost",
                o.count(Outcome.Fate.RESTORED), o.count(Outcome.Fate.DAMAGED), o.count(Outcome.Fate.LOST),
                o.fileCount(Outcome.Fate.RESTORED), o.fileCount(Outcome.Fate.DAMAGED), o.fileCount(Outcome.Fate.LOST)));
        String cause = r.about() == null ? "no injection" : "after injection #" + r.about().id() + ": "
                + (r.about().summary() == null ? r.about().command() : r.about().summary());
        subtitle.setText("Restore after the kexec at step " + (s.kexecStep() + 1) + " (boot #" + s.boot() + "), " + cause
                + ". Checked like the selftests: open /dev/liveupdate, retrieve, compare and finish every preserved session."
                + traceOffNote());
        reason.setText(o.reason() == null ? (o.kind() == OutcomeKind.RESTORED ? "nothing: no warning or error" : "—")
                : o.reason());
        panic.setText(o.kind() == OutcomeKind.PANIC ? "Kernel panic - not syncing: " + o.stopText()
                : o.kind() == OutcomeKind.HANG ? hangText(o.reason()) : "");
        panic.setManaged(o.kind() == OutcomeKind.PANIC || o.kind() == OutcomeKind.HANG);
        List<Row> rows = new ArrayList<>();
        // a panic carries its errno in the message ("… properly [-EINVAL] …"): every loss is that error
        String panicErrno = o.kind() == OutcomeKind.PANIC ? panicErr(o.stopText()).replaceAll("[\\[\\] ]", "") : "";
        for (Outcome.SessionFate sf : o.sessions()) {
            rows.add(new Row("'" + sf.name() + "'", sf.fate(), sf.errno() == 0 ? lostErr(sf.fate(), panicErrno)
                    : Errno.pe(sf.errno()), nz(sf.step()), nz(sf.reason()), false));
            for (Outcome.FileFate ff : sf.files()) {
                rows.add(new Row(String.format("token 0x%x", ff.token()), ff.fate(), ff.errno() == 0
                        ? lostErr(ff.fate(), panicErrno) : Errno.pe(ff.errno()), nz(ff.step()), nz(ff.reason()), true));
            }
        }
        fates.getItems().setAll(rows);
    }

    /** The summary is made by a run of its own; without a trace the restore itself cannot be shown. */
    private String traceOffNote() {
        var run = model.runProperty().get();
        return run == null || run.traced() ? "" : " The run shown was made with the trace off (" + run.traceOff()
                + "): the restore cannot be stepped through or animated, only this summary is available.";
    }

    /** "Kernel panic [-EINVAL]", "errno -EIO at open /dev/liveupdate", "Restored". */
    static String verdictText(Outcome o) {
        return switch (o.kind()) {
            case RESTORED -> "Restored: everything came back";
            case SILENT_DAMAGE -> "Silent damage: every call succeeded, content differs";
            case PANIC -> "Kernel panic" + panicErr(o.stopText());
            case HANG -> "Boot hangs: no panic, no kernel message";
            case ERRNO -> Errno.pe(o.errno()) + " at " + o.step();
            case OOPS -> "Oops (" + Errno.pe(o.errno()) + ") at " + o.step();
            case KHO_DISABLED -> "KHO revival disabled: booted like a cold boot";
            case FRESH_START -> "Fresh start: no LUO state handed over";
            default -> o.kind().label();
        };
    }

    /** The line under the verdict of a hang: the kernel printed nothing, so the lab says where it hangs. */
    static String hangText(String why) {
        return "The kernel hangs here without a message (not a panic; nothing runs after it): " + why;
    }

    private static String panicErr(String msg) {
        if (msg == null) {
            return "";
        }
        int i = msg.lastIndexOf('[');
        int j = msg.lastIndexOf(']');
        return i >= 0 && j > i ? " " + msg.substring(i, j + 1) : "";
    }

    private static String lostErr(Outcome.Fate f, String panicErrno) {
        return f == Outcome.Fate.LOST ? panicErrno : "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

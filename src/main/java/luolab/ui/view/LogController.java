package luolab.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.TraceEvent;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.WorkbenchModel;

/**
 * dmesg up to the current event. The run's log lines are indexed once; moving through history only
 * adds or removes lines at the end of the list, so a long log costs nothing per step.
 */
public final class LogController {
    private final WorkbenchModel model;
    @FXML private ListView<KernelLog.Line> lines;
    @FXML private javafx.scene.control.Label legend;
    private final ObservableList<KernelLog.Line> shown = FXCollections.observableArrayList();
    private final List<KernelLog.Line> all = new ArrayList<>();
    private int[] eventIndex = new int[0];
    /** The header under the log: how to tell the lab's notes from kernel output. */
    static final String LEGEND = KernelLog.NOTE_TAG + " lines (dim, italic) are the lab's annotations — not printed by the kernel";
    static final String NO_MESSAGES = "No kernel messages yet.";
    static final String TRACE_OFF = "This run was made with the trace off: its kernel messages were not recorded"
            + " (`luolab run` on the command line prints them).";
    private final javafx.scene.control.Label placeholder = new javafx.scene.control.Label(NO_MESSAGES);

    public LogController(WorkbenchModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        lines.setItems(shown);
        if (legend != null) {
            legend.setText(LEGEND);
        }
        javafx.scene.control.Tooltip noteTip = new javafx.scene.control.Tooltip(KernelLog.NOTE_HINT);
        placeholder.setWrapText(true);
        lines.setPlaceholder(placeholder);
        lines.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(KernelLog.Line l, boolean empty) {
                super.updateItem(l, empty);
                getStyleClass().removeAll("log-error", "log-warn", "log-note");
                setTooltip(null);
                if (empty || l == null) {
                    setText(null);
                    return;
                }
                setText(l.toString());
                if (l.isNote()) {
                    getStyleClass().add("log-note");
                    setTooltip(noteTip);
                } else if (l.level().compareTo(KernelLog.Level.ERR) <= 0) {
                    getStyleClass().add("log-error");
                } else if (l.level() == KernelLog.Level.WARNING) {
                    getStyleClass().add("log-warn");
                }
            }
        });
        model.runProperty().addListener((o, a, b) -> index(b));
        model.positionProperty().addListener((o, a, b) -> show(b.intValue()));
        index(model.runProperty().get());
    }

    private void index(LoadedRun run) {
        // messages come from trace events: a trace-off run recorded none (`luolab run` prints them)
        placeholder.setText(run != null && !run.traced() ? TRACE_OFF : NO_MESSAGES);
        all.clear();
        shown.clear();
        List<Integer> idx = new ArrayList<>();
        if (run != null) {
            List<TraceEvent> ev = run.events();
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i) instanceof TraceEvent.Log l) {
                    all.add(l.line());
                    idx.add(i);
                }
            }
        }
        eventIndex = idx.stream().mapToInt(Integer::intValue).toArray();
        show(model.positionProperty().get());
    }

    /** Shows lines whose event index is below {@code position}. */
    private void show(int position) {
        int lo = 0;
        int hi = eventIndex.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (eventIndex[mid] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int n = lo;
        if (n > shown.size()) {
            shown.addAll(all.subList(shown.size(), n));
        } else if (n < shown.size()) {
            shown.remove(n, shown.size());
        } else {
            return;
        }
        if (n > 0) {
            lines.scrollTo(n - 1);
        }
    }
}

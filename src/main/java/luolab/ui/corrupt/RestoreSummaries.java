package luolab.ui.corrupt;

import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import luolab.engine.corrupt.Stage;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.Op;
import luolab.scenario.Scenario;
import luolab.ui.model.Background;
import luolab.ui.model.LoadedRun;

/**
 * The restore summary of {@link CorruptionSession}, worked out in the background: a separate run
 * of the scenario with the trace off up to the restore after the latest injection (or the first
 * kexec), classified by {@link CorruptRuns#classify}. It needs no trace of the run shown, so a
 * trace-off run gets its summary too (shown at once: there is no event to wait for). Split from
 * the session, which edits and re-runs the scenario; lives on the FX thread.
 */
final class RestoreSummaries {
    private static final Background CLASSIFIER = Background.oneThread("luolab-restore-summary", Thread.MIN_PRIORITY);

    private final ReadOnlyObjectWrapper<CorruptionSession.Restore> restore = new ReadOnlyObjectWrapper<>(this, "restore");
    private final ReadOnlyBooleanWrapper classifying = new ReadOnlyBooleanWrapper(this, "classifying");
    /** The classification under way: a newer one, or {@link #clear()}, drops it. */
    private final Background.Latest classification = new Background.Latest(CLASSIFIER);

    ReadOnlyObjectProperty<CorruptionSession.Restore> restoreProperty() {
        return restore.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty classifyingProperty() {
        return classifying.getReadOnlyProperty();
    }

    /** No summary (nobody asked, or nothing to classify); a classification under way is dropped. */
    void clear() {
        classification.cancel();
        restore.set(null);
        classifying.set(false);
    }

    /**
     * Classifies the restore after {@code last} (null: the first kexec) in {@code sc}, whose run on
     * show is {@code run}; {@code lastStage} is the stage {@code last} was made in.
     */
    void classify(Scenario sc, LoadedRun run, Injection last, Stage lastStage) {
        clear();
        int kexec;
        int lastStep;
        int restoreAt;
        List<TraceEvent> ev = run.events();
        if (last != null && !last.handover() && lastStage == Stage.INCOMING) {
            kexec = Placement.lastKexecBefore(sc, last.index());
            lastStep = last.index();
            int open = firstOpenAfter(sc, last.index());
            restoreAt = stepEnd(ev, open >= 0 ? open : last.index());
        } else {
            kexec = Placement.kexecAt(sc, last == null ? 0 : last.index());
            lastStep = kexec;
            restoreAt = stepEnd(ev, kexec);
        }
        if (kexec < 0) {
            return;
        }
        classifying.set(true);
        classification.run(cancelled -> CorruptRuns.classify(sc, kexec, lastStep, cancelled), s -> {
            classifying.set(false);
            restore.set(s == null ? null : new CorruptionSession.Restore(s, restoreAt, last));
        }, f -> {
            // a second machine next to the one shown: on a big scenario in a small heap it may not fit
            System.err.println("LUO Lab: restore summary failed: " + f.cause());
            classifying.set(false);
            restore.set(null);
        });
    }

    private static int firstOpenAfter(Scenario sc, int from) {
        for (int i = from + 1; i < sc.steps().size(); i++) {
            Op a = sc.steps().get(i).action();
            if (a instanceof Op.OpenDevice || a instanceof Op.Open) {
                return i;
            }
        }
        return -1;
    }

    /** Index just after the last event of top-level step {@code step} (the run's end if it never ran; 0 without a trace). */
    static int stepEnd(List<TraceEvent> ev, int step) {
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.StepMark m && m.step() == step) {
                int end = i + 1;
                while (end < ev.size() && !(ev.get(end) instanceof TraceEvent.StepMark)) {
                    end++;
                }
                return end;
            }
        }
        return ev.size();
    }
}

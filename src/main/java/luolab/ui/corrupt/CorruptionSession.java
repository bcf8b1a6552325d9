package luolab.ui.corrupt;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.Stage;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.Scenario;
import luolab.ui.event.SelectRange;
import luolab.ui.event.UserError;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ScenarioException;
import luolab.ui.model.ShowRequest;
import luolab.ui.model.WorkbenchModel;

/**
 * The workbench's injections (FX thread). An injection made at the current position inserts a
 * {@code corrupt} step into the scenario text where {@link Placement} says, re-runs the scenario
 * deterministically on the engine thread and shows the new run at the point right after the
 * writes; undoing removes that step and re-runs. The scenario text (with the steps) is what File →
 * Save writes. After each run the restore that follows the latest injection is classified in the
 * background ({@link RestoreSummaries}).
 */
public final class CorruptionSession {
    /**
     * Weak both ways: a session refers to its model, so a strong value would keep every model (and
     * its run, trace and memory) reachable for ever. The model keeps its session alive through the
     * listeners the session registers on it.
     */
    private static final Map<WorkbenchModel, WeakReference<CorruptionSession>> SESSIONS = new WeakHashMap<>();

    /** The restore summary and where in the current run it becomes true (the next kernel has booted). */
    public record Restore(CorruptRuns.Summary summary, int restoreAt, Injection about) {
    }

    private final WorkbenchModel model;
    private final ObservableList<Injection> injections = FXCollections.observableArrayList();
    private final ObservableList<Injection> readOnly = FXCollections.unmodifiableObservableList(injections);
    private final ReadOnlyObjectWrapper<CorruptRuns.Applied> lastApplied = new ReadOnlyObjectWrapper<>(this, "lastApplied");
    private final ReadOnlyObjectWrapper<Injection> lastInjection = new ReadOnlyObjectWrapper<>(this, "lastInjection");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");
    private final RestoreSummaries summaries = new RestoreSummaries();
    private final Map<Integer, Stage> stages = new HashMap<>();

    private Path source;
    private String base;
    private Scenario scenario;
    private CorruptRuns.Result current;
    private LoadedRun ours;
    private int nextId = 1;
    /** A re-run is under way: another change now would be computed from stale injections. */
    private boolean pending;
    /** Someone looks at the restore summary (or there are injections): worth a second run. */
    private boolean summaryWanted;

    private CorruptionSession(WorkbenchModel model) {
        this.model = model;
        model.runProperty().addListener((o, a, r) -> runChanged(r));
        runChanged(model.runProperty().get());
    }

    /** The one session of {@code model}. */
    public static synchronized CorruptionSession of(WorkbenchModel model) {
        WeakReference<CorruptionSession> ref = SESSIONS.get(model);
        CorruptionSession s = ref == null ? null : ref.get();
        if (s == null) {
            s = new CorruptionSession(model);
            SESSIONS.put(model, new WeakReference<>(s));
        }
        return s;
    }

    public WorkbenchModel model() {
        return model;
    }

    public ObservableList<Injection> injections() {
        return readOnly;
    }

    public ReadOnlyObjectProperty<CorruptRuns.Applied> lastAppliedProperty() {
        return lastApplied.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Injection> lastInjectionProperty() {
        return lastInjection.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Restore> restoreProperty() {
        return summaries.restoreProperty();
    }

    /** False when the loaded run has no scenario text (built in code): nothing to insert steps into. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty classifyingProperty() {
        return summaries.classifyingProperty();
    }

    /** The scenario of the run shown (null without one). */
    public Scenario scenario() {
        return scenario;
    }

    /** The effect of {@code i} in the run shown (null if unknown). */
    public CorruptRuns.Applied applied(Injection i) {
        return current == null || i == null ? null : current.at(i.index());
    }

    /** The stage the bytes were in when {@code i} was made. */
    public Stage stageOf(Injection i) {
        return stages.get(i.id());
    }

    /** Where an injection made now would go; null when no scenario is shown. */
    public Placement placement() {
        LoadedRun r = model.runProperty().get();
        if (r == null || scenario == null) {
            return null;
        }
        // a trace-off run shows its final state: there is no event to pick, the step goes after the last one
        return r.traced() ? Placement.at(scenario, r.events(), model.target())
                : Placement.atEnd(scenario, r.finalSessions() != null && r.finalSessions().panicked(),
                        r.finalSessions() != null && r.finalSessions().hung());
    }

    // ---- commands -----------------------------------------------------------------------------------

    /**
     * Injects {@code injector} with {@code params} at the current position; {@code at} null picks
     * "now" when the injector runs at this stage, else "handover" when a kexec follows. Problems
     * become an error dialog; nothing changes then.
     */
    public void inject(String injector, Map<String, String> params, String at, String summary, String origin) {
        Injector inj = Catalog.byName(injector);
        if (!checkAvailable() || inj == null || busy()) {
            return;
        }
        Placement pl = placement();
        String when = at == null ? pl.defaultAt(inj) : at;
        if (when == null || (Injection.NOW.equals(when) && !pl.canRunNow(inj)) || (Injection.HANDOVER.equals(when)
                && !pl.inHandover() && !pl.canDefer(inj))) {
            model.bus().publish(new UserError("Cannot inject " + injector + " here", pl.whyNot(inj) + traceOffNote()));
            return;
        }
        int index = pl.index();
        Injection ni = new Injection(nextId++, injector, params, when, index, summary, origin);
        List<Injection> next = new ArrayList<>();
        for (Injection i : injections) {
            next.add(i.index() >= index ? i.withIndex(i.index() + 1) : i);
        }
        next.add(ni);
        Stage stage = Injection.HANDOVER.equals(when) ? Stage.HANDOVER : pl.stage();
        String text = ScenarioText.with(base, next);
        model.setStatus("Injecting " + ni.command() + " …");
        rerun("Cannot inject " + injector, text, res -> {
            CorruptRuns.Applied ap = res.at(index);
            if (ap == null || !ap.ok()) {
                model.setStatus("Not injected: " + injector);
                model.bus().publish(new UserError("Nothing was written: " + injector,
                        (ap == null ? "The step did not run." : ap.error()) + "\n\nThe scenario is unchanged."));
                return;
            }
            stages.put(ni.id(), stage);
            show(res, next, ap.end());
            lastInjection.set(ni);
            lastApplied.set(ap);
            if (!ap.rows().isEmpty()) {
                var row = ap.rows().get(0);
                model.select(new SelectRange(row.pa(), row.length()));
            }
            model.setStatus("Injected " + (summary == null ? ni.command() : summary) + " — " + ap.rows().size() + " write"
                    + (ap.rows().size() == 1 ? "" : "s") + "; step " + (index + 1) + " of the scenario"
                    + (ni.handover() ? " (written right before the jump)" : "") + finalStateOnly(res));
        });
    }

    /**
     * Re-runs {@code text} on the engine thread as the latest request to show a run, guarded like an
     * opened file (trace off when a FULL trace would not fit, heap watchdog, progress and Cancel in the
     * status bar: {@link WorkbenchModel#rerun}); {@code then} gets the result unless something else
     * was asked for meanwhile. A failure or a cancel changes nothing.
     */
    private void rerun(String what, String text, java.util.function.Consumer<CorruptRuns.Result> then) {
        Path src = source;
        String name = "the re-run of " + (ours != null ? ours.title() : scenario != null ? scenario.name() : "the scenario");
        pending = true;
        ShowRequest request = model.requestShow();
        model.rerun(what, name, request, (runner, progress, cancelled) -> CorruptRuns.run(src, text, runner, progress, cancelled),
                res -> {
                    pending = false;
                    if (!request.superseded()) { // else the user asked for something else meanwhile (a file, a lesson …)
                        then.accept(res);
                    }
                }, why -> pending = false);
    }

    /** " — final state only (trace off: …)" after a status line when the run shown has no trace, else "". */
    private static String finalStateOnly(CorruptRuns.Result res) {
        LoadedRun l = res.loaded();
        return l.traced() ? "" : " — final state only (trace off: " + l.traceOff() + ")";
    }

    /** For an error about where an injection goes: why there is no position to choose in a trace-off run. */
    private String traceOffNote() {
        LoadedRun r = model.runProperty().get();
        return r == null || r.traced() ? "" : "\n\nThis run was made with the trace off (" + r.traceOff() + "): only its final "
                + "state is shown, so an injection goes after the last step of the scenario.";
    }

    private boolean busy() {
        if (pending) {
            model.setStatus("Still re-running the scenario for the last change — try again in a moment");
        }
        return pending;
    }

    /** Removes the most recent injection. */
    public void undoLast() {
        injections.stream().max(Comparator.comparingInt(Injection::id)).ifPresentOrElse(this::undo,
                () -> model.setStatus("No injection to undo"));
    }

    /** Removes {@code gone}'s step and re-runs; the stepper stays where it was, minus the removed events. */
    public void undo(Injection gone) {
        if (!injections.contains(gone) || current == null || busy()) {
            return;
        }
        List<Injection> next = new ArrayList<>();
        for (Injection i : injections) {
            if (i.id() != gone.id()) {
                next.add(i.index() > gone.index() ? i.withIndex(i.index() - 1) : i);
            }
        }
        String text = ScenarioText.with(base, next);
        CorruptRuns.Result old = current;
        int p = model.target();
        model.setStatus("Removing " + gone.command() + " …");
        rerun("Cannot undo " + gone.injector(), text, res -> {
            stages.remove(gone.id());
            show(res, next, mapAfterRemoval(old, res, gone, p));
            Injection latest = next.stream().max(Comparator.comparingInt(Injection::id)).orElse(null);
            lastInjection.set(latest);
            lastApplied.set(latest == null ? null : res.at(latest.index()));
            model.setStatus("Removed " + (gone.summary() == null ? gone.command() : gone.summary()) + finalStateOnly(res));
        });
    }

    /** Removes every injection (the scenario as it was opened). */
    public void undoAll() {
        if (injections.isEmpty() || current == null || busy()) {
            return;
        }
        rerun("Cannot undo", base, res -> {
            stages.clear();
            show(res, List.of(), Math.min(model.target(), res.loaded().events().size()));
            lastInjection.set(null);
            lastApplied.set(null);
            model.setStatus("Removed every injection" + finalStateOnly(res));
        });
    }

    private void show(CorruptRuns.Result res, List<Injection> next, int position) {
        injections.setAll(next);
        current = res;
        scenario = res.scenario();
        ours = res.loaded();
        var sel = model.selectionProperty().get();
        model.load(res.loaded(), position);
        if (sel != null && sel.pa() >= 0) {
            model.select(sel);
        }
        classify();
    }

    /** The old position {@code p} in the run without {@code gone}'s step. */
    static int mapAfterRemoval(CorruptRuns.Result old, CorruptRuns.Result now, Injection gone, int p) {
        CorruptRuns.Applied ap = old.at(gone.index());
        List<TraceEvent> ov = old.loaded().events();
        List<TraceEvent> nv = now.loaded().events();
        if (ap == null || !old.loaded().traced() || !now.loaded().traced()) {
            // no trace on one side: no event to map (a trace-off run is shown at 0, its final state)
            return Math.min(p, nv.size());
        }
        if (p <= ap.mark()) {
            return p; // the two runs are the same up to here
        }
        if (ap.end() < 0 || p <= ap.end()) {
            return Math.min(nv.size(), gone.handover() && ap.start() > 0 ? ap.start() - 1 : ap.mark());
        }
        int mark = -1;
        int step = -1;
        for (int i = p - 1; i >= 0; i--) {
            if (ov.get(i) instanceof TraceEvent.StepMark m) {
                mark = i;
                step = m.step();
                break;
            }
        }
        int target = step > gone.index() ? step - 1 : step;
        for (int i = 0; i < nv.size(); i++) {
            if (nv.get(i) instanceof TraceEvent.StepMark m && m.step() == target) {
                int end = i + 1;
                while (end < nv.size() && !(nv.get(end) instanceof TraceEvent.StepMark)) {
                    end++;
                }
                return Math.min(end, i + (p - mark));
            }
        }
        return Math.min(p, nv.size());
    }

    private boolean checkAvailable() {
        if (!available.get() || placement() == null) {
            model.bus().publish(new UserError("Nothing to corrupt", model.runProperty().get() == null
                    ? "Open a scenario first (File → Open)."
                    : "This run was not made from a scenario file, so there is no scenario to add a corrupt step to. "
                            + "Open a scenario (File → Open)."));
            return false;
        }
        return true;
    }

    // ---- runs loaded from outside, and the restore summary -------------------------------------------

    private void runChanged(LoadedRun r) {
        if (r != null && r == ours) {
            return;
        }
        ours = null;
        current = null;
        injections.clear();
        stages.clear();
        lastApplied.set(null);
        lastInjection.set(null);
        source = r == null ? null : r.source();
        base = r == null ? null : r.json();
        scenario = null;
        if (base != null) {
            try {
                scenario = CorruptRuns.parse(source, base);
            } catch (ScenarioException e) {
                scenario = null;
            }
        }
        available.set(scenario != null);
        classify();
    }

    /** The restore summary is being looked at: classify the run shown if that has not been done. */
    public void wantSummary() {
        if (!summaryWanted) {
            summaryWanted = true;
            classify();
        }
    }

    /** Classifies, in the background, the restore after the latest injection (or the first kexec without one). */
    private void classify() {
        Scenario sc = scenario;
        LoadedRun run = model.runProperty().get();
        if ((injections.isEmpty() && !summaryWanted) || sc == null || run == null) {
            summaries.clear(); // nobody asked (spare a second run of every scenario opened), or nothing to classify
            return;
        }
        Injection last = injections.stream().max(Comparator.comparingInt(Injection::id)).orElse(null);
        summaries.classify(sc, run, last, last == null ? null : stages.get(last.id()));
    }
}

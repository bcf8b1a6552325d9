package luolab.ui.actions;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.StepOutcome;
import luolab.ui.event.UserError;
import luolab.ui.model.GuardedRunner;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.RunTexts;
import luolab.ui.model.ShowRequest;
import luolab.ui.model.WorkbenchModel;

/**
 * The Session menu's commands: each one appends a scenario step (create_session, preserve_memfd,
 * preserve_test_file, close, kexec, open_device, retrieve_session, retrieve_fd, finish) to the
 * loaded scenario at the current step (dropping the steps after it), re-runs the edited scenario on
 * a fresh machine (on the engine thread, guarded and with progress and Cancel like an opened file:
 * {@link WorkbenchModel#rerun}) and shows the end of the new step. On a run made with the trace off
 * the steps are added after the last one (its final state is what is shown) and the re-run shows
 * its final state too, unless its FULL trace now fits. A failing step is reported with its errno,
 * never thrown. Validation of the user's input is in {@link #checkName} / {@link #parseToken}.
 */
public final class SessionActions {
    /** Outcome of one command: the new step's outcome (null if the run never reached it) or why it did not run. */
    public record Result(boolean ok, String message, StepOutcome outcome) {
    }

    private final WorkbenchModel model;
    private boolean running;

    public SessionActions(WorkbenchModel model) {
        this.model = model;
    }

    // ---- validation ----------------------------------------------------------------------------

    /** Null when {@code name} is a valid session name, else why not. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            return "A session name must not be empty.";
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 64) {
            return "A session name must be shorter than 64 bytes (LIVEUPDATE_SESSION_NAME_LENGTH, with its NUL).";
        }
        return null;
    }

    /** The token as a number (decimal or 0x hex), or null when {@code text} is not a number. */
    public static Long parseToken(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return t.length() > 2 ? Long.parseUnsignedLong(t.substring(2), 16) : null;
            }
            return t.isEmpty() ? null : Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The edit that a command issued now would make (for the dialogs' choices and the "drops N steps" note). */
    public ScenarioEdit edit() {
        LoadedRun r = model.runProperty().get();
        if (r == null || r.json() == null) {
            return null;
        }
        // a trace-off run shows its final state: position 0 is not "before the first step" there
        return r.traced() ? ScenarioEdit.at(r.json(), r.events(), model.positionProperty().get()) : ScenarioEdit.atEnd(r.json());
    }

    // ---- commands ------------------------------------------------------------------------------

    public void createSession(String name, Consumer<Result> done) {
        sessionByName("create_session", name, done);
    }

    public void preserveMemfd(String session, String token, String content, Consumer<Result> done) {
        fileStep("preserve_memfd", session, token, s -> s.addProperty("content", content == null ? "" : content), done);
    }

    public void preserveTestFile(String session, String token, Consumer<Result> done) {
        fileStep("preserve_test_file", session, token, s -> { }, done);
    }

    /** Closes a session fd: before a kexec this unpreserves its files. */
    public void closeSession(String session, Consumer<Result> done) {
        simple("close", "fd", session, done);
    }

    public void kexec(Consumer<Result> done) {
        ScenarioEdit e = edit();
        if (e == null) {
            done.accept(noScenario());
            return;
        }
        // the new kernel's userspace opens /dev/liveupdate at once: that first open deserializes the
        // incoming sessions, so they show up (the demo does the same)
        JsonObject dev = step("open_device");
        dev.addProperty("as", "dev");
        apply(e, List.of(step("kexec"), dev), done);
    }

    public void retrieveSession(String name, Consumer<Result> done) {
        sessionByName("retrieve_session", name, done);
    }

    /** CREATE_SESSION / RETRIEVE_SESSION: a checked name, a fresh fd variable, the device opened if needed. */
    private void sessionByName(String op, String name, Consumer<Result> done) {
        String bad = checkName(name);
        if (bad != null) {
            done.accept(new Result(false, bad, null));
            return;
        }
        ScenarioEdit e = edit();
        if (e == null) {
            done.accept(noScenario());
            return;
        }
        JsonObject s = step(op);
        s.addProperty("name", name);
        s.addProperty("as", e.freshVar(name));
        apply(e, withDevice(e, s), done);
    }

    public void retrieveFd(String session, String token, Consumer<Result> done) {
        fileStep("retrieve_fd", session, token, s -> { }, done);
    }

    public void finish(String session, Consumer<Result> done) {
        simple("finish", "session", session, done);
    }

    private void simple(String op, String key, String session, Consumer<Result> done) {
        ScenarioEdit e = edit();
        if (e == null) {
            done.accept(noScenario());
            return;
        }
        if (session == null || session.isEmpty()) {
            done.accept(new Result(false, "Pick a session.", null));
            return;
        }
        JsonObject s = step(op);
        s.addProperty(key, session);
        apply(e, List.of(s), done);
    }

    private void fileStep(String op, String session, String token, Consumer<JsonObject> extra, Consumer<Result> done) {
        Long t = parseToken(token);
        if (t == null) {
            done.accept(new Result(false, "The token must be a number (decimal or 0x hex), not \"" + token + "\".", null));
            return;
        }
        ScenarioEdit e = edit();
        if (e == null) {
            done.accept(noScenario());
            return;
        }
        if (session == null || session.isEmpty()) {
            done.accept(new Result(false, "Pick a session.", null));
            return;
        }
        JsonObject s = step(op);
        s.addProperty("session", session);
        s.addProperty("token", "0x" + Long.toHexString(t));
        extra.accept(s);
        if ("retrieve_fd".equals(op)) {
            s.addProperty("as", e.freshVar(session + "_" + Long.toHexString(t)));
        }
        apply(e, List.of(s), done);
    }

    private static List<JsonObject> withDevice(ScenarioEdit e, JsonObject s) {
        List<JsonObject> out = new ArrayList<>();
        if (!e.deviceOpen()) {
            JsonObject d = step("open_device");
            d.addProperty("as", "dev");
            out.add(d);
        }
        out.add(s);
        return out;
    }

    private static JsonObject step(String op) {
        JsonObject s = new JsonObject();
        s.addProperty("op", op);
        return s;
    }

    private static Result noScenario() {
        return new Result(false, "Open a scenario first: session commands are steps added to it.", null);
    }

    /** Whether a re-run is under way (commands are refused meanwhile). */
    public boolean running() {
        return running;
    }

    private void apply(ScenarioEdit e, List<JsonObject> added, Consumer<Result> done) {
        if (running) {
            done.accept(new Result(false, "Another session command is still running.", null));
            return;
        }
        LoadedRun old = model.runProperty().get();
        String json = e.with(added);
        int newIndex = e.kept() + added.size(); // 1-based number of the last new step
        running = true;
        ShowRequest request = model.requestShow();
        model.pause();
        model.setStatus("Re-running " + old.title() + " with " + added.size() + " new step" + (added.size() == 1 ? "" : "s") + " …");
        // guarded like an opened file: on scale-1m-files a FULL trace is ~9 M events, so the re-run
        // may go trace-off; progress and Cancel are the status bar's; a failure is a dialog (rerun)
        model.rerun("Session command", "the re-run of " + old.title(), request, (runner, progress, cancelled) -> {
            String file = old.source() == null ? "edited.json" : old.source().getFileName().toString();
            Scenario s;
            try {
                s = new ScenarioParser().parse(file, json);
            } catch (luolab.scenario.ScenarioException ex) {
                return new Rerun(null, new Result(false, "The edited scenario is not valid: " + ex.getMessage(), null));
            }
            GuardedRunner.Run g = runner.run(new ScenarioRunner(), s, progress, cancelled);
            RunResult r = g.result();
            StepOutcome out = r.outcomes().stream().filter(o -> String.valueOf(newIndex).equals(o.path()))
                    .reduce((x, y) -> y).orElse(null);
            String summary = s.name() + " — " + g.traceText() + ", " + RunTexts.outcome(r.summary()) + " (edited)";
            LoadedRun run = g.loaded(s.name(), old.source(), json, summary);
            return new Rerun(run, result(out));
        }, rerun -> {
            running = false;
            if (request.superseded()) {
                // the user asked for something else meanwhile (opened a scenario, a lesson …): that wins
                done.accept(dropped());
                return;
            }
            LoadedRun shown = rerun.run();
            Result fin = rerun.result();
            if (shown != null) {
                model.load(shown, endOfStep(shown, newIndex)); // the end of the new step
            }
            // a trace-off run has no events to show the step by: the status says why only the final state is shown
            model.setStatus(fin.message() + (shown == null || shown.traced() ? "" : " — " + shown.summary()));
            if (!fin.ok()) {
                model.bus().publish(new UserError("Session command", fin.message()));
            }
            done.accept(fin);
        }, why -> {
            running = false;
            // the model said it already: a dialog for an error, the status line for a cancel, nothing if superseded
            done.accept(request.superseded() ? dropped() : new Result(false, why, null));
        });
    }

    /** What the re-run made: the run to show (null if it never ran) and the command's result. */
    private record Rerun(LoadedRun run, Result result) {
    }

    private static Result dropped() {
        return new Result(false, "Dropped: something else was opened while the command re-ran the scenario.", null);
    }

    /** The command's result from the new step's outcome (null: the run never reached it). */
    private static Result result(StepOutcome out) {
        if (out == null) {
            return new Result(false, "The run stopped before the new step (a kernel panic or an earlier failure).", null);
        }
        if (!out.ok()) {
            return new Result(false, "Step " + out.path() + " (" + out.op() + ") failed: "
                    + (out.result() != null ? out.resultText() : "") + (out.message() == null ? "" : " — " + out.message()), out);
        }
        return new Result(true, "Step " + out.path() + " (" + out.description() + ")"
                + (out.result() != null ? " returned " + out.resultText() : " done"), out);
    }

    /** The event just before the step mark after top-level step {@code n} (the end of the run if none). */
    static int endOfStep(LoadedRun r, int n) {
        var ev = r.events();
        int after = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof luolab.engine.trace.TraceEvent.StepMark && ScenarioEdit.keptSteps(List.of(ev.get(i)), 1) > n) {
                after = i;
                break;
            }
        }
        return after < 0 ? ev.size() : after;
    }
}

package luolab.ui.model;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import luolab.ui.event.EventBus;
import luolab.ui.event.UserError;

/**
 * Work {@link WorkbenchModel} runs on the engine thread: plain jobs, and re-runs of the scenario on
 * show (guarded, with the run indicator's progress and cancel). Counts the jobs pending, for the
 * model's busy flag, and turns failures into error dialogs on the FX thread.
 */
final class EngineJobs {
    private final EngineThread engine;
    private final ScenarioRuns runs;
    private final GuardedRunner runner;
    private final EventBus bus;
    /** Called before a job is queued: playback stops while the engine thread works. */
    private final Runnable pause;
    /** Called whenever {@link #pending()} changed. */
    private final Runnable changed;
    /** Sets the status line to a message plus what is still on show. */
    private final Consumer<String> statusStillShowing;
    private int pending;

    EngineJobs(EngineThread engine, ScenarioRuns runs, GuardedRunner runner, EventBus bus, Runnable pause,
            Runnable changed, Consumer<String> statusStillShowing) {
        this.engine = engine;
        this.runs = runs;
        this.runner = runner;
        this.bus = bus;
        this.pause = pause;
        this.changed = changed;
        this.statusStillShowing = statusStillShowing;
    }

    /** Jobs queued or running. */
    int pending() {
        return pending;
    }

    /** See {@link WorkbenchModel#runOnEngine(String, Callable, Consumer, Runnable)}. */
    <T> void runOnEngine(String what, Callable<T> job, Consumer<T> done, Runnable failed) {
        submit(job, done, f -> {
            bus.publish(new UserError(what, f.message()));
            failed.run();
        });
    }

    /** See {@link WorkbenchModel#rerun}. */
    <T> void rerun(String what, String name, ShowRequest request, WorkbenchModel.RerunJob<T> job,
            Consumer<T> done, Consumer<String> failed) {
        ScenarioRuns.Tracked tracked = runs.track(name);
        submit(() -> job.run(runner, tracked::report, tracked::cancelled), r -> {
            boolean current = runs.end(tracked);
            if (current && tracked.cancelled()) {
                // Cancel came after the last poll: the user still asked for the result not to be shown
                String msg = "Cancelled " + name + " (it had just finished)";
                statusStillShowing.accept(msg);
                failed.accept(msg);
                return;
            }
            done.accept(r);
        }, f -> {
            runs.end(tracked);
            String msg = f.message();
            if (!request.superseded()) {
                if (f.cause() instanceof RunCancelled) {
                    statusStillShowing.accept(msg);
                } else {
                    statusStillShowing.accept(what); // not the last "Running …: step 3/4" report
                    bus.publish(new UserError(what, msg));
                }
            }
            failed.accept(msg);
        });
    }

    private <T> void submit(Callable<T> job, Consumer<T> done, Consumer<Background.Failure> failed) {
        pause.run();
        pending++;
        changed.run();
        engine.jobs().run(() -> job.call(), r -> {
            pending--;
            changed.run();
            done.accept(r);
        }, f -> {
            pending--;
            changed.run();
            failed.accept(f);
        });
    }
}

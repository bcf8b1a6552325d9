package luolab.ui.corrupt;

import java.util.List;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.Stage;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.Op;
import luolab.scenario.Scenario;

/**
 * Where an injection made at a trace position goes in the scenario. Position p shows the machine
 * after events [0, p). Between serialization and the jump of a kexec step, a {@code corrupt} step
 * with "at": "handover" goes in front of that kexec step (it is written right before the jump);
 * anywhere else a "now" step goes after the step being shown (the step's own events finish first).
 *
 * @param index       top-level scenario index to insert the corrupt step at
 * @param stage       the stage the bytes are in where a "now" step runs (null: the kernel is dead)
 * @param kexecAhead  index of the first kexec step at or after {@code index}, or -1
 * @param lastKexec   index of the last kexec step before {@code index}, or -1
 * @param dead        the kernel has panicked or hangs by then: nothing runs, nothing can be corrupted
 * @param hung        that death is a silent hang, not a panic (only meaningful when {@code dead})
 * @param finalState  after the last step of a run made with the trace off ({@link #atEnd}), not at a trace position
 */
public record Placement(int index, boolean inHandover, Stage stage, int kexecAhead, int lastKexec, boolean dead,
        boolean hung, boolean finalState) {

    /** The kernel has panicked by then (a hang is not a panic: see {@link #dead()}). */
    public boolean panicked() {
        return dead && !hung;
    }

    /** "panicked" or "hung": for the texts that say why nothing runs. */
    private String deathWord() {
        return hung ? "hung" : "panicked";
    }

    public static Placement at(Scenario s, List<TraceEvent> ev, int position) {
        int p = Math.max(0, Math.min(ev.size(), position));
        int mark = -1;
        int step = -1;
        for (int i = p - 1; i >= 0; i--) {
            if (ev.get(i) instanceof TraceEvent.StepMark m) {
                mark = i;
                step = m.step();
                break;
            }
        }
        boolean complete = p == ev.size() || ev.get(p) instanceof TraceEvent.StepMark;
        boolean jumped = false;
        for (int i = Math.max(0, mark); i < p; i++) {
            if (ev.get(i) instanceof TraceEvent.Kexec) {
                jumped = true;
            }
        }
        boolean kexecStep = step >= 0 && step < s.steps().size() && s.steps().get(step).action() instanceof Op.Kexec;
        if (kexecStep && !complete && !jumped) {
            // serialization has started (or finished): the write waits for the end of it, right before the jump
            TraceEvent death = deathBy(ev, p);
            return new Placement(step, true, Stage.HANDOVER, step, lastKexecBefore(s, step), death != null,
                    death instanceof TraceEvent.Hang, false);
        }
        int index = step + 1;
        int end = p;
        while (end < ev.size() && !(ev.get(end) instanceof TraceEvent.StepMark)) {
            end++;
        }
        TraceEvent death = deathBy(ev, end);
        boolean dead = death != null;
        int lastKexecEvent = -1;
        for (int i = 0; i < end; i++) {
            if (ev.get(i) instanceof TraceEvent.Kexec) {
                lastKexecEvent = i;
            }
        }
        Stage stage;
        if (lastKexecEvent < 0) {
            stage = Stage.LIVE;
        } else {
            boolean opened = false;
            for (int i = lastKexecEvent; i < end; i++) {
                if (ev.get(i) instanceof TraceEvent.PhaseChange pc && pc.phase() == Phase.DESERIALIZE) {
                    opened = true;
                }
            }
            stage = opened ? Stage.LIVE : Stage.INCOMING;
        }
        return new Placement(index, false, dead ? null : stage, kexecAt(s, index), lastKexecBefore(s, index), dead,
                death instanceof TraceEvent.Hang, false);
    }

    /**
     * After the last step of {@code s}: where an injection goes in a run made with the trace off,
     * which shows its final state only. The stage follows from the steps (in the new kernel after a
     * kexec, LIVE again once /dev/liveupdate was opened). Whether the last kernel panicked or hangs
     * comes from the run's final state ({@code FinalSessions#dead}): a step after a panic or a
     * hang does not run, so such a placement refuses every injector up front.
     */
    public static Placement atEnd(Scenario s, boolean panicked) {
        return atEnd(s, panicked, false);
    }

    /** As {@link #atEnd(Scenario, boolean)}, with {@code hung}: the last kernel hangs rather than panicked. */
    public static Placement atEnd(Scenario s, boolean panicked, boolean hung) {
        boolean dead = panicked || hung;
        int n = s.steps().size();
        int lastKexec = lastKexecBefore(s, n);
        boolean opened = lastKexec < 0;
        for (int i = lastKexec + 1; i < n && !opened; i++) {
            Op a = s.steps().get(i).action();
            opened = a instanceof Op.OpenDevice || a instanceof Op.Open;
        }
        return new Placement(n, false, dead ? null : opened ? Stage.LIVE : Stage.INCOMING, -1, lastKexec, dead, hung && !panicked, true);
    }

    /** The first Panic or Hang event before {@code end}, or null: the kernel runs nothing after it. */
    private static TraceEvent deathBy(List<TraceEvent> ev, int end) {
        for (int i = 0; i < end; i++) {
            if (ev.get(i) instanceof TraceEvent.Panic || ev.get(i) instanceof TraceEvent.Hang) {
                return ev.get(i);
            }
        }
        return null;
    }

    static int kexecAt(Scenario s, int from) {
        for (int i = Math.max(0, from); i < s.steps().size(); i++) {
            if (s.steps().get(i).action() instanceof Op.Kexec) {
                return i;
            }
        }
        return -1;
    }

    static int lastKexecBefore(Scenario s, int before) {
        for (int i = Math.min(before, s.steps().size()) - 1; i >= 0; i--) {
            if (s.steps().get(i).action() instanceof Op.Kexec) {
                return i;
            }
        }
        return -1;
    }

    /** True after a kexec in the new kernel (stage INCOMING or its own LIVE state). */
    public boolean afterKexec() {
        return lastKexec >= 0;
    }

    /** When {@code inj} can run from here: "now", "handover", or null (with {@link #whyNot}). */
    public String defaultAt(Injector inj) {
        if (dead) {
            return null;
        }
        if (inHandover) {
            return inj.stages().contains(Stage.HANDOVER) ? Injection.HANDOVER : null;
        }
        if (inj.stages().contains(stage)) {
            return Injection.NOW;
        }
        return canDefer(inj) ? Injection.HANDOVER : null;
    }

    /** Whether a "handover" step inserted here would run (a kexec follows, and the injector runs at that stage). */
    public boolean canDefer(Injector inj) {
        return !dead && kexecAhead >= 0 && inj.stages().contains(Stage.HANDOVER);
    }

    public boolean canRunNow(Injector inj) {
        return !dead && !inHandover && stage != null && inj.stages().contains(stage);
    }

    /** Why {@code inj} cannot run from this position. */
    public String whyNot(Injector inj) {
        String what = hung ? "a hang" : "a panic";
        if (dead && finalState) {
            return "The last kernel of this run " + deathWord() + ": nothing runs after " + what
                    + ", so there is nothing left to corrupt.";
        }
        if (dead) {
            return "The kernel has " + deathWord() + " at this point: there is nothing left to corrupt. Step back to before the "
                    + (hung ? "hang." : "panic.");
        }
        String runs = String.join(", ", inj.stages().stream().sorted().map(Stage::label).toList());
        if (inHandover) {
            return inj.name() + " cannot run between serialization and the jump (it runs: " + runs + ").";
        }
        return inj.name() + " cannot run " + stage.label() + (kexecAhead < 0 ? " and no kexec follows" : "")
                + " (it runs: " + runs + ").";
    }

    /** In words, where a step with {@code at} would write. */
    public String describe(String at) {
        if (Injection.HANDOVER.equals(at)) {
            return "at the kexec of step " + (kexecAhead + 1) + ", after serialization, right before the jump";
        }
        if (stage == null) {
            return "nowhere: the kernel has " + deathWord();
        }
        return switch (stage) {
            case LIVE -> afterKexec() ? "now, in the new kernel after it deserialized (for the next kexec)"
                    : "now, while the old kernel runs (before serialization)";
            case INCOMING -> "now, in the new kernel before the first open of /dev/liveupdate";
            case HANDOVER -> "now, between serialization and the jump";
        };
    }
}

package luolab.lesson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import luolab.engine.trace.Phase;
import luolab.scenario.CorruptStep;

/**
 * A beat's run_to: exactly one of a top-level step (in range, and not a corrupt step that writes
 * only at the next kexec), a phase (by name or label) or the nth event of a trace kind. Whether
 * the target is reached is {@link LessonValidator}'s question: it needs a run.
 */
final class RunToCheck {
    private RunToCheck() {
    }

    static RunTo runTo(LessonChecker c, JsonElement e) {
        if (!e.isJsonObject()) {
            c.err(e, "run_to must be an object: {\"step\": N}, {\"phase\": \"serialize\"} or {\"event\": \"FloydStep\", \"nth\": 1}");
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        c.unknownKeys(o, LessonLoader.RUN_TO_KEYS, "run_to");
        int kinds = (o.has("step") ? 1 : 0) + (o.has("phase") ? 1 : 0) + (o.has("event") ? 1 : 0);
        if (kinds != 1) {
            c.err(e, kinds == 0 ? "run_to needs one of \"step\", \"phase\" or \"event\""
                    : "run_to has more than one of \"step\", \"phase\", \"event\"");
            return null;
        }
        if (o.has("nth") && !o.has("event")) {
            c.err(c.pj.pos(o, "nth"), "run_to.nth only goes with \"event\"");
        }
        if (o.has("step")) {
            return step(c, o);
        }
        if (o.has("phase")) {
            return phase(c, o);
        }
        return event(c, o);
    }

    private static RunTo step(LessonChecker c, JsonObject o) {
        Long s = c.integer(o, "step");
        if (s == null) {
            return null;
        }
        int steps = c.steps;
        if (s < 0 || (steps >= 0 && s >= steps)) {
            c.err(c.pj.pos(o, "step"), "unknown run_to step " + s + ": the scenario has "
                    + (steps < 0 ? "no valid steps" : steps + " top-level steps (0.." + (steps - 1) + ", 0-based)"));
            return null;
        }
        if (c.scenarioSteps != null && c.scenarioSteps.get(s.intValue()).action() instanceof CorruptStep.Corrupt k
                && "handover".equals(k.at())) {
            c.err(c.pj.pos(o, "step"), "run_to step " + s + " is a corrupt step with \"at\": \"handover\": nothing is written "
                    + "until the next kexec serializes; use {\"event\": \"Corruption\"} to show the corrupted bytes");
            return null;
        }
        return new RunTo.AfterStep(s.intValue());
    }

    private static RunTo phase(LessonChecker c, JsonObject o) {
        String s = c.string(o, "phase", true);
        if (s == null) {
            return null;
        }
        Phase p = LessonLoader.phase(s);
        if (p == null) {
            List<String> names = Arrays.stream(Phase.values()).map(Phase::label).toList();
            c.err(c.pj.pos(o, "phase"), "unknown run_to phase \"" + s + "\"" + DidYouMean.suggest(s, names) + " (phases: "
                    + String.join(", ", names) + ")");
            return null;
        }
        return new RunTo.PhaseStart(p);
    }

    private static RunTo event(LessonChecker c, JsonObject o) {
        String kind = c.string(o, "event", true);
        if (kind == null) {
            return null;
        }
        List<String> kinds = LessonLoader.eventKinds();
        if (!kinds.contains(kind)) {
            c.err(c.pj.pos(o, "event"), "unknown run_to event kind \"" + kind + "\"" + DidYouMean.suggest(kind, kinds));
            return null;
        }
        int nth = 1;
        if (o.has("nth")) {
            Long n = c.integer(o, "nth");
            if (n == null) {
                return null;
            }
            if (n < 1) {
                c.err(c.pj.pos(o, "nth"), "run_to.nth counts from 1, got " + n);
                return null;
            }
            nth = n.intValue();
        }
        return new RunTo.AfterEvent(kind, nth);
    }
}

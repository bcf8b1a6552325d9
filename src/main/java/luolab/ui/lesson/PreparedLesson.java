package luolab.ui.lesson;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.TraceEvent;
import luolab.lesson.Beat;
import luolab.lesson.Lesson;
import luolab.lesson.LessonTimeline;
import luolab.lesson.LessonValidator;
import luolab.scenario.RunResult;
import luolab.ui.model.LoadedRun;

/**
 * A lesson ready to play: its scenario run once with a FULL trace (off the FX thread), each beat's
 * position in that trace and its highlight resolved against memory at that position.
 */
record PreparedLesson(Lesson lesson, LoadedRun run, int[] positions, List<BeatTargets> targets, List<String> problems) {

    static PreparedLesson prepare(Lesson l) {
        RunResult r = LessonValidator.run(l);
        List<TraceEvent> ev = r.trace().events();
        PhysicalMemory mem = r.machine().memory();
        int[] pos = LessonTimeline.positions(l, ev);
        List<String> problems = new ArrayList<>();
        LessonValidator.checkRun(l, r).stream().filter(p -> !p.warning()).forEach(p -> problems.add(p.toString()));
        mem.setListener(null);
        Stepper st = new Stepper(mem, ev);
        List<BeatTargets> targets = new ArrayList<>();
        Abi abi = l.scenario().abi();
        for (Beat b : l.beats()) {
            int p = pos[b.index()];
            if (p < 0) {
                targets.add(BeatTargets.NONE);
                continue;
            }
            st.goTo(p);
            targets.add(BeatTargets.resolve(b.highlight(), mem, ev, p, abi));
        }
        st.goTo(ev.size()); // the workbench's stepper starts from the end of the run
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(JsonParser.parseString(l.scenarioJson()));
        LoadedRun run = new LoadedRun("Lesson " + l.id() + ": " + l.title(), null, json, mem, ev, abi, null);
        return new PreparedLesson(l, run, pos, List.copyOf(targets), List.copyOf(problems));
    }
}

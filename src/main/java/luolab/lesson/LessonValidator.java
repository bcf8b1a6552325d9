package luolab.lesson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunResult;
import luolab.scenario.ScenarioRunner;
import luolab.scenario.SourcePos;
import luolab.scenario.StepOutcome;

/**
 * The checks that need the lesson's scenario to run: it must run green, every {@code run_to} must
 * be reached (the phase happens, there are at least nth events of the kind), and the sessions and
 * tokens a highlight names must exist in the run. Beats that go back in time are warnings.
 */
public final class LessonValidator {
    private LessonValidator() {
    }

    /** Runs the lesson's scenario with a FULL trace (what the panel plays). */
    public static RunResult run(Lesson l) {
        return new ScenarioRunner().run(l.scenario(), Trace.Mode.FULL);
    }

    /** Problems of a lesson against a finished FULL run of its scenario. */
    public static List<LessonProblem> checkRun(Lesson l, RunResult r) {
        List<LessonProblem> out = new ArrayList<>();
        for (StepOutcome o : r.outcomes()) {
            if (!o.ok()) {
                out.add(LessonProblem.error(new SourcePos(l.file(), 0, 0), -1, null,
                        "scenario step " + o.path() + " (" + o.op() + ") did not meet its expectation: " + o.message()));
            }
        }
        List<TraceEvent> ev = r.trace().events();
        Set<String> sessions = new LinkedHashSet<>();
        Set<String> files = new HashSet<>();
        for (TraceEvent e : ev) {
            if (e instanceof TraceEvent.SessionEvent s) {
                sessions.add(s.session());
            } else if (e instanceof TraceEvent.FileEvent f) {
                sessions.add(f.session());
                files.add(f.session() + "\0" + f.token());
            }
        }
        int last = 0;
        for (Beat b : l.beats()) {
            int p = LessonTimeline.position(b.runTo(), ev);
            if (p == LessonTimeline.UNREACHED) {
                String why;
                if (b.runTo() instanceof RunTo.AfterEvent e) {
                    int n = LessonTimeline.count(e.kind(), ev);
                    why = "run_to event " + e.kind() + " nth " + e.nth() + " is never reached: the run has "
                            + (n == 0 ? "no " + e.kind() + " events" : "only " + n);
                } else if (b.runTo() instanceof RunTo.PhaseStart ps) {
                    why = "run_to phase \"" + ps.phase().label() + "\" is never reached: the run never enters it";
                } else {
                    why = "run_to " + b.runTo().describe() + " is never reached (the run stopped before that step)";
                }
                out.add(LessonProblem.error(b.pos(), b.index(), b.title(), why));
                continue;
            }
            if (p < last) {
                out.add(new LessonProblem(b.pos(), b.index(), b.title(), "run_to (" + b.runTo().describe() + ", event " + p
                        + ") is before the previous beat (event " + last + "): the class sees time go backwards", true));
            }
            last = Math.max(last, p);
            Highlight h = b.highlight();
            List<String> names = new ArrayList<>();
            if (h.session() != null) {
                names.add(h.session());
            }
            if (h.chainSession() != null) {
                names.add(h.chainSession());
            }
            for (String s : names) {
                if (!sessions.contains(s)) {
                    out.add(LessonProblem.error(b.pos(), b.index(), b.title(), "highlight names session \"" + s
                            + "\", which never exists in this run" + DidYouMean.suggest(s, List.copyOf(sessions))));
                }
            }
            if (h.token() != null && h.session() != null && sessions.contains(h.session())
                    && !files.contains(h.session() + "\0" + h.token())) {
                out.add(LessonProblem.error(b.pos(), b.index(), b.title(), String.format(
                        "highlight token 0x%x is never preserved in session \"%s\"", h.token(), h.session())));
            }
        }
        out.addAll(checkHighlightsInMemory(l, r));
        return out;
    }

    /**
     * What a beat points at must be there at its point of the run, or the class looks at nothing:
     * at least one page of each highlighted kind, a chain with at least one block, an instance of
     * the struct. Steps the run's memory (FULL trace) to each beat and back to the end.
     */
    static List<LessonProblem> checkHighlightsInMemory(Lesson l, RunResult r) {
        List<LessonProblem> out = new ArrayList<>();
        List<TraceEvent> ev = r.trace().events();
        if (r.trace().mode() != Trace.Mode.FULL || ev.isEmpty()) {
            return out;
        }
        luolab.engine.memory.PhysicalMemory mem = r.machine().memory();
        var listener = mem.listener();
        mem.setListener(null);
        luolab.engine.trace.Stepper st = new luolab.engine.trace.Stepper(mem, ev);
        try {
            for (Beat b : l.beats()) {
                Highlight h = b.highlight();
                int p = LessonTimeline.position(b.runTo(), ev);
                if (p < 0 || h.isEmpty()) {
                    continue;
                }
                st.goTo(p);
                java.util.EnumSet<luolab.engine.memory.OwnerKind> present = java.util.EnumSet.noneOf(luolab.engine.memory.OwnerKind.class);
                for (long i = 0; i < mem.nrPages(); i++) {
                    long m = mem.meta(mem.basePfn() + i);
                    var state = luolab.engine.memory.PageMeta.state(m);
                    if (state != luolab.engine.memory.PageState.FREE && state != luolab.engine.memory.PageState.POISONED) {
                        present.add(luolab.engine.memory.PageMeta.kind(m));
                    }
                }
                for (var k : h.kinds()) {
                    if (!present.contains(k)) {
                        out.add(LessonProblem.error(b.pos(), b.index(), b.title(), "highlight kind " + k.name()
                                + ": no page of that kind is in memory at this beat (" + b.runTo().describe() + ")"));
                    }
                }
                HighlightResolver.Resolved res = HighlightResolver.resolve(h, mem, ev, p, l.scenario().abi());
                if (h.chain() != null && res.chain().isEmpty()) {
                    out.add(LessonProblem.error(b.pos(), b.index(), b.title(), "highlight chain " + h.chain()
                            + " has no block yet at this beat (" + b.runTo().describe() + ")"));
                }
                if (h.struct() != null && res.structPa() < 0) {
                    boolean entry = h.struct().equals("luo_session_ser") || h.struct().equals("luo_file_ser");
                    out.add(LessonProblem.error(b.pos(), b.index(), b.title(), "highlight struct " + h.struct()
                            + " is not in memory at this beat (" + b.runTo().describe() + ")"
                            + (entry ? ": entries are written at serialization" : "")));
                }
            }
        } finally {
            st.goTo(ev.size());
            mem.setListener(listener);
        }
        return out;
    }

    /** Everything about one lesson file: load-time problems, then (if it loads) the run's problems. */
    public static Report validate(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Report(null, List.of(LessonProblem.error(new SourcePos(file.toString(), 0, 0), -1, null,
                    Files.exists(file) ? "cannot read: " + e.getMessage() : "no such lesson file")), 0);
        }
        return validate(file.getFileName().toString(), text);
    }

    public static Report validate(String name, String text) {
        LessonLoader.Result res = new LessonLoader().check(name, text);
        List<LessonProblem> all = new ArrayList<>(res.problems());
        int events = 0;
        if (res.lesson() != null) {
            RunResult r = run(res.lesson());
            events = r.trace().events().size();
            all.addAll(checkRun(res.lesson(), r));
        }
        return new Report(res.lesson(), List.copyOf(all), events);
    }

    /** The lesson (null if it did not load), all problems, and the length of its run. */
    public record Report(Lesson lesson, List<LessonProblem> problems, int events) {
        public boolean ok() {
            return lesson != null && problems.stream().noneMatch(p -> !p.warning());
        }

        public long errors() {
            return problems.stream().filter(p -> !p.warning()).count();
        }
    }
}

package luolab.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.scenario.RunOptions;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Run a scenario with tracing and print its events: index, phase, kind, details and the simulated kernel "
                + "call stack. StepMark events show where each scenario step starts."})
final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "scenario file or built-in name")
    String scenario;

    @Option(names = "--from", paramLabel = "I", description = "first event index to print (default 0)")
    Integer from;

    @Option(names = "--to", paramLabel = "J", description = "last event index to print (inclusive; default: the last)")
    Integer to;

    @Option(names = "--phase", paramLabel = "P", description = "only events of this phase: ${COMPLETION-CANDIDATES} (or its label, e.g. \"old kernel\")")
    String phase;

    @Option(names = "--kind", paramLabel = "K", description = "only events of this kind (e.g. BlockLinked, Log, StepMark)")
    String kind;

    @Option(names = "--detail", paramLabel = "MODE", defaultValue = "coarse",
            description = "coarse: what the kernel did; full: also every byte write and page change (default: ${DEFAULT-VALUE})")
    String detail;

    @Option(names = "--json", description = "print a JSON array of events")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Scenario s = Cli.loadScenario(scenario);
        var mode = Cli.traceMode(detail);
        if (mode == luolab.engine.trace.Trace.Mode.OFF) {
            throw new CliException("--detail off would record nothing (use coarse or full)");
        }
        Phase want = phase == null ? null : parsePhase(phase);
        RunResult r = new ScenarioRunner().run(s, RunOptions.of(mode));
        List<TraceEvent> ev = r.trace().events();
        int first = from == null ? 0 : from;
        int last = to == null ? ev.size() - 1 : Math.min(to, ev.size() - 1);
        if (first < 0 || (from != null && first >= ev.size()) || (to != null && to < first)) {
            throw new CliException("bad event range " + first + ".." + (to == null ? "end" : to) + ": the trace has events 0.." + (ev.size() - 1));
        }
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        if (json) {
            out.println("[");
        }
        boolean firstOut = true;
        int printed = 0;
        for (int i = first; i <= last; i++) {
            TraceEvent e = ev.get(i);
            if (want != null && e.phase() != want) {
                continue;
            }
            String k = TraceFormat.kind(e);
            if (kind != null && !k.equalsIgnoreCase(kind)) {
                continue;
            }
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("index", i);
                o.addProperty("phase", e.phase().name());
                o.addProperty("kind", k);
                o.addProperty("details", TraceFormat.details(e));
                o.addProperty("stack", e.stack().toString());
                out.print((firstOut ? "  " : ",\n  ") + gson.toJson(o));
            } else {
                String st = e.stack().toString();
                out.printf("%6d  %-11s %-15s %s%s%n", i, e.phase().name(), k, TraceFormat.details(e), st.isEmpty() ? "" : "   @ " + st);
            }
            firstOut = false;
            printed++;
        }
        if (json) {
            out.println(firstOut ? "]" : "\n]");
        } else {
            out.println("(" + printed + " of " + ev.size() + " events; scenario " + (r.ok() ? "passed" : "FAILED") + ")");
        }
        out.flush();
        return r.ok() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    static Phase parsePhase(String p) {
        for (Phase x : Phase.values()) {
            if (x.name().equalsIgnoreCase(p) || x.label().equalsIgnoreCase(p)) {
                return x;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Phase x : Phase.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(x.name().toLowerCase(Locale.ROOT));
        }
        throw new CliException("unknown phase \"" + p + "\" (known: " + known + ")");
    }
}

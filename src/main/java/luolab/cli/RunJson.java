package luolab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import luolab.engine.trace.KernelLog;
import luolab.scenario.BootLog;
import luolab.scenario.Counts;
import luolab.scenario.RunResult;
import luolab.scenario.StepOutcome;

/** The machine-readable form of a {@link RunResult} ({@code luolab run --json}). */
final class RunJson {
    private RunJson() {
    }

    static JsonObject of(RunResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("scenario", r.scenario().name());
        o.addProperty("source", r.scenario().source());
        o.addProperty("abi", r.scenario().abi().id());
        o.addProperty("ram", r.scenario().ram());
        o.addProperty("ok", r.ok());
        o.addProperty("cancelled", r.cancelled());
        o.addProperty("first_step", r.firstStep() + 1);
        o.addProperty("last_step", r.endStep());
        JsonArray steps = new JsonArray();
        for (StepOutcome s : r.outcomes()) {
            JsonObject j = new JsonObject();
            j.addProperty("index", s.index());
            j.addProperty("step", s.path());
            j.addProperty("op", s.op());
            j.addProperty("description", s.description());
            if (s.result() != null) {
                j.addProperty("result", s.result());
                j.addProperty("result_text", s.resultText());
            } else {
                j.add("result", JsonNull.INSTANCE);
            }
            j.addProperty("expected", s.expected());
            j.addProperty("ok", s.ok());
            j.addProperty("message", s.message());
            j.addProperty("expectations_met", s.met());
            j.addProperty("expectations_failed", s.failed());
            steps.add(j);
        }
        o.add("steps", steps);
        JsonArray boots = new JsonArray();
        for (BootLog b : r.boots()) {
            JsonObject j = new JsonObject();
            j.addProperty("boot", b.boot());
            j.addProperty("abi", b.abi());
            j.addProperty("panicked", b.panicked());
            j.addProperty("hung", b.hung());
            if (b.stop() != null) {
                j.addProperty(b.hung() ? "hang_message" : "panic_message", b.stop().text());
            }
            JsonArray log = new JsonArray();
            for (KernelLog.Line l : b.lines()) {
                log.add(l.toString());
            }
            j.add("log", log);
            boots.add(j);
        }
        o.add("boots", boots);
        JsonObject sum = new JsonObject();
        sum.add("handed_over", counts(r.summary().handedOver()));
        sum.add("end", counts(r.summary().end()));
        sum.addProperty("expectations_met", r.summary().expectationsMet());
        sum.addProperty("expectations_failed", r.summary().expectationsFailed());
        sum.addProperty("boots", r.summary().boots());
        sum.addProperty("panicked", r.summary().panicked());
        sum.addProperty("hung", r.summary().hung());
        sum.addProperty("elapsed_ms", r.summary().elapsedMillis());
        sum.addProperty("trace_events", r.trace().size());
        o.add("summary", sum);
        return o;
    }

    static com.google.gson.JsonElement counts(Counts c) {
        if (c == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject j = new JsonObject();
        j.addProperty("sessions", c.sessions());
        j.addProperty("files", c.files());
        j.addProperty("session_blocks", c.sessionBlocks());
        j.addProperty("file_blocks", c.fileBlocks());
        j.addProperty("preserved_pages", c.preservedPages());
        return j;
    }
}

package luolab.scenario;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import luolab.engine.corrupt.Catalog;
import luolab.engine.corrupt.CorruptionReport;
import luolab.engine.corrupt.Injector;
import luolab.engine.corrupt.Params;

/**
 * The {@code corrupt} step: run one injector of the catalog. {@code at} = "now" (default) writes
 * immediately in whatever stage the machine is (live kernel, or after a kexec before the first
 * open); "handover" defers it to the next {@code kexec} step, between serialization and the jump,
 * so it damages exactly the bytes the next kernel reads.
 */
public final class CorruptStep {
    /** {"op": "corrupt", "injector": "cyclic-chain", "params": {"set": "sessions", "to": "0"}, "at": "handover"}. */
    public record Corrupt(String injector, @Opt JsonElement params, @Opt String at) implements Op.Extension {
        public Corrupt {
            if (Catalog.byName(injector) == null) {
                throw new IllegalArgumentException("unknown injector \"" + injector + "\" (see 'luolab corrupt --list')");
            }
            if (at != null && !at.equals("now") && !at.equals("handover")) {
                throw new IllegalArgumentException("\"at\" must be \"now\" or \"handover\"");
            }
            if (params != null && !params.isJsonNull() && !params.isJsonObject()) {
                throw new IllegalArgumentException("\"params\" must be an object of name: value");
            }
        }
    }

    private CorruptStep() {
    }

    static void register(StepRegistry r) {
        r.register("corrupt", Corrupt.class, StepRegistry.Kind.CALL, CorruptStep::execute);
    }

    static StepResult execute(Corrupt op, RunContext ctx) throws StepError {
        Injector inj = Catalog.byName(op.injector());
        Map<String, String> p = new LinkedHashMap<>();
        if (op.params() instanceof JsonObject o) {
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                p.put(e.getKey(), ctx.text(e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
            }
        }
        Params params = Params.of(p);
        if ("handover".equals(op.at())) {
            ctx.beforeNextJump(() -> inj.apply(ctx.machine(), params));
            return StepResult.info(inj.name() + " will be written after serialization, before the jump");
        }
        CorruptionReport rep = inj.apply(ctx.machine(), params);
        return StepResult.call(rep.ok() ? 0 : -luolab.engine.Errno.EINVAL,
                rep.ok() ? rep.toString() : "corruption refused: " + rep.error());
    }
}

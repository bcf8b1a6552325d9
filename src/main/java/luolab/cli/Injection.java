package luolab.cli;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.corrupt.Catalog;
import luolab.scenario.CorruptStep;
import luolab.scenario.Op;
import luolab.scenario.Scenario;
import luolab.scenario.Step;

/**
 * {@code run --inject NAME[:k=v,…][@STEP|@kexec]}: turns a command-line corruption into a
 * {@code corrupt} step of the scenario, so it runs through the same code path as a scenario file
 * (and shows up in traces and results like any other step).
 */
final class Injection {
    private Injection() {
    }

    static Scenario apply(Scenario s, List<String> specs) {
        if (specs == null || specs.isEmpty()) {
            return s;
        }
        List<Step> steps = new ArrayList<>(s.steps());
        // insert from the last position backwards so earlier indexes stay valid
        List<int[]> at = new ArrayList<>();
        List<Step> made = new ArrayList<>();
        for (String spec : specs) {
            Parsed p = parse(spec, s);
            at.add(new int[] {p.index});
            made.add(p.step);
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            steps.add(at.get(i)[0], made.get(i));
        }
        return new Scenario(s.name(), s.description(), s.ram(), s.seed(), s.abi(), List.copyOf(steps), s.source());
    }

    private record Parsed(int index, Step step) {
    }

    private static Parsed parse(String spec, Scenario s) {
        String where = null;
        String body = spec;
        int atSign = spec.lastIndexOf('@');
        if (atSign >= 0) {
            where = spec.substring(atSign + 1).trim();
            body = spec.substring(0, atSign);
        }
        String name = body;
        JsonObject params = new JsonObject();
        int colon = body.indexOf(':');
        if (colon >= 0) {
            name = body.substring(0, colon);
            for (String kv : body.substring(colon + 1).split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new CliException("--inject " + spec + ": parameter \"" + kv + "\" is not name=value");
                }
                params.addProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        name = name.trim();
        if (Catalog.byName(name) == null) {
            throw new CliException("--inject " + spec + ": unknown injector \"" + name + "\" (see 'luolab corrupt --list')");
        }
        int index;
        String mode = "now";
        if (where == null || where.equals("kexec")) {
            index = firstKexec(s);
            if (index < 0) {
                throw new CliException("--inject " + spec + ": scenario \"" + s.name() + "\" has no kexec step; give @STEP");
            }
            mode = "handover";
        } else {
            try {
                index = Integer.parseInt(where) - 1;
            } catch (NumberFormatException e) {
                throw new CliException("--inject " + spec + ": \"@" + where + "\" is neither a step number nor \"kexec\"");
            }
            if (index < 0 || index > s.steps().size()) {
                throw new CliException("--inject " + spec + ": step " + where + " is outside 1.." + (s.steps().size() + 1));
            }
        }
        Op op;
        try {
            op = new CorruptStep.Corrupt(name, params, mode);
        } catch (IllegalArgumentException e) {
            throw new CliException("--inject " + spec + ": " + e.getMessage());
        }
        Step step = new Step("corrupt", op, null, 0, null, false, "injected with --inject " + spec, "inject", null);
        return new Parsed(index, step);
    }

    private static int firstKexec(Scenario s) {
        for (int i = 0; i < s.steps().size(); i++) {
            if (s.steps().get(i).action() instanceof Op.Kexec) {
                return i;
            }
        }
        return -1;
    }
}

package luolab.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A step argument with loop variables ("scale-session-${s}", "${i}"), split once into literal
 * text and variable names. The 1M-file scenario substitutes some three million arguments; parsing
 * each one again (and printing then re-parsing a number for a bare "${i}" token) was a large part
 * of its run time.
 */
final class Template {
    /** Literal pieces and variable names alternate: literal, var, literal, var, …, literal. */
    private final String[] literals;
    private final String[] vars;
    private final int length;
    /**
     * The last expansion and the values it used: "s${s}" inside a 500-step inner loop expands to
     * the same string 500 times, and handing back the same String also keeps its cached hash for
     * the variable lookup that follows.
     */
    private final long[] lastValues;
    private final long[] values;
    private String last;

    private Template(String[] literals, String[] vars, int length) {
        this.literals = literals;
        this.vars = vars;
        this.length = length;
        this.lastValues = new long[vars.length];
        this.values = new long[vars.length];
    }

    /** Splits {@code raw}; an unterminated "${" is the scenario author's mistake. */
    static Template parse(String raw) throws StepError {
        List<String> lits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (true) {
            int s = raw.indexOf("${", i);
            if (s < 0) {
                lits.add(raw.substring(i));
                break;
            }
            int e = raw.indexOf('}', s);
            if (e < 0) {
                throw new StepError("unterminated ${ in \"" + raw + "\"");
            }
            lits.add(raw.substring(i, s));
            names.add(raw.substring(s + 2, e).trim());
            i = e + 1;
        }
        return new Template(lits.toArray(String[]::new), names.toArray(String[]::new), raw.length());
    }

    /** The variables' values, looked up by name (innermost loop first). */
    interface Scope {
        long value(String name) throws StepError;
    }

    /** True for exactly "${name}": its value is a number, with nothing to print or parse. */
    boolean isBareVariable() {
        return vars.length == 1 && literals[0].isEmpty() && literals[1].isEmpty();
    }

    String bareVariable() {
        return vars[0];
    }

    String expand(Scope scope) throws StepError {
        for (int k = 0; k < vars.length; k++) {
            values[k] = scope.value(vars[k]);
        }
        if (last != null && Arrays.equals(values, lastValues)) {
            return last;
        }
        StringBuilder sb = new StringBuilder(length + 8);
        for (int k = 0; k < vars.length; k++) {
            sb.append(literals[k]).append(values[k]);
        }
        last = sb.append(literals[vars.length]).toString();
        System.arraycopy(values, 0, lastValues, 0, values.length);
        return last;
    }
}

package luolab.scenario;

import java.lang.reflect.RecordComponent;
import java.util.List;
import luolab.engine.Errno;

/**
 * One step of a scenario: the {@link Op} plus what every step may carry — {@code expect} (an errno
 * name such as "EEXIST"; default success), {@code as} (a variable for the fd the step returns) and
 * {@code close} (close that fd right after the step). {@code path} is the step's number as printed:
 * "3", or "3.2" for the second step inside the repeat at step 3.
 */
public record Step(String op, Op action, String expect, int expected, String as, boolean close, String comment,
        String path, SourcePos pos) {

    /** True when the step expects the call to succeed (result ≥ 0). */
    public boolean expectsSuccess() {
        return expected == 0;
    }

    /** Did a call returning {@code result} meet this step's expectation? */
    public boolean meets(int result) {
        return expected == 0 ? result >= 0 : result == expected;
    }

    /** "success" or "-EEXIST". */
    public String expectedText() {
        return expected == 0 ? "success" : Errno.pe(expected);
    }

    /**
     * How many leaf ops this step executes: 1, or for a repeat its count times the work of its body
     * (saturating at Long.MAX_VALUE). A static estimate of cost: it weighs progress, so the bar moves
     * evenly through a run whose one repeat step is nearly all of it, and sizes traces before a run.
     */
    public long work() {
        if (!(action instanceof Op.Repeat r)) {
            return 1;
        }
        long body = 0;
        for (Step s : r.steps()) {
            body = saturatedAdd(body, s.work());
        }
        if (body == 0 || r.count() == 0) {
            return 0;
        }
        return r.count() > Long.MAX_VALUE / body ? Long.MAX_VALUE : r.count() * body;
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** A one-line description: {@code create_session name="test-session" → s1 (expect -EEXIST)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(op);
        if (action instanceof Op.Note n) {
            sb.append(": ").append(n.text());
        } else if (action instanceof Op.Repeat r) {
            sb.append(' ').append(r.count()).append("× [");
            List<Step> steps = r.steps();
            for (int i = 0; i < steps.size(); i++) {
                if (i > 0) {
                    sb.append("; ");
                }
                sb.append(steps.get(i).describe());
            }
            sb.append(']');
        } else {
            appendFields(sb, action);
        }
        if (as != null) {
            sb.append(" → ").append(as);
        }
        if (close) {
            sb.append(" (closed)");
        }
        if (expected != 0) {
            sb.append(" (expect ").append(expectedText()).append(')');
        }
        return sb.toString();
    }

    static void appendFields(StringBuilder sb, Object rec) {
        if (!rec.getClass().isRecord()) {
            return;
        }
        for (RecordComponent c : rec.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(rec);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (v == null) {
                continue;
            }
            sb.append(' ').append(StepRegistry.jsonName(c.getName())).append('=');
            if (v instanceof String s) {
                sb.append('"').append(abbreviate(s)).append('"');
            } else {
                sb.append(v);
            }
        }
    }

    static String abbreviate(String s) {
        String e = s.replace("\n", "\\n");
        if (e.length() > 48) {
            return e.substring(0, 20) + "…(" + e.length() + " chars)…" + e.substring(e.length() - 8);
        }
        return e;
    }
}

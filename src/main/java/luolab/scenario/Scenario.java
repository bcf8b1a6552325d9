package luolab.scenario;

import java.util.List;
import luolab.engine.abi.Abi;

/**
 * A parsed scenario: {@code {"name", "description", "ram": "256M", "seed": 1, "abi": "v7",
 * "steps": [...]}}. {@code source} is the file (or built-in resource) it came from.
 */
public record Scenario(String name, String description, long ram, long seed, Abi abi, List<Step> steps, String source) {
    public Scenario {
        steps = List.copyOf(steps);
    }

    /** Leaf ops the whole scenario executes ({@link Step#work()} summed, saturating). */
    public long work() {
        long w = 0;
        for (Step s : steps) {
            w = Step.saturatedAdd(w, s.work());
        }
        return w;
    }

    /** Index (0-based) of the first top-level kexec step, or -1. */
    public int firstKexec() {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).action() instanceof Op.Kexec) {
                return i;
            }
        }
        return -1;
    }
}

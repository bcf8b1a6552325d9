package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;

/**
 * An injector's catalog entry, declared once beside its plan: the id, group and one-line
 * description, what it writes, the documented kernel outcome, the stages it runs in, its
 * parameters and any precondition beyond the stage ("" for none). {@link Injector}'s accessors
 * read it.
 */
public record Meta(String name, Group group, String description, String writes, String outcome, Set<Stage> stages,
        List<ParamSpec> params, String requirements) {
    public Meta {
        stages = Set.copyOf(stages);
        params = List.copyOf(params);
    }

    Meta(String name, Group group, String description, String writes, String outcome, Set<Stage> stages, ParamSpec... params) {
        this(name, group, description, writes, outcome, stages, List.of(params), "");
    }

    /** The same entry with a precondition beyond its stages (RAM, scenario shape). */
    Meta requires(String what) {
        return new Meta(name, group, description, writes, outcome, stages, params, what);
    }
}

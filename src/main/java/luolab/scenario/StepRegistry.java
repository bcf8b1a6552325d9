package luolab.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The op vocabulary: for each op name, its record class, how it is parsed and how it runs. The
 * extension point for new ops ({@code corrupt}, …): define a record implementing
 * {@link Op.Extension} and {@link #register} it with an executor — in {@link #standard()} to make
 * it available to every scenario, the CLI and the UI.
 */
public final class StepRegistry {

    /** How a step's result is judged. */
    public enum Kind {
        /** A call returning ≥ 0 or -errno; "expect" applies. */
        CALL,
        /** A call returning a new fd; "expect", "as" and "close" apply. */
        FD,
        /** A check that holds or not (expect_*, check_content). */
        CHECK,
        /** Narration and control flow (note, repeat): not an expectation by itself. */
        CONTROL
    }

    /** One registered op. {@code parser} null means the default field-by-field binder. */
    public record OpSpec<T extends Op>(String name, Class<T> type, Kind kind, OpParser<T> parser, StepExecutor<T> executor) {
        public OpSpec {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(executor);
            if (parser == null && !type.isRecord()) {
                throw new IllegalArgumentException(type + " is not a record: give a parser");
            }
        }

        @SuppressWarnings("unchecked")
        StepResult run(Op op, RunContext ctx) throws StepError {
            return executor.execute((T) op, ctx);
        }
    }

    private final Map<String, OpSpec<?>> byName = new LinkedHashMap<>();
    private final Map<Class<?>, OpSpec<?>> byType = new LinkedHashMap<>();

    /** An empty registry. */
    public StepRegistry() {
    }

    /** A registry with every built-in op (a new, independent instance each call). */
    public static StepRegistry standard() {
        StepRegistry r = new StepRegistry();
        BuiltinOps.registerAll(r);
        CorruptStep.register(r);
        return r;
    }

    public <T extends Op> StepRegistry register(String name, Class<T> type, Kind kind, StepExecutor<T> executor) {
        return register(new OpSpec<>(name, type, kind, null, executor));
    }

    public <T extends Op> StepRegistry register(OpSpec<T> spec) {
        if (byName.containsKey(spec.name())) {
            throw new IllegalArgumentException("op \"" + spec.name() + "\" is already registered");
        }
        if (byType.containsKey(spec.type())) {
            throw new IllegalArgumentException(spec.type().getSimpleName() + " is already registered as \""
                    + byType.get(spec.type()).name() + "\"");
        }
        byName.put(spec.name(), spec);
        byType.put(spec.type(), spec);
        return this;
    }

    public OpSpec<?> spec(String name) {
        return byName.get(name);
    }

    public OpSpec<?> specFor(Op op) {
        return byType.get(op.getClass());
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** The JSON name of a record component: camelCase → snake_case. */
    public static String jsonName(String component) {
        StringBuilder sb = new StringBuilder();
        for (char c : component.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The registered name closest to {@code name}, for "did you mean" hints; null if none is close. */
    public String closest(String name) {
        return ClosestName.of(name, byName.keySet(), false);
    }
}

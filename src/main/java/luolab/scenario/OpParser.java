package luolab.scenario;

import com.google.gson.JsonObject;

/**
 * Builds an op record from its step object (for ops whose JSON does not map field by field onto
 * the record; the default binder in {@link ScenarioParser} covers the built-ins). Throw
 * {@link IllegalArgumentException} for bad content: the parser adds file, line and column.
 */
@FunctionalInterface
public interface OpParser<T extends Op> {
    T parse(JsonObject step, ScenarioParser.Context ctx);
}

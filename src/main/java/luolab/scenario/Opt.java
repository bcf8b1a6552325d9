package luolab.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an {@link Op} record as optional in scenario JSON. Components without it
 * are required: a step that omits them is rejected when the scenario is loaded, with the file
 * position of the step. Absent optional values are null (boxed types) or 0 / false (primitives).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Opt {
}

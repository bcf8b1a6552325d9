package luolab.scenario;

/** Runs one kind of {@link Op} against the machine of a {@link RunContext}. */
@FunctionalInterface
public interface StepExecutor<T extends Op> {
    StepResult execute(T op, RunContext ctx) throws StepError;
}

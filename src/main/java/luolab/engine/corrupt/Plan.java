package luolab.engine.corrupt;

/** What an injector decided to do: a description and the outcome the kernel is expected to produce. */
record Plan(String description, ExpectedOutcome expected) {
}

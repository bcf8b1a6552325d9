package luolab.lesson;

import luolab.engine.trace.Phase;

/** Where a beat puts the machine: after a scenario step, at the start of a phase, or just after an event. */
public sealed interface RunTo {
    /** The state after top-level scenario step {@code step} (0-based). */
    record AfterStep(int step) implements RunTo {
        @Override
        public String describe() {
            return "after step " + step;
        }
    }

    /** Just after the cycle enters {@code phase}. */
    record PhaseStart(Phase phase) implements RunTo {
        @Override
        public String describe() {
            return "start of " + phase.label();
        }
    }

    /** Just after the {@code nth} (1-based) trace event of a kind ({@code TraceEvent} record name). */
    record AfterEvent(String kind, int nth) implements RunTo {
        @Override
        public String describe() {
            return kind + " #" + nth;
        }
    }

    String describe();
}

package luolab.engine.corrupt;

import java.util.List;

/**
 * The result of {@link Injector#apply}: the writes done (with old and new bytes), a description,
 * and the outcome the kernel is expected to produce; or, when the injector could not run, only
 * an error and no write at all.
 */
public record CorruptionReport(String injector, Stage stage, String params, boolean ok, String error, String description,
        List<Write> writes, ExpectedOutcome expected, List<String> notes) {
    public CorruptionReport {
        writes = List.copyOf(writes);
        notes = List.copyOf(notes);
    }

    static CorruptionReport refused(String injector, Stage stage, String params, String error) {
        return new CorruptionReport(injector, stage, params, false, error, "", List.of(), null, List.of());
    }

    @Override
    public String toString() {
        if (!ok) {
            return injector + ": not applied: " + error;
        }
        StringBuilder sb = new StringBuilder(injector).append(" (").append(stage == null ? "?" : stage.label()).append("): ")
                .append(description);
        for (Write w : writes.subList(0, Math.min(writes.size(), 8))) {
            sb.append("\n  ").append(w);
        }
        if (writes.size() > 8) {
            sb.append("\n  … ").append(writes.size() - 8).append(" more writes");
        }
        for (String n : notes) {
            sb.append("\n  note: ").append(n);
        }
        if (expected != null) {
            sb.append("\n  expected: ").append(expected.summary());
        }
        return sb.toString();
    }
}

package luolab.ui.model;

import java.nio.file.Path;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;

/**
 * A finished scenario run as the workbench shows it: the one physical memory and the FULL trace
 * that moves it through history. {@code source} is the scenario file (null when built in code),
 * {@code json} its text (for File → Save). {@code traceOff} is null for a traced run; for a run made
 * with the trace off (too big for the heap) it says why, and {@code events} is empty: the memory is
 * the final state and there is nothing to step through; {@code finalSessions} then holds the
 * sessions and files the last kernel ended with (null for a traced run, whose table replays events,
 * and when they were not read).
 */
public record LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events, Abi abi,
        String summary, String traceOff, FinalSessions finalSessions) {
    public LoadedRun {
        events = List.copyOf(events);
        abi = abi == null ? Abi.V7 : abi;
    }

    /** A traced run. */
    public LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events, Abi abi,
            String summary) {
        this(title, source, json, memory, events, abi, summary, null, null);
    }

    /** A traced run of the merged (v7) generation with no summary line. */
    public LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events) {
        this(title, source, json, memory, events, Abi.V7, null);
    }

    /** False when the run was made with the trace off: only its final state can be shown. */
    public boolean traced() {
        return traceOff == null;
    }
}

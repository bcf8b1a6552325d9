package luolab.ui.model;

import java.nio.file.Path;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;

/**
 * A finished scenario run as the workbench shows it: the one physical memory and the FULL trace
 * that moves it through history. {@code source} is the scenario file (null when built in code),
 * {@code json} its text (for File → Save).
 */
public record LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events, Abi abi,
        String summary) {
    public LoadedRun {
        events = List.copyOf(events);
        abi = abi == null ? Abi.V7 : abi;
    }

    /** A run of the merged (v7) generation with no summary line. */
    public LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events) {
        this(title, source, json, memory, events, Abi.V7, null);
    }
}

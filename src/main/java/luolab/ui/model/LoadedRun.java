package luolab.ui.model;

import java.nio.file.Path;
import java.util.List;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;

/**
 * A finished scenario run as the workbench shows it: the one physical memory and the FULL trace
 * that moves it through history. {@code source} is the scenario file (null when built in code),
 * {@code json} its text (for File → Save).
 */
public record LoadedRun(String title, Path source, String json, PhysicalMemory memory, List<TraceEvent> events) {
    public LoadedRun {
        events = List.copyOf(events);
    }
}

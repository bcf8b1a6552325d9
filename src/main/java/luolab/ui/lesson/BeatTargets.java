package luolab.ui.lesson;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;
import luolab.lesson.Highlight;
import luolab.lesson.HighlightResolver;

/**
 * A beat's highlight resolved against memory at the beat's position (done once, when the lesson's
 * run is prepared): the struct (and field) to select, the head of the chain to show, the session
 * and file entries. Anything not in memory at that point stays -1; the panel still names it.
 */
record BeatTargets(StructLayout layout, long structPa, StructLayout.Field field, String chainSet, long chainPa,
        long sessionEntryPa, long fileEntryPa) {
    static final BeatTargets NONE = new BeatTargets(null, -1, null, null, -1, -1, -1);

    static BeatTargets resolve(Highlight h, PhysicalMemory mem, List<TraceEvent> ev, int position, Abi abi) {
        HighlightResolver.Resolved r = HighlightResolver.resolve(h, mem, ev, position, abi);
        if (r == HighlightResolver.Resolved.NONE) {
            return NONE;
        }
        return new BeatTargets(r.layout(), r.structPa(), r.field(), r.chainSet(), r.chain().isEmpty() ? -1 : r.chain().get(0),
                r.sessionEntryPa(), r.fileEntryPa());
    }
}

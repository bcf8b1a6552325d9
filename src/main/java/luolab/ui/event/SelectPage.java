package luolab.ui.event;

import luolab.engine.memory.PhysicalMemory;

/** One physical page (a memory-map cell). */
public record SelectPage(long pfn) implements SelectionEvent {
    @Override
    public long pa() {
        return PhysicalMemory.pa(pfn);
    }

    @Override
    public long length() {
        return PhysicalMemory.PAGE_SIZE;
    }
}

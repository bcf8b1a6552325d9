package luolab.ui.event;

import luolab.engine.memory.PhysicalMemory;

/** One block of a KHO block set (a session or file block), by the PA of its header. */
public record SelectBlock(String set, long pa, int blockPages) implements SelectionEvent {
    @Override
    public long length() {
        return (long) blockPages * PhysicalMemory.PAGE_SIZE;
    }
}

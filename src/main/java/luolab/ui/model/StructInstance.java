package luolab.ui.model;

import luolab.engine.abi.StructLayout;

/** One ABI struct laid over physical memory at {@code base}; {@code title} says which ("session entry 3"). */
public record StructInstance(StructLayout layout, long base, String title) {
    public long end() {
        return base + layout.size();
    }

    public boolean contains(long pa) {
        return pa >= base && pa < end();
    }

    /** The field covering {@code pa}, or null. */
    public StructLayout.Field fieldAt(long pa) {
        return contains(pa) ? layout.fieldAt((int) (pa - base)) : null;
    }
}

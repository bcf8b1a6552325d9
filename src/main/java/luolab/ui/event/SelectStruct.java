package luolab.ui.event;

import luolab.engine.abi.StructLayout;

/** One ABI struct at a physical address, optionally one of its fields (null = the whole struct). */
public record SelectStruct(StructLayout layout, long base, StructLayout.Field field) implements SelectionEvent {
    @Override
    public long pa() {
        return field == null ? base : base + field.offset();
    }

    @Override
    public long length() {
        return field == null ? layout.size() : field.size();
    }

    /** "luo_ser.sessions_pa" or "luo_ser". */
    public String name() {
        return field == null ? layout.name() : layout.name() + "." + field.name();
    }
}

package luolab.engine.abi;

import java.util.List;

/**
 * Byte layout of one packed ABI struct, so writes can be named ("luo_ser.sessions_pa") and the hex
 * inspector can overlay fields on raw memory.
 */
public record StructLayout(String name, int size, List<Field> fields) {
    public enum Type { U8, U16, U32, U64, PA, CHARS, BYTES, BITMAP }

    public record Field(String name, int offset, int size, Type type) {
    }

    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + " has no field " + fieldName);
    }

    /** The field covering byte {@code offset} of the struct, or null. */
    public Field fieldAt(int offset) {
        for (Field f : fields) {
            if (offset >= f.offset() && offset < f.offset() + f.size()) {
                return f;
            }
        }
        return null;
    }

    public int offset(String fieldName) {
        return field(fieldName).offset();
    }

    public luolab.engine.memory.FieldRef ref(String fieldName) {
        return luolab.engine.memory.FieldRef.of(name, fieldName);
    }

    public luolab.engine.memory.FieldRef whole() {
        return luolab.engine.memory.FieldRef.of(name, null);
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    static final class Builder {
        private final String name;
        private final java.util.ArrayList<Field> fields = new java.util.ArrayList<>();
        private int offset;

        Builder(String name) {
            this.name = name;
        }

        Builder add(String field, int size, Type type) {
            fields.add(new Field(field, offset, size, type));
            offset += size;
            return this;
        }

        StructLayout build() {
            return new StructLayout(name, offset, List.copyOf(fields));
        }
    }
}

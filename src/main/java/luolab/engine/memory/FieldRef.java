package luolab.engine.memory;

/** Names what a write touched: a struct and one of its fields ("luo_ser", "sessions_pa"). */
public record FieldRef(String struct, String field) {
    public static FieldRef of(String struct, String field) {
        return new FieldRef(struct, field);
    }

    @Override
    public String toString() {
        return field == null ? struct : struct + "." + field;
    }
}

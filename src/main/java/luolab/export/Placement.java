package luolab.export;

/**
 * One ABI struct (or array of them) found in physical memory: {@code type} is the hexpat type name
 * ("luo_ser", "u8" for raw bytes), {@code count} 1 for a single struct, {@code pa} where it starts,
 * {@code name} a unique identifier and {@code comment} what it is in the handover.
 */
public record Placement(String type, int count, boolean array, long pa, String name, String comment) {
    public static Placement one(String type, long pa, String name, String comment) {
        return new Placement(type, 1, false, pa, name, comment);
    }

    public static Placement array(String type, int count, long pa, String name, String comment) {
        return new Placement(type, count, true, pa, name, comment);
    }
}

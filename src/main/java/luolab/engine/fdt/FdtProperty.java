package luolab.engine.fdt;

import java.util.Arrays;
import java.util.Objects;

/**
 * A property snapshot: name, value and where the value bytes sat in the blob it was parsed
 * from ({@code valueOffset}, from the start of the blob; -1 if the value was not parsed or has
 * been replaced since). The FDT_PROP token starts {@link #tagOffset()} = 12 bytes earlier.
 */
public record FdtProperty(String name, byte[] value, int valueOffset) {

    public FdtProperty {
        Objects.requireNonNull(name, "name");
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Offset of the FDT_PROP token, or -1. */
    public int tagOffset() {
        return valueOffset < 0 ? -1 : valueOffset - FdtFormat.PROP_HEADER_SIZE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FdtProperty p
                && p.name.equals(name)
                && Arrays.equals(p.value, value)
                && p.valueOffset == valueOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(value), valueOffset);
    }

    @Override
    public String toString() {
        return "FdtProperty[" + name + " = " + FdtValue.describe(name, value) + " @" + valueOffset + "]";
    }
}

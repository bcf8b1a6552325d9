package luolab.engine.corrupt;

import java.util.HexFormat;

/** One write of a corruption: where, which ABI field, the bytes before and after. */
public record Write(long pa, String struct, String field, byte[] oldBytes, byte[] newBytes) {
    public Write {
        oldBytes = oldBytes.clone();
        newBytes = newBytes.clone();
    }

    @Override
    public byte[] oldBytes() {
        return oldBytes.clone();
    }

    @Override
    public byte[] newBytes() {
        return newBytes.clone();
    }

    public String target() {
        return field == null ? struct : struct + "." + field;
    }

    @Override
    public String toString() {
        return String.format("%#x %s: %s -> %s", pa, target(), hex(oldBytes), hex(newBytes));
    }

    static String hex(byte[] b) {
        if (b.length > 16) {
            return HexFormat.of().formatHex(b, 0, 16) + "… (" + b.length + " bytes)";
        }
        return HexFormat.of().formatHex(b);
    }
}

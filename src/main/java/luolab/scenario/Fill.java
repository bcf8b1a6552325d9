package luolab.scenario;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A content pattern for memfds: {@code {"byte": 171}} / {@code {"byte": "0xAB"}} repeats one byte,
 * {@code {"pattern": "abc"}} repeats a string (its UTF-8 bytes). Used where writing the content
 * out in JSON would be silly (a 1 MiB memfd).
 */
public record Fill(Integer byteValue, String pattern) {
    public Fill {
        if ((byteValue == null) == (pattern == null)) {
            throw new IllegalArgumentException("fill needs exactly one of \"byte\" or \"pattern\"");
        }
        if (byteValue != null && (byteValue < 0 || byteValue > 255)) {
            throw new IllegalArgumentException("fill byte must be 0..255, got " + byteValue);
        }
        if (pattern != null && pattern.isEmpty()) {
            throw new IllegalArgumentException("fill pattern must not be empty");
        }
    }

    /** Called by the scenario parser for components of this type. */
    public static Fill fromJson(JsonElement e) {
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("fill must be an object: {\"byte\": N} or {\"pattern\": \"text\"}");
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!k.equals("byte") && !k.equals("pattern")) {
                throw new IllegalArgumentException("unknown fill field \"" + k + "\" (use \"byte\" or \"pattern\")");
            }
        }
        Integer b = null;
        if (o.has("byte")) {
            JsonElement v = o.get("byte");
            if (!v.isJsonPrimitive()) {
                throw new IllegalArgumentException("fill byte must be a number");
            }
            b = (int) Values.parseUnsigned(v.getAsString(), "fill byte");
        }
        String p = null;
        if (o.has("pattern")) {
            JsonElement v = o.get("pattern");
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("fill pattern must be a string");
            }
            p = v.getAsString();
        }
        return new Fill(b, p);
    }

    /** The first {@code size} bytes of the pattern repeated. */
    public byte[] bytes(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("fill size out of range: " + size);
        }
        byte[] out = new byte[(int) size];
        if (byteValue != null) {
            java.util.Arrays.fill(out, (byte) (int) byteValue);
        } else {
            byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < out.length; i++) {
                out[i] = p[i % p.length];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return byteValue != null ? String.format("byte 0x%02x", byteValue) : "pattern \"" + pattern + "\"";
    }
}

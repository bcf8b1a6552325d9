package luolab.engine.fdt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The strings block under construction. Names are deduplicated the way dtc's
 * {@code stringtable_insert()} does it: a name is found at the lowest offset where it appears
 * NUL-terminated, which includes the tail of a longer name ("name" reuses the end of
 * "node-name"). Using the same rule keeps blobs byte-identical to {@code dtc -O dtb}.
 */
final class StringTable {
    private final BlobBuffer bytes = new BlobBuffer();
    /** Every NUL-terminated suffix present so far, mapped to its lowest offset. */
    private final Map<String, Integer> suffixes = new HashMap<>();

    int offsetOf(String name) {
        // Keys are the Latin-1 view of the UTF-8 bytes, so that a suffix starting in the middle
        // of a multi-byte character still has its own key: only byte equality matters here.
        String key = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        Integer known = suffixes.get(key);
        if (known != null) {
            return known;
        }
        int base = bytes.size();
        bytes.bytes(key.getBytes(StandardCharsets.ISO_8859_1)).u8(0);
        for (int k = 0; k <= key.length(); k++) {
            suffixes.putIfAbsent(key.substring(k), base + k);
        }
        return base;
    }

    int size() {
        return bytes.size();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}

package luolab.lesson;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.memory.OwnerKind;

/**
 * What a beat points at. Any part may be absent: page kinds on the memory map, one ABI struct
 * (and field), a block chain ({@code "sessions"} or {@code "files:<session>"}), a session and one
 * of its files by token.
 */
public record Highlight(List<OwnerKind> kinds, String struct, String field, String chain, String session, Long token) {
    public static final Highlight NONE = new Highlight(List.of(), null, null, null, null, null);

    public Highlight {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    public boolean isEmpty() {
        return kinds.isEmpty() && struct == null && chain == null && session == null && token == null;
    }

    /** The session a {@code "files:<session>"} chain names, else null. */
    public String chainSession() {
        return chain != null && chain.startsWith("files:") ? chain.substring("files:".length()) : null;
    }

    /** Short text for the lesson panel: "session blocks · kho_block_header_ser.next · chain sessions". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!kinds.isEmpty()) {
            parts.add(String.join(", ", kinds.stream().map(OwnerKind::label).toList()));
        }
        if (struct != null) {
            parts.add(field == null ? struct : struct + "." + field);
        }
        if (chain != null) {
            parts.add(chainSession() != null ? "file chain of " + chainSession() : "chain " + chain);
        }
        if (session != null) {
            parts.add("session " + session + (token == null ? "" : String.format(" · token 0x%x", token)));
        } else if (token != null) {
            parts.add(String.format("token 0x%x", token));
        }
        return String.join("  ·  ", parts);
    }
}

package luolab.engine.memory;

/**
 * Per-page metadata for the views, packed into one long so the whole map is a flat array:
 * bits 0-3 state, 4-9 owner kind, 10-13 allocation order, bit 14 preserved (KHO outgoing),
 * bit 15 head of an allocation, bits 32-63 owner label id.
 */
public record PageMeta(PageState state, OwnerKind kind, int order, boolean preserved, boolean head, int labelId) {
    public static final long EMPTY = 0L;
    private static final long PRESERVED_BIT = 1L << 14;
    private static final long HEAD_BIT = 1L << 15;

    public static long pack(PageState state, OwnerKind kind, int order, boolean preserved, boolean head, int labelId) {
        return state.ordinal()
                | ((long) kind.ordinal() << 4)
                | ((long) (order & 0xF) << 10)
                | (preserved ? PRESERVED_BIT : 0)
                | (head ? HEAD_BIT : 0)
                | ((long) labelId << 32);
    }

    public static PageMeta unpack(long m) {
        return new PageMeta(state(m), kind(m), order(m), preserved(m), head(m), labelId(m));
    }

    public static PageState state(long m) {
        return PageState.of((int) (m & 0xF));
    }

    public static OwnerKind kind(long m) {
        return OwnerKind.of((int) ((m >>> 4) & 0x3F));
    }

    public static int order(long m) {
        return (int) ((m >>> 10) & 0xF);
    }

    public static boolean preserved(long m) {
        return (m & PRESERVED_BIT) != 0;
    }

    public static boolean head(long m) {
        return (m & HEAD_BIT) != 0;
    }

    public static int labelId(long m) {
        return (int) (m >>> 32);
    }

    public static long withState(long m, PageState s) {
        return (m & ~0xFL) | s.ordinal();
    }

    public static long withPreserved(long m, boolean p) {
        return p ? (m | PRESERVED_BIT) : (m & ~PRESERVED_BIT);
    }
}

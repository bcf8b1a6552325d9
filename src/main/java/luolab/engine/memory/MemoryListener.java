package luolab.engine.memory;

/**
 * Observes every change to physical memory so the trace can record it with old and new values.
 * Observers that only count or collect writes leave the page-level callbacks as they are.
 */
public interface MemoryListener {
    /** Bytes at {@code pa} changed from {@code oldBytes} to {@code newBytes}; {@code what} names the ABI field, or null. */
    void onWrite(long pa, byte[] oldBytes, byte[] newBytes, FieldRef what);

    /** A whole page's content was replaced (zeroed on allocation, or poisoned); {@code oldData} null means all zero. */
    default void onPageContent(long pfn, byte[] oldData, boolean oldPoisoned, boolean newPoisoned) {
    }

    /**
     * Pages [startPfn, startPfn+count) were handed to the new kernel's allocator: their content is
     * now garbage. {@code oldMeta}/{@code oldData} hold what each page was, for undo.
     */
    default void onRangePoisoned(long startPfn, int count, long[] oldMeta, byte[][] oldData) {
    }

    /** Metadata of one page changed. */
    default void onMeta(long pfn, long oldMeta, long newMeta) {
    }
}

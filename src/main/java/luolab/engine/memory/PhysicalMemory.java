package luolab.engine.memory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's RAM: one contiguous range of physical addresses starting at a non-zero base (PA 0
 * is NULL in every LUO/KHO structure). Sparse: a page's bytes exist only once written, so a 64 GiB
 * address space costs nothing until used. All multi-byte values are little-endian, as on x86-64
 * and arm64, which is what the packed *_ser structs assume.
 *
 * This object is the only thing that survives a kexec besides the boot parameter.
 */
public final class PhysicalMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** mm/debug page poisoning writes PAGE_POISON (0xaa) into freed pages; we show reused memory the same way. */
    public static final byte PAGE_POISON = (byte) 0xaa;

    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK = 1 << CHUNK_SHIFT;

    private final long base;
    private final long size;
    private final long basePfn;
    private final long nrPages;
    private final byte[][][] data;
    private final long[][] meta;
    private final List<String> labels = new ArrayList<>();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private MemoryListener listener;

    public PhysicalMemory(long base, long size) {
        if (base <= 0 || (base & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM base must be a non-zero, page-aligned physical address");
        }
        if (size < 16L * PAGE_SIZE || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a multiple of 4 KiB and at least 64 KiB");
        }
        this.base = base;
        this.size = size;
        this.basePfn = base >>> PAGE_SHIFT;
        this.nrPages = size >>> PAGE_SHIFT;
        int chunks = (int) ((nrPages + CHUNK - 1) >>> CHUNK_SHIFT);
        this.data = new byte[chunks][][];
        this.meta = new long[chunks][];
        labels.add("");
        labelIds.put("", 0);
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public long end() {
        return base + size;
    }

    public long basePfn() {
        return basePfn;
    }

    public long nrPages() {
        return nrPages;
    }

    public void setListener(MemoryListener listener) {
        this.listener = listener;
    }

    public MemoryListener listener() {
        return listener;
    }

    public boolean contains(long pa, long len) {
        return len >= 0 && pa >= base && pa - base <= size - len;
    }

    public boolean containsPfn(long pfn) {
        return pfn >= basePfn && pfn - basePfn < nrPages;
    }

    public static long pfn(long pa) {
        return pa >>> PAGE_SHIFT;
    }

    public static long pa(long pfn) {
        return pfn << PAGE_SHIFT;
    }

    // ---- raw page storage ---------------------------------------------------------------------

    private int index(long pfn) {
        if (!containsPfn(pfn)) {
            throw new PageFault(pfn << PAGE_SHIFT);
        }
        return (int) (pfn - basePfn);
    }

    private byte[] page(int idx) {
        byte[][] c = data[idx >>> CHUNK_SHIFT];
        return c == null ? null : c[idx & (CHUNK - 1)];
    }

    private byte[] pageForWrite(int idx) {
        byte[][] c = data[idx >>> CHUNK_SHIFT];
        if (c == null) {
            c = data[idx >>> CHUNK_SHIFT] = new byte[CHUNK][];
        }
        byte[] p = c[idx & (CHUNK - 1)];
        if (p == null) {
            p = new byte[PAGE_SIZE];
            if (PageMeta.state(metaAt(idx)) == PageState.POISONED) {
                Arrays.fill(p, PAGE_POISON);
            }
            c[idx & (CHUNK - 1)] = p;
        }
        return p;
    }

    private long metaAt(int idx) {
        long[] c = meta[idx >>> CHUNK_SHIFT];
        return c == null ? 0L : c[idx & (CHUNK - 1)];
    }

    /**
     * Gives the page its own bytes now (zeros, or PAGE_POISON if poisoned), without changing
     * what reads return and so without an event. For pages the kernel is about to fill: storage
     * is then paid where the kernel pays for zeroing them, not at the first write.
     */
    public void materialize(long pfn) {
        pageForWrite(index(pfn));
    }

    /**
     * The bytes of page {@code pfn} for a loop that fills many entries of one block in place
     * (materialized if needed), or null while a listener records writes: each write must then go
     * through {@link #write} so history sees it. The array is valid until the page is next zeroed,
     * poisoned or restored; callers ask again for every block.
     */
    public byte[] pageForDirectWrite(long pfn) {
        int idx = index(pfn);
        return listener == null ? pageForWrite(idx) : null;
    }

    /**
     * The bytes of page {@code pfn} for a loop that reads many entries of one block in place, or
     * null when the page has no bytes of its own ({@link #read} then gives zeros or PAGE_POISON).
     * Same validity as {@link #pageForDirectWrite}.
     */
    public byte[] pageForDirectRead(long pfn) {
        return page(index(pfn));
    }

    /** True when the page has bytes of its own (written, or {@link #materialize materialized}, since it was last zeroed). */
    public boolean touched(long pfn) {
        return page(index(pfn)) != null;
    }

    // ---- reads --------------------------------------------------------------------------------

    public int u8(long pa) {
        int idx = index(pa >>> PAGE_SHIFT);
        byte[] p = page(idx);
        if (p == null) {
            return PageMeta.state(metaAt(idx)) == PageState.POISONED ? PAGE_POISON & 0xFF : 0;
        }
        return p[(int) (pa & (PAGE_SIZE - 1))] & 0xFF;
    }

    public void read(long pa, byte[] dst, int off, int len) {
        if (!contains(pa, len)) {
            throw new PageFault(pa < base || pa >= end() ? pa : end());
        }
        while (len > 0) {
            int idx = (int) ((pa >>> PAGE_SHIFT) - basePfn);
            int inPage = (int) (pa & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - inPage);
            byte[] p = page(idx);
            if (p == null) {
                byte fill = PageMeta.state(metaAt(idx)) == PageState.POISONED ? PAGE_POISON : 0;
                Arrays.fill(dst, off, off + n, fill);
            } else {
                System.arraycopy(p, inPage, dst, off, n);
            }
            pa += n;
            off += n;
            len -= n;
        }
    }

    public byte[] read(long pa, int len) {
        byte[] b = new byte[len];
        read(pa, b, 0, len);
        return b;
    }

    public long u64(long pa) {
        if ((pa & (PAGE_SIZE - 1)) <= PAGE_SIZE - 8) {
            if (!containsPfn(pa >>> PAGE_SHIFT)) {
                throw new PageFault(pa);
            }
            int idx = (int) ((pa >>> PAGE_SHIFT) - basePfn);
            byte[] p = page(idx);
            if (p == null) {
                return PageMeta.state(metaAt(idx)) == PageState.POISONED ? 0xaaaaaaaaaaaaaaaaL : 0L;
            }
            return LittleEndian.u64(p, (int) (pa & (PAGE_SIZE - 1)));
        }
        return LittleEndian.u64(read(pa, 8), 0);
    }

    public long u32(long pa) {
        return LittleEndian.u32(read(pa, 4), 0);
    }

    /** A NUL-terminated string of at most {@code max} bytes (strnlen semantics). */
    public String cstring(long pa, int max) {
        byte[] b = read(pa, max);
        int n = 0;
        while (n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---- writes -------------------------------------------------------------------------------

    public void write(long pa, byte[] src, FieldRef what) {
        if (!contains(pa, src.length)) {
            throw new PageFault(pa);
        }
        int inFirst = (int) (pa & (PAGE_SIZE - 1));
        if (listener == null && inFirst + src.length <= PAGE_SIZE) {
            // one page and nobody records history: a single copy (every serialized entry)
            System.arraycopy(src, 0, pageForWrite((int) ((pa >>> PAGE_SHIFT) - basePfn)), inFirst, src.length);
            return;
        }
        byte[] old = listener == null ? null : read(pa, src.length);
        int off = 0;
        long cur = pa;
        int len = src.length;
        while (len > 0) {
            int idx = (int) ((cur >>> PAGE_SHIFT) - basePfn);
            int inPage = (int) (cur & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - inPage);
            System.arraycopy(src, off, pageForWrite(idx), inPage, n);
            cur += n;
            off += n;
            len -= n;
        }
        if (listener != null) {
            listener.onWrite(pa, old, src.clone(), what);
        }
    }

    public void writeU64(long pa, long v, FieldRef what) {
        if (listener == null && (pa & (PAGE_SIZE - 1)) <= PAGE_SIZE - 8 && containsPfn(pa >>> PAGE_SHIFT)) {
            // nobody records history: store in place (block counts, next links, *_ser fields)
            LittleEndian.putU64(pageForWrite((int) ((pa >>> PAGE_SHIFT) - basePfn)), (int) (pa & (PAGE_SIZE - 1)), v);
            return;
        }
        byte[] b = new byte[8];
        LittleEndian.putU64(b, 0, v);
        write(pa, b, what);
    }

    public void writeU32(long pa, long v, FieldRef what) {
        byte[] b = new byte[4];
        LittleEndian.putU32(b, 0, v);
        write(pa, b, what);
    }

    public void writeU8(long pa, int v, FieldRef what) {
        write(pa, new byte[] {(byte) v}, what);
    }

    /** Writes without notifying the listener: used only to undo/redo recorded history. */
    public void writeSilently(long pa, byte[] src) {
        MemoryListener l = listener;
        listener = null;
        try {
            write(pa, src, null);
        } finally {
            listener = l;
        }
    }

    /** Zero a whole page (get_zeroed_page, kzalloc of a page, a freshly allocated shmem folio). */
    public void zeroPage(long pfn) {
        setContent(pfn, null, false);
    }

    /** The page's content becomes garbage: it was handed to the new kernel's allocator. */
    public void poisonPage(long pfn) {
        setContent(pfn, null, true);
    }

    private void setContent(long pfn, byte[] newData, boolean poisoned) {
        int idx = index(pfn);
        byte[][] c = data[idx >>> CHUNK_SHIFT];
        byte[] old = c == null ? null : c[idx & (CHUNK - 1)];
        boolean oldPoisoned = PageMeta.state(metaAt(idx)) == PageState.POISONED;
        if (old == null && newData == null && oldPoisoned == poisoned) {
            return;
        }
        if (c == null && newData != null) {
            c = data[idx >>> CHUNK_SHIFT] = new byte[CHUNK][];
        }
        if (c != null) {
            c[idx & (CHUNK - 1)] = newData;
        }
        if (poisoned != oldPoisoned) {
            long m = metaAt(idx);
            setMetaAt(idx, PageMeta.withState(m, poisoned ? PageState.POISONED : PageState.FREE), pfn);
        }
        if (listener != null) {
            listener.onPageContent(pfn, old, oldPoisoned, poisoned);
        }
    }

    /**
     * Poisons a run of pages at once (memblock_free_all after kexec): they become free memory
     * whose content reads as PAGE_POISON. One listener call for the whole run keeps the trace small.
     */
    public void poisonRange(long startPfn, int count) {
        if (listener == null) {
            poisonRangeUnrecorded(startPfn, count);
            return;
        }
        long[] oldMeta = listener == null ? null : new long[count];
        byte[][] oldData = listener == null ? null : new byte[count][];
        long poisoned = PageMeta.pack(PageState.POISONED, OwnerKind.NONE, 0, false, false, 0);
        for (int i = 0; i < count; i++) {
            int idx = index(startPfn + i);
            byte[][] c = data[idx >>> CHUNK_SHIFT];
            if (oldMeta != null) {
                oldMeta[i] = metaAt(idx);
                oldData[i] = c == null ? null : c[idx & (CHUNK - 1)];
            }
            if (c != null) {
                c[idx & (CHUNK - 1)] = null;
            }
            setMetaRaw(idx, poisoned);
        }
        if (listener != null) {
            listener.onRangePoisoned(startPfn, count, oldMeta, oldData);
        }
    }

    /**
     * {@link #poisonRange} with nobody recording the old contents: whole chunks are dropped and
     * their metadata filled at once (a kexec poisons almost all of RAM this way).
     */
    private void poisonRangeUnrecorded(long startPfn, int count) {
        if (count <= 0) {
            return;
        }
        long poisoned = PageMeta.pack(PageState.POISONED, OwnerKind.NONE, 0, false, false, 0);
        int idx = index(startPfn);
        int end = index(startPfn + count - 1) + 1;
        while (idx < end) {
            int c = idx >>> CHUNK_SHIFT;
            int from = idx & (CHUNK - 1);
            int to = Math.min(CHUNK, from + (end - idx));
            if (from == 0 && to == CHUNK) {
                data[c] = null;
            } else if (data[c] != null) {
                Arrays.fill(data[c], from, to, null);
            }
            if (meta[c] == null) {
                meta[c] = new long[CHUNK];
            }
            Arrays.fill(meta[c], from, to, poisoned);
            idx += to - from;
        }
    }

    /** Undo of {@link #poisonRange}. */
    public void unpoisonRangeSilently(long startPfn, long[] oldMeta, byte[][] oldData) {
        for (int i = 0; i < oldMeta.length; i++) {
            int idx = index(startPfn + i);
            setMetaRaw(idx, oldMeta[i]);
            restorePageSilently(startPfn + i, oldData[i]);
        }
    }

    /** Redo of {@link #poisonRange}. */
    public void poisonRangeSilently(long startPfn, int count) {
        MemoryListener l = listener;
        listener = null;
        try {
            poisonRange(startPfn, count);
        } finally {
            listener = l;
        }
    }

    private void setMetaRaw(int idx, long m) {
        long[] c = meta[idx >>> CHUNK_SHIFT];
        if (c == null) {
            if (m == 0L) {
                return;
            }
            c = meta[idx >>> CHUNK_SHIFT] = new long[CHUNK];
        }
        c[idx & (CHUNK - 1)] = m;
    }

    /**
     * Restores a page's raw content (undo of zero/poison). {@code d} belongs to a trace event and is
     * copied: if the page kept the event's array, later writes (replaying or undoing other events)
     * would change the recorded history itself, and the next pass over that event would restore
     * the wrong bytes.
     */
    public void restorePageSilently(long pfn, byte[] d) {
        if (d != null) {
            d = d.clone();
        }
        int idx = index(pfn);
        byte[][] c = data[idx >>> CHUNK_SHIFT];
        if (c == null) {
            if (d == null) {
                return;
            }
            c = data[idx >>> CHUNK_SHIFT] = new byte[CHUNK][];
        }
        c[idx & (CHUNK - 1)] = d;
    }

    /** A copy of a page's bytes, or null if the page was never written (all zero or all poison). */
    public byte[] pageCopy(long pfn) {
        byte[] p = page(index(pfn));
        return p == null ? null : p.clone();
    }

    // ---- metadata -----------------------------------------------------------------------------

    public long meta(long pfn) {
        return metaAt(index(pfn));
    }

    public void setMeta(long pfn, long m) {
        setMetaAt(index(pfn), m, pfn);
    }

    private void setMetaAt(int idx, long m, long pfn) {
        long[] c = meta[idx >>> CHUNK_SHIFT];
        if (c == null) {
            if (m == 0L) {
                return;
            }
            c = meta[idx >>> CHUNK_SHIFT] = new long[CHUNK];
        }
        long old = c[idx & (CHUNK - 1)];
        if (old == m) {
            return;
        }
        c[idx & (CHUNK - 1)] = m;
        if (listener != null) {
            listener.onMeta(pfn, old, m);
        }
    }

    public void setMetaSilently(long pfn, long m) {
        MemoryListener l = listener;
        listener = null;
        try {
            setMeta(pfn, m);
        } finally {
            listener = l;
        }
    }

    public int label(String text) {
        Integer id = labelIds.get(text);
        if (id == null) {
            id = labels.size();
            labels.add(text);
            labelIds.put(text, id);
        }
        return id;
    }

    public String labelText(int id) {
        return id >= 0 && id < labels.size() ? labels.get(id) : "";
    }

    /** A short human description of the page for hover text. */
    public String describe(long pfn) {
        long m = meta(pfn);
        String label = labelText(PageMeta.labelId(m));
        return label.isEmpty() ? PageMeta.kind(m).label() : label;
    }

    // ---- whole-memory views -------------------------------------------------------------------

    /** Visits every page that has bytes of its own, in PA order. */
    public void forEachTouchedPage(PageVisitor v) {
        for (int c = 0; c < data.length; c++) {
            byte[][] chunk = data[c];
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < CHUNK; i++) {
                if (chunk[i] != null) {
                    v.visit(basePfn + ((long) c << CHUNK_SHIFT) + i, chunk[i]);
                }
            }
        }
    }

    private static boolean isFill(byte[] p, byte fill) {
        for (byte b : p) {
            if (b != fill) {
                return false;
            }
        }
        return true;
    }

    public interface PageVisitor {
        void visit(long pfn, byte[] bytes);
    }

    /**
     * SHA-256 over every page's content and metadata: equal for two runs that did the same. The
     * content is what a read returns, so a page holding only the bytes it would read without
     * storage of its own (zeros, or PAGE_POISON when poisoned) hashes like a page with none: undoing
     * a write into a never-written page leaves zero bytes behind, which no read can tell apart.
     */
    public String contentHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[16];
            for (long i = 0; i < nrPages; i++) {
                int idx = (int) i;
                byte[] p = page(idx);
                long m = metaAt(idx);
                if (p != null && isFill(p, PageMeta.state(m) == PageState.POISONED ? PAGE_POISON : 0)) {
                    p = null;
                }
                if (p == null && m == 0) {
                    continue;
                }
                LittleEndian.putU64(buf, 0, i);
                LittleEndian.putU64(buf, 8, m);
                md.update(buf);
                if (p != null) {
                    md.update(p);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (byte b : md.digest()) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

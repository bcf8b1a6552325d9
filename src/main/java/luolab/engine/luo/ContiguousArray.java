package luolab.engine.luo;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The pre-series storage (kernel-luo.md §1.3): one preserved, physically contiguous array of
 * fixed size. Sessions: 16 pages, a u64 count header then 80-byte entries (LUO_SESSION_MAX =
 * 819; one more → -ENOMEM). Files: 2 pages of 64-byte entries per session, no header
 * (LUO_FILE_MAX = 128; one more → -ENOSPC). These limits are what the series removed.
 */
public final class ContiguousArray implements EntryStore {
    private final String name;
    private final Kho kho;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    private final OwnerKind kind;
    private final int entrySize;
    private final int pages;
    private final int headerSize;
    private final int max;
    private final int fullErrno;
    private long pa;
    private boolean incoming;
    private long incomingCount;

    ContiguousArray(String name, Kho kho, PhysicalMemory mem, Trace trace, KernelLog log, OwnerKind kind,
            int entrySize, int pages, int headerSize, int fullErrno) {
        this.name = name;
        this.kho = kho;
        this.mem = mem;
        this.trace = trace;
        this.log = log;
        this.kind = kind;
        this.entrySize = entrySize;
        this.pages = pages;
        this.headerSize = headerSize;
        this.max = (pages * PhysicalMemory.PAGE_SIZE - headerSize) / entrySize;
        this.fullErrno = fullErrno;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long headPa() {
        return pa;
    }

    @Override
    public int nblocks() {
        return pa == 0 ? 0 : 1;
    }

    @Override
    public List<Long> blocks() {
        return pa == 0 ? List.of() : List.of(pa);
    }

    @Override
    public int countPerBlock() {
        return max;
    }

    @Override
    public int entrySize() {
        return entrySize;
    }

    @Override
    public boolean isEmpty() {
        return pa == 0;
    }

    /** luo_contig_alloc_preserve() of the whole array, the first time it is needed. */
    int allocate() {
        if (pa != 0) {
            return 0;
        }
        long p = kho.allocPreserve((long) pages * PhysicalMemory.PAGE_SIZE, kind, name + " array");
        if (p < 0) {
            return (int) p;
        }
        pa = p;
        trace.emit(new TraceEvent.BlockLinked(trace.phase(), trace.stack(), name, 0, pa, 0, true));
        return 0;
    }

    @Override
    public int grow(long count) {
        if (count > max) {
            return fullErrno;
        }
        return count > 0 ? allocate() : 0;
    }

    @Override
    public void shrink(long count) {
        // a fixed array never shrinks; it is freed with its owner
    }

    @Override
    public void destroy() {
        if (pa != 0) {
            if (incoming) {
                kho.restoreFree(pa);
            } else {
                kho.unpreserveFree(pa);
            }
            pa = 0;
        }
    }

    @Override
    public void clear() {
        if (pa != 0) {
            mem.write(pa, new byte[pages * PhysicalMemory.PAGE_SIZE], null);
        }
    }

    /**
     * Adopt the previous kernel's array. The base code trusted the count; the hardened variant
     * (linux-mm luo_session.c) rejects a count above the array's capacity with
     * "Invalid session count: %llu" — used here so a damaged count cannot walk off the array.
     */
    @Override
    public int restore(long head) {
        incoming = true;
        pa = head;
        if (head == 0) {
            return 0;
        }
        if (headerSize > 0) {
            incomingCount = mem.u64(head);
            if (Long.compareUnsigned(incomingCount, max) > 0) {
                log.err("luo: Invalid session count: " + Long.toUnsignedString(incomingCount));
                pa = 0;
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    /**
     * Files have no header: their count comes from the session entry, and the pre-series
     * luo_file_deserialize() (torvalds luo_file.c @ b2135d1c) loops {@code for (i = 0; i <
     * file_set->count; i++)} over {@code phys_to_virt(file_set_ser->files)} with no bound: a
     * count above LUO_FILE_MAX reads the entries past the 2-page array from whatever physical
     * memory follows it (a page that is not RAM faults like any wild read). Kept unclamped.
     */
    void setIncomingCount(long count) {
        incomingCount = count;
    }

    @Override
    public Cursor iterator() {
        return new Cursor() {
            private long i;

            @Override
            public long reserveEntry() {
                if (pa == 0 || i >= max) {
                    return 0;
                }
                long slot = pa + headerSize + i * entrySize;
                i++;
                if (headerSize > 0) {
                    mem.writeU64(pa, i, Layouts.SESSION_HEADER_V1.ref("count"));
                }
                return slot;
            }

            @Override
            public long readEntry() {
                // unsigned: file_set_ser.count is a u64 from memory; the session array's count
                // was checked against its capacity in restore()
                if (pa == 0 || Long.compareUnsigned(i, incomingCount) >= 0) {
                    return 0;
                }
                return pa + headerSize + (i++) * entrySize;
            }

            @Override
            public void write(byte[] src, FieldRef what) {
                mem.write(pa + headerSize + (i - 1) * entrySize, src, what);
            }

            @Override
            public void read(byte[] dst) {
                mem.read(pa + headerSize + (i - 1) * entrySize, dst, 0, dst.length);
            }

            @Override
            public int blockIndex() {
                return 0;
            }

            @Override
            public long slotIndex() {
                return i - 1;
            }
        };
    }
}

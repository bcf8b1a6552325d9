package luolab.engine.vfs;

import java.util.TreeMap;

/**
 * The shmem inode behind a memfd: its size, seals and page cache. Page-cache pages are folios
 * in simulated physical memory (order 0 here), so their bytes are what survives a kexec.
 */
public final class ShmemInode {
    public static final int F_SEAL_SEAL = 0x0001;
    public static final int F_SEAL_SHRINK = 0x0002;
    public static final int F_SEAL_GROW = 0x0004;
    public static final int F_SEAL_WRITE = 0x0008;
    public static final int F_SEAL_FUTURE_WRITE = 0x0010;
    public static final int F_SEAL_EXEC = 0x0020;

    private final long address = KernelAddress.next();
    private final String name;
    private long size;
    private int seals;
    private boolean frozen;
    /** page index → PA of the folio holding it. */
    private final TreeMap<Long, Long> pages = new TreeMap<>();

    public ShmemInode(String name, int seals) {
        this.name = name;
        this.seals = seals;
    }

    public String name() {
        return name;
    }

    /** The struct inode's (simulated) address: memfd's get_id. */
    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public int seals() {
        return seals;
    }

    public void setSeals(int seals) {
        this.seals = seals;
    }

    /** shmem_freeze(): while LUO holds the memfd, its size and page cache may not change. */
    public boolean frozen() {
        return frozen;
    }

    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    public TreeMap<Long, Long> pages() {
        return pages;
    }
}

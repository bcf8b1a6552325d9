package luolab.engine.vfs;

/**
 * A struct file: what an fd refers to. Reference counted like the kernel's (fget/fput), so LUO
 * can hold a retrieved file alive after userspace closes its fd.
 */
public abstract class KFile {
    private final long address = KernelAddress.next();
    private int refs = 1;
    private long pos;

    public abstract String name();

    /** The struct file's (simulated) address. */
    public long address() {
        return address;
    }

    /** The address of the inode behind the file; files without one of their own answer their own address. */
    public long inodeAddress() {
        return address;
    }

    public long pos() {
        return pos;
    }

    public void setPos(long pos) {
        this.pos = pos;
    }

    public KFile get() {
        refs++;
        return this;
    }

    /** Drops a reference; returns true when it was the last one (release runs). */
    public boolean put() {
        return --refs == 0;
    }

    public int refs() {
        return refs;
    }
}

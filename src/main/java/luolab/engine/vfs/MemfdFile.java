package luolab.engine.vfs;

/** A file opened on a shmem inode by memfd_create(). */
public final class MemfdFile extends KFile {
    private final ShmemInode inode;

    public MemfdFile(ShmemInode inode) {
        this.inode = inode;
    }

    public ShmemInode shmem() {
        return inode;
    }

    @Override
    public long inodeAddress() {
        return inode.address();
    }

    @Override
    public String name() {
        return "memfd:" + inode.name();
    }
}

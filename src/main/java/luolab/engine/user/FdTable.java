package luolab.engine.user;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import luolab.engine.vfs.KFile;

/**
 * struct fdtable: an array of files indexed by fd and the open_fds bitmap that finds the lowest
 * free fd (alloc_fd() → find_next_zero_bit). fds 0-2 are the process's stdio and never handed out.
 */
final class FdTable {
    private static final int FIRST_FD = 3;

    private KFile[] files = new KFile[64];
    /** open_fds: bit n set while fd n is open. */
    private long[] open = new long[1];
    /**
     * files->next_fd: no fd below it is free. alloc_fd() starts its bitmap search here and
     * __put_unused_fd() lowers it, so a process holding thousands of session fds does not rescan
     * them for every new one.
     */
    private int nextFd = FIRST_FD;

    KFile get(int fd) {
        return fd >= 0 && fd < files.length ? files[fd] : null;
    }

    /** alloc_fd() + fd_install(): the lowest free fd. */
    int install(KFile f) {
        int fd = lowestFree();
        if (fd >= files.length) {
            files = Arrays.copyOf(files, Math.max(fd + 1, files.length * 2));
        }
        if ((fd >>> 6) >= open.length) {
            open = Arrays.copyOf(open, open.length * 2);
        }
        open[fd >>> 6] |= 1L << fd;
        files[fd] = f;
        nextFd = fd + 1;
        return fd;
    }

    /** close_fd(): the file the fd referred to, or null if it was not open. */
    KFile remove(int fd) {
        KFile f = get(fd);
        if (f != null) {
            files[fd] = null;
            open[fd >>> 6] &= ~(1L << fd);
            if (fd < nextFd) {
                nextFd = fd;
            }
        }
        return f;
    }

    private int lowestFree() {
        int w = nextFd >>> 6;
        if (w >= open.length) {
            return nextFd;
        }
        long word = open[w] | ((1L << nextFd) - 1);
        while (word == -1L) {
            if (++w == open.length) {
                return w << 6;
            }
            word = open[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(~word);
    }

    /** Every open fd, lowest first. */
    List<Integer> openFds() {
        List<Integer> l = new ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                l.add(fd);
            }
        }
        return Collections.unmodifiableList(l);
    }
}

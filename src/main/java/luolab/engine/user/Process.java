package luolab.engine.user;

import java.nio.charset.StandardCharsets;
import luolab.engine.Errno;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageFault;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.vfs.DevNull;
import luolab.engine.vfs.KFile;
import luolab.engine.vfs.MemfdFile;
import luolab.engine.vfs.ShmemInode;
import luolab.engine.vfs.TestFile;

/**
 * A user process with an fd table, making the system calls the LUO selftests make. Every call
 * returns a non-negative result or a negative errno, never throws: a page fault inside the
 * kernel becomes an oops and -EFAULT.
 */
public final class Process {
    public static final int MFD_ALLOW_SEALING = 0x0002;

    private final Kernel kernel;
    private final Trace trace;
    private final FdTable fds = new FdTable();
    /**
     * The kernel's on-stack {@code struct file *file} of luo_session_retrieve_fd(), and the
     * selftest helpers' on-stack {@code struct liveupdate_session_*_fd} argument: one each per
     * process rather than an allocation per ioctl (a million of them in the scale scenarios).
     */
    private final KFile[] filep = new KFile[1];
    private final byte[] fdArg = new byte[LiveUpdateUapi.FD_ARG_SIZE];
    private final int pid;

    public Process(Kernel kernel) {
        this.kernel = kernel;
        this.trace = kernel.machine().trace();
        this.pid = kernel.allocPid();
    }

    /** This process's PID: kernel code run in its system calls prints it in WARN headers. */
    public int pid() {
        return pid;
    }

    public Kernel kernel() {
        return kernel;
    }

    private Luo luo() {
        return kernel.luo();
    }

    public KFile file(int fd) {
        return fds.get(fd);
    }

    /** The open fds, lowest first. */
    public java.util.List<Integer> openFds() {
        return fds.openFds();
    }

    private int install(KFile f) {
        return fds.install(f);
    }

    private interface Call {
        int run();
    }

    /** Runs a syscall body: a dead (panicked or hung) kernel runs nothing, a wild PA oopses. */
    private int syscall(Call c) {
        int e = refused();
        if (e != 0) {
            return e;
        }
        int prev = kernel.log().enterTask(pid);
        try {
            return c.run();
        } catch (PageFault pf) {
            return oops(pf);
        } finally {
            kernel.log().leaveTask(prev);
        }
    }

    /** -EIO when a dead (panicked, hung) or wedged kernel cannot run the call, else 0. */
    private int refused() {
        if (kernel.dead() || luo() == null) {
            return -Errno.EIO;
        }
        if (kernel.wedged()) {
            kernel.reportBlocked(Kernel.USER_COMM, pid);
            return -Errno.EIO;
        }
        return 0;
    }

    private int oops(PageFault pf) {
        kernel.oops(pf);
        return -Errno.EFAULT;
    }

    // ---- files ---------------------------------------------------------------------------------

    public int open(String path) {
        return syscall(() -> {
            if (path.equals("/dev/null")) {
                return install(new DevNull());
            }
            if (!path.equals("/dev/liveupdate")) {
                return -Errno.ENOENT;
            }
            if (!luo().enabled()) {
                return -Errno.ENOENT;
            }
            int e = luo().devOpen();
            return e < 0 ? e : install(new LiveUpdateDevice());
        });
    }

    // close() and ioctl() run a million times in the scale scenarios: spelled out rather than
    // through syscall(), so no closure is allocated per call
    public int close(int fd) {
        int e = refused();
        if (e != 0) {
            return e;
        }
        int prev = kernel.log().enterTask(pid);
        try {
            KFile f = fds.remove(fd);
            if (f == null) {
                return -Errno.EBADF;
            }
            if (f.put()) {
                release(f);
            }
            return 0;
        } catch (PageFault pf) {
            return oops(pf);
        } finally {
            kernel.log().leaveTask(prev);
        }
    }

    private void release(KFile f) {
        if (f instanceof LiveUpdateDevice) {
            luo().devRelease();
        } else if (f instanceof SessionFile sf) {
            luo().sessions().release(sf.session());
        } else if (f instanceof MemfdFile mf && !mf.shmem().frozen()) {
            for (long pa : mf.shmem().pages().values()) {
                kernel.mm().freePages(pa, 0);
            }
            mf.shmem().pages().clear();
        }
    }

    /** Closes every fd, as process exit does. */
    public void exit() {
        for (int fd : fds.openFds()) {
            close(fd);
        }
    }

    public int memfdCreate(String name, int flags) {
        return syscall(() -> install(new MemfdFile(new ShmemInode(name,
                (flags & MFD_ALLOW_SEALING) != 0 ? 0 : ShmemInode.F_SEAL_SEAL))));
    }

    /** A metadata-only file for scale tests (the "luolab-test-v1" handler preserves it). */
    public int testFileCreate(long cookie) {
        // the handler serializes the cookie as its data handle, and 0 is "no data"
        return syscall(() -> cookie == 0 ? -Errno.EINVAL : install(new TestFile(cookie)));
    }

    public int ftruncate(int fd, long size) {
        return syscall(() -> {
            if (!(fds.get(fd) instanceof MemfdFile mf)) {
                return -Errno.EINVAL;
            }
            ShmemInode in = mf.shmem();
            if (in.frozen()) {
                return -Errno.EPERM;
            }
            if ((size < in.size() && (in.seals() & ShmemInode.F_SEAL_SHRINK) != 0)
                    || (size > in.size() && (in.seals() & ShmemInode.F_SEAL_GROW) != 0)) {
                return -Errno.EPERM;
            }
            long keep = (size + PhysicalMemory.PAGE_SIZE - 1) / PhysicalMemory.PAGE_SIZE;
            for (Long idx : new java.util.ArrayList<>(in.pages().tailMap(keep).keySet())) {
                kernel.mm().freePages(in.pages().remove(idx), 0);
            }
            in.setSize(size);
            return 0;
        });
    }

    /** pwrite() into the memfd's page cache; pages are allocated (zeroed) on first touch. */
    public int pwrite(int fd, byte[] data, long offset) {
        return syscall(() -> {
            if (!(fds.get(fd) instanceof MemfdFile mf)) {
                return -Errno.EBADF;
            }
            ShmemInode in = mf.shmem();
            if ((in.seals() & (ShmemInode.F_SEAL_WRITE | ShmemInode.F_SEAL_FUTURE_WRITE)) != 0) {
                return -Errno.EPERM;
            }
            if (offset + data.length > in.size() && (in.seals() & ShmemInode.F_SEAL_GROW) != 0) {
                return -Errno.EPERM;
            }
            if (in.frozen() && offset + data.length > in.size()) {
                return -Errno.EPERM;
            }
            PhysicalMemory mem = kernel.machine().memory();
            int done = 0;
            while (done < data.length) {
                long pos = offset + done;
                long idx = pos / PhysicalMemory.PAGE_SIZE;
                int inPage = (int) (pos % PhysicalMemory.PAGE_SIZE);
                int n = Math.min(data.length - done, PhysicalMemory.PAGE_SIZE - inPage);
                Long pa = in.pages().get(idx);
                if (pa == null) {
                    pa = kernel.mm().allocPages(0, OwnerKind.MEMFD_FOLIO, "memfd '" + in.name() + "' page " + idx, PageState.USER);
                    if (pa == 0) {
                        return done > 0 ? done : -Errno.ENOMEM;
                    }
                    in.pages().put(idx, pa);
                }
                byte[] chunk = java.util.Arrays.copyOfRange(data, done, done + n);
                mem.write(pa + inPage, chunk, null);
                done += n;
            }
            if (offset + data.length > in.size()) {
                in.setSize(offset + data.length);
            }
            return done;
        });
    }

    /** write(): at the file position, which advances (and is what memfd_luo_freeze saves). */
    public int write(int fd, byte[] data) {
        KFile f = fds.get(fd);
        if (f == null) {
            return kernel.dead() ? -Errno.EIO : -Errno.EBADF;
        }
        int n = pwrite(fd, data, f.pos());
        if (n > 0) {
            f.setPos(f.pos() + n);
        }
        return n;
    }

    /** pread(): bytes past EOF are not returned; holes read as zeros. Null for a bad fd. */
    public byte[] pread(int fd, int len, long offset) {
        if (kernel.dead() || !(fds.get(fd) instanceof MemfdFile mf)) {
            return null;
        }
        ShmemInode in = mf.shmem();
        long end = Math.min(in.size(), offset + len);
        if (end <= offset) {
            return new byte[0];
        }
        byte[] out = new byte[(int) (end - offset)];
        PhysicalMemory mem = kernel.machine().memory();
        try {
            for (long pos = offset; pos < end; ) {
                long idx = pos / PhysicalMemory.PAGE_SIZE;
                int inPage = (int) (pos % PhysicalMemory.PAGE_SIZE);
                int n = (int) Math.min(end - pos, PhysicalMemory.PAGE_SIZE - inPage);
                Long pa = in.pages().get(idx);
                if (pa != null) {
                    mem.read(pa + inPage, out, (int) (pos - offset), n);
                }
                pos += n;
            }
        } catch (PageFault pf) {
            kernel.oops(pf);
            return null;
        }
        return out;
    }

    public long fileSize(int fd) {
        return fds.get(fd) instanceof MemfdFile mf ? mf.shmem().size() : -Errno.EBADF;
    }

    /** fcntl(F_ADD_SEALS). */
    public int addSeals(int fd, int seals) {
        return syscall(() -> {
            if (!(fds.get(fd) instanceof MemfdFile mf)) {
                return -Errno.EINVAL;
            }
            if ((mf.shmem().seals() & ShmemInode.F_SEAL_SEAL) != 0) {
                return -Errno.EPERM;
            }
            mf.shmem().setSeals(mf.shmem().seals() | seals);
            return 0;
        });
    }

    /** fcntl(F_GET_SEALS). */
    public int getSeals(int fd) {
        return fds.get(fd) instanceof MemfdFile mf ? mf.shmem().seals() : -Errno.EINVAL;
    }

    // ---- ioctl ---------------------------------------------------------------------------------

    /**
     * ioctl(fd, cmd, arg): {@code arg} is the argument struct as userspace lays it out (first u32
     * = size); output fields are written back into it.
     */
    public int ioctl(int fd, int cmd, byte[] arg) {
        int e = refused();
        if (e != 0) {
            return e;
        }
        int prev = kernel.log().enterTask(pid);
        try {
            KFile f = fds.get(fd);
            if (f == null) {
                return -Errno.EBADF;
            }
            if ((cmd >>> 8) != LiveUpdateUapi.IOCTL_TYPE) {
                return -Errno.ENOTTY;
            }
            if (f instanceof LiveUpdateDevice) {
                return devIoctl(cmd, arg);
            }
            if (f instanceof SessionFile sf) {
                return sessionIoctl(sf.session(), cmd, arg);
            }
            return -Errno.ENOTTY;
        } catch (PageFault pf) {
            return oops(pf);
        } finally {
            kernel.log().leaveTask(prev);
        }
    }

    /** copy_struct_from_user(): size below min → -EINVAL; non-zero bytes past ours → -E2BIG. */
    private static int checkArg(byte[] arg, int ours) {
        if (arg == null || arg.length < 4) {
            return -Errno.EFAULT;
        }
        long size = LittleEndian.u32(arg, 0);
        if (size < ours) {
            return -Errno.EINVAL;
        }
        if (size > arg.length) {
            return -Errno.EFAULT;
        }
        for (int i = ours; i < size; i++) {
            if (arg[i] != 0) {
                return -Errno.E2BIG;
            }
        }
        return 0;
    }

    private int devIoctl(int cmd, byte[] arg) {
        if (cmd != LiveUpdateUapi.CREATE_SESSION && cmd != LiveUpdateUapi.RETRIEVE_SESSION) {
            return -Errno.EINVAL;
        }
        int e = checkArg(arg, LiveUpdateUapi.SESSION_ARG_SIZE);
        if (e != 0) {
            return e;
        }
        byte[] name = java.util.Arrays.copyOfRange(arg, 8, 72);
        Object[] r;
        if (cmd == LiveUpdateUapi.CREATE_SESSION) {
            try (var f = trace.at("__x64_sys_ioctl", "luo_ioctl", "luo_ioctl_create_session")) {
                if (trace.phase() != Phase.RUNNING && trace.phase() != Phase.SERIALIZE) {
                    trace.setPhase(Phase.RUNNING);
                }
                r = luo().sessions().create(name);
            }
        } else {
            try (var f = trace.at("__x64_sys_ioctl", "luo_ioctl", "luo_ioctl_retrieve_session")) {
                r = luo().sessions().retrieve(name);
            }
        }
        if ((int) r[0] != 0) {
            return (int) r[0];
        }
        int sfd = install(new SessionFile((LuoSession) r[1]));
        LittleEndian.putU32(arg, 4, sfd);
        return 0;
    }

    private int sessionIoctl(LuoSession s, int cmd, byte[] arg) {
        switch (cmd) {
            case LiveUpdateUapi.SESSION_PRESERVE_FD: {
                int e = checkArg(arg, LiveUpdateUapi.FD_ARG_SIZE);
                if (e != 0) {
                    return e;
                }
                if (s.incoming()) {
                    return -Errno.EINVAL;
                }
                int fd = (int) LittleEndian.u32(arg, 4);
                long token = LittleEndian.u64(arg, 8);
                try (var f = trace.at("__x64_sys_ioctl", "luo_session_ioctl", "luo_session_preserve_fd")) {
                    return luo().files().preserve(s, token, fds.get(fd));
                }
            }
            case LiveUpdateUapi.SESSION_RETRIEVE_FD: {
                int e = checkArg(arg, LiveUpdateUapi.FD_ARG_SIZE);
                if (e != 0) {
                    return e;
                }
                if (!s.incoming()) {
                    return -Errno.EINVAL;
                }
                long token = LittleEndian.u64(arg, 8);
                try (var f = trace.at("__x64_sys_ioctl", "luo_session_ioctl", "luo_session_retrieve_fd")) {
                    if (trace.phase() != Phase.RETRIEVE) {
                        trace.setPhase(Phase.RETRIEVE);
                    }
                    e = luo().files().retrieve(s, token, filep);
                }
                if (e != 0) {
                    return e;
                }
                KFile file = filep[0];
                filep[0] = null;
                int nfd = install(file);
                LittleEndian.putU32(arg, 4, nfd);
                return 0;
            }
            case LiveUpdateUapi.SESSION_FINISH: {
                int e = checkArg(arg, LiveUpdateUapi.FINISH_ARG_SIZE);
                if (e != 0) {
                    return e;
                }
                if (!s.incoming()) {
                    return -Errno.EINVAL;
                }
                try (var f = trace.at("__x64_sys_ioctl", "luo_session_ioctl", "luo_session_finish")) {
                    trace.setPhase(Phase.FINISH);
                    return luo().files().finishSession(s);
                }
            }
            case LiveUpdateUapi.SESSION_GET_NAME: {
                int e = checkArg(arg, LiveUpdateUapi.GET_NAME_ARG_SIZE);
                if (e != 0) {
                    return e;
                }
                if (LittleEndian.u32(arg, 4) != 0) {
                    return -Errno.EINVAL;
                }
                LittleEndian.putCString(arg, 8, 64, s.name());
                return 0;
            }
            default:
                return -Errno.EINVAL;
        }
    }

    // ---- luo_test_utils.c style helpers ---------------------------------------------------------

    public int createSession(int devFd, String name) {
        return sessionIoctlByName(devFd, LiveUpdateUapi.CREATE_SESSION, name.getBytes(StandardCharsets.ISO_8859_1));
    }

    public int createSessionRaw(int devFd, byte[] name) {
        return sessionIoctlByName(devFd, LiveUpdateUapi.CREATE_SESSION, name);
    }

    public int retrieveSession(int devFd, String name) {
        return sessionIoctlByName(devFd, LiveUpdateUapi.RETRIEVE_SESSION, name.getBytes(StandardCharsets.ISO_8859_1));
    }

    private int sessionIoctlByName(int devFd, int cmd, byte[] name) {
        byte[] arg = new byte[LiveUpdateUapi.SESSION_ARG_SIZE];
        LittleEndian.putU32(arg, 0, arg.length);
        System.arraycopy(name, 0, arg, 8, Math.min(64, name.length));
        int e = ioctl(devFd, cmd, arg);
        return e < 0 ? e : (int) LittleEndian.u32(arg, 4);
    }

    public int preserveFd(int sessionFd, int fd, long token) {
        byte[] arg = fdArg;
        LittleEndian.putU32(arg, 0, arg.length);
        LittleEndian.putU32(arg, 4, fd);
        LittleEndian.putU64(arg, 8, token);
        return ioctl(sessionFd, LiveUpdateUapi.SESSION_PRESERVE_FD, arg);
    }

    public int retrieveFd(int sessionFd, long token) {
        byte[] arg = fdArg;
        LittleEndian.putU32(arg, 0, arg.length);
        LittleEndian.putU32(arg, 4, 0);
        LittleEndian.putU64(arg, 8, token);
        int e = ioctl(sessionFd, LiveUpdateUapi.SESSION_RETRIEVE_FD, arg);
        return e < 0 ? e : (int) LittleEndian.u32(arg, 4);
    }

    public int finishSession(int sessionFd) {
        byte[] arg = new byte[LiveUpdateUapi.FINISH_ARG_SIZE];
        LittleEndian.putU32(arg, 0, arg.length);
        return ioctl(sessionFd, LiveUpdateUapi.SESSION_FINISH, arg);
    }

    /** LIVEUPDATE_SESSION_GET_NAME; returns the name or null with {@code err[0]} set. */
    public String sessionName(int sessionFd, int[] err) {
        byte[] arg = new byte[LiveUpdateUapi.GET_NAME_ARG_SIZE];
        LittleEndian.putU32(arg, 0, arg.length);
        err[0] = ioctl(sessionFd, LiveUpdateUapi.SESSION_GET_NAME, arg);
        return err[0] < 0 ? null : LittleEndian.cString(arg, 8, 64);
    }

    /** The selftests' create_and_preserve_memfd(): 1-page memfd with {@code data}, preserved. */
    public int preserveMemfd(int sessionFd, long token, byte[] data) {
        int fd = memfdCreate("test-memfd", 0);
        if (fd < 0) {
            return fd;
        }
        if (data.length > 0) {
            int e = ftruncate(fd, Math.max(PhysicalMemory.PAGE_SIZE, data.length));
            if (e == 0) {
                e = pwrite(fd, data, 0);
            }
            if (e < 0) {
                return e;
            }
        }
        int e = preserveFd(sessionFd, fd, token);
        return e < 0 ? e : fd;
    }
}

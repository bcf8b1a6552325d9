package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.vfs.KFile;
import luolab.engine.vfs.MemfdFile;
import luolab.engine.vfs.ShmemInode;
import luolab.engine.vfs.TestFile;

/**
 * What userspace preserved, captured from the old kernel before anything is damaged: the
 * yardstick for "restored" and "silent damage". It is the test harness's memory, not the
 * kernel's: the next kernel never sees it.
 */
public record Expectation(List<ExpectedSession> sessions) {
    /** Larger memfds are compared by their first bytes only. */
    public static final int MAX_CAPTURE = 1 << 20;

    public Expectation {
        sessions = List.copyOf(sessions);
    }

    public record ExpectedSession(String name, List<ExpectedFile> files) {
        public ExpectedSession {
            files = List.copyOf(files);
        }
    }

    /** A memfd (content, size, seals) or a test file (cookie). */
    public record ExpectedFile(long token, boolean memfd, byte[] content, long size, int seals, long cookie) {
    }

    /** The outgoing sessions of {@code k} in creation order, with their files' content. */
    public static Expectation capture(Kernel k) {
        List<ExpectedSession> out = new ArrayList<>();
        if (k.luo() == null) {
            return new Expectation(out);
        }
        PhysicalMemory mem = k.machine().memory();
        for (LuoSession s : k.luo().sessions().outgoing()) {
            List<ExpectedFile> files = new ArrayList<>();
            for (LuoFile f : s.fileSet().files()) {
                KFile file = f.file();
                if (file instanceof MemfdFile mf) {
                    ShmemInode in = mf.shmem();
                    int n = (int) Math.min(in.size(), MAX_CAPTURE);
                    byte[] content = new byte[n];
                    for (long pos = 0; pos < n; ) {
                        long idx = pos / PhysicalMemory.PAGE_SIZE;
                        int inPage = (int) (pos % PhysicalMemory.PAGE_SIZE);
                        int len = (int) Math.min(n - pos, PhysicalMemory.PAGE_SIZE - inPage);
                        Long pa = in.pages().get(idx);
                        if (pa != null) {
                            mem.read(pa + inPage, content, (int) pos, len);
                        }
                        pos += len;
                    }
                    files.add(new ExpectedFile(f.token(), true, content, in.size(), in.seals(), 0));
                } else if (file instanceof TestFile tf) {
                    files.add(new ExpectedFile(f.token(), false, null, 0, 0, tf.cookie()));
                }
            }
            out.add(new ExpectedSession(s.name(), files));
        }
        return new Expectation(out);
    }

    public int fileCount() {
        return sessions.stream().mapToInt(s -> s.files().size()).sum();
    }
}

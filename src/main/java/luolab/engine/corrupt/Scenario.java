package luolab.engine.corrupt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;

/**
 * A small set of sessions and files to preserve, built through the uapi like the selftests' stage
 * 1: a process creates the sessions, preserves memfds and test files, closes /dev/liveupdate and
 * keeps the session fds open until kexec.
 */
public final class Scenario {
    /** A memfd ({@code content}, 1 page minimum like create_and_preserve_memfd) or a test file ({@code cookie}). */
    public record FileSpec(long token, boolean memfd, byte[] content, long cookie) {
        public static FileSpec memfd(long token, String text) {
            return new FileSpec(token, true, text.getBytes(StandardCharsets.US_ASCII), 0);
        }

        public static FileSpec memfd(long token, byte[] data) {
            return new FileSpec(token, true, data.clone(), 0);
        }

        public static FileSpec test(long token, long cookie) {
            return new FileSpec(token, false, null, cookie);
        }
    }

    public record SessionSpec(String name, List<FileSpec> files) {
        public SessionSpec {
            files = List.copyOf(files);
        }
    }

    private final List<SessionSpec> sessions;

    public Scenario(List<SessionSpec> sessions) {
        this.sessions = List.copyOf(sessions);
    }

    public List<SessionSpec> sessions() {
        return sessions;
    }

    /**
     * "alpha" {memfd 0x1A "hello kexec world", memfd 0x1B two pages}, "beta" {memfd 0x2A, test file 0x2B},
     * "gamma" {}.
     */
    public static Scenario demo() {
        byte[] two = new byte[8192];
        for (int i = 0; i < two.length; i++) {
            two[i] = (byte) (i * 31 + 7);
        }
        return new Scenario(List.of(
                new SessionSpec("alpha", List.of(FileSpec.memfd(0x1A, "hello kexec world"), FileSpec.memfd(0x1B, two))),
                new SessionSpec("beta", List.of(FileSpec.memfd(0x2A, "beta data"), FileSpec.test(0x2B, 0xC0FFEE))),
                new SessionSpec("gamma", List.of())));
    }

    /** Adds {@code n} empty sessions "extra-&lt;i&gt;" (52+ sessions need a second session block). */
    public Scenario withExtraSessions(int n) {
        List<SessionSpec> s = new ArrayList<>(sessions);
        for (int i = 0; i < n; i++) {
            s.add(new SessionSpec("extra-" + i, List.of()));
        }
        return new Scenario(s);
    }

    /** Adds a session "many" with {@code n} test files (64+ files need a second file block). */
    public Scenario withManyFiles(int n) {
        List<FileSpec> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.add(FileSpec.test(0x1000 + i, 0xF11E0000L + i));
        }
        List<SessionSpec> s = new ArrayList<>(sessions);
        s.add(new SessionSpec("many", f));
        return new Scenario(s);
    }

    /**
     * Runs the syscalls on {@code m}'s current kernel. Returns the process that holds the session
     * fds (they must stay open until kexec); throws IllegalStateException if a syscall fails.
     */
    public Process build(Machine m) {
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        check(dev, "open /dev/liveupdate");
        for (SessionSpec s : sessions) {
            int sfd = p.createSession(dev, s.name());
            check(sfd, "CREATE_SESSION " + s.name());
            for (FileSpec f : s.files()) {
                int r;
                if (f.memfd()) {
                    r = p.preserveMemfd(sfd, f.token(), f.content());
                } else {
                    int fd = p.testFileCreate(f.cookie());
                    check(fd, "test file");
                    r = p.preserveFd(sfd, fd, f.token());
                }
                check(r, "PRESERVE_FD " + s.name() + " 0x" + Long.toHexString(f.token()));
            }
        }
        check(p.close(dev), "close /dev/liveupdate");
        return p;
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + " failed: " + Errno.pe(r));
        }
    }
}

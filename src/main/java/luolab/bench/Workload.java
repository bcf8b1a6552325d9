package luolab.bench;

import java.nio.charset.StandardCharsets;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;

/**
 * The loads the benchmarks time, built straight on the engine (the selftests' shapes): many
 * empty sessions, many memfds in one session, and sessions × metadata-only test files.
 */
public record Workload(String name, int sessions, int filesPerSession, boolean memfds, long ramSize) {
    public static Workload stressSessions() {
        return new Workload("luo_stress_sessions (2000 sessions)", 2000, 0, false, 256L << 20);
    }

    public static Workload stressFiles() {
        return new Workload("luo_stress_files (500 memfds)", 1, 500, true, 256L << 20);
    }

    public static Workload millionFiles() {
        return new Workload("1,000,000 files (2000 x 500 test files)", 2000, 500, false, 256L << 20);
    }

    public static Workload scaled(int sessions, int files) {
        return new Workload(sessions + " x " + files + " test files", sessions, files, false, 256L << 20);
    }

    /** Boots a machine and creates the outgoing state (untimed set-up). Returns the machine. */
    public Machine prepare(Trace trace) {
        Machine m = Machine.coldBoot(ramSize, Abi.V7, trace);
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        long token = 0;
        for (int s = 0; s < sessions; s++) {
            int sfd = p.createSession(dev, "many-test-" + s);
            if (sfd < 0) {
                throw new IllegalStateException("create session " + s + ": " + sfd);
            }
            for (int f = 0; f < filesPerSession; f++) {
                int e;
                if (memfds) {
                    e = p.preserveMemfd(sfd, f, ("file-data-" + f).getBytes(StandardCharsets.US_ASCII));
                } else {
                    int fd = p.testFileCreate(++token);
                    e = p.preserveFd(sfd, fd, f);
                    p.close(fd);
                }
                if (e < 0) {
                    throw new IllegalStateException("preserve file " + f + " of session " + s + ": " + e);
                }
            }
        }
        return m;
    }

    /** Wall-clock nanoseconds of each part of one cycle, and the files it retrieved. */
    public record Phases(long serializeNs, long bootNs, long openNs, long retrieveNs, long files) {
        public long totalNs() {
            return serializeNs + bootNs + openNs + retrieveNs;
        }
    }

    /**
     * The timed cycle: serialize, kexec, restore (boot + first open deserializes) and retrieve
     * every session and file. Returns the number of files retrieved.
     */
    public long cycle(Machine m) {
        return timedCycle(m).files();
    }

    /**
     * The cycle with each part timed: liveupdate_reboot() (sessions and files frozen into their
     * blocks), the jump and the next kernel's boot (KHO radix walk, reserving preserved memory,
     * LUO early init), the first open of /dev/liveupdate (every session and file deserialized),
     * and userspace retrieving every session and file.
     */
    public Phases timedCycle(Machine m) {
        long t0 = System.nanoTime();
        int[] err = new int[1];
        var bp = m.serializeForKexec(err);
        if (bp == null) {
            throw new IllegalStateException("kexec aborted: " + err[0]);
        }
        long t1 = System.nanoTime();
        m.bootNext(bp, m.kernel().abi());
        if (m.kernel().dead()) {
            // the panic message, or a hang's reason ("boot hangs in …"): either way the kexec did not come up
            throw new IllegalStateException("kexec failed: " + m.kernel().stopReason().text());
        }
        long t2 = System.nanoTime();
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        if (dev < 0) {
            throw new IllegalStateException("open after kexec: " + dev);
        }
        long t3 = System.nanoTime();
        long files = 0;
        for (int s = 0; s < sessions; s++) {
            int sfd = p.retrieveSession(dev, "many-test-" + s);
            if (sfd < 0) {
                throw new IllegalStateException("retrieve session " + s + ": " + sfd);
            }
            for (int f = 0; f < filesPerSession; f++) {
                int fd = p.retrieveFd(sfd, f);
                if (fd < 0) {
                    throw new IllegalStateException("retrieve fd " + f + ": " + fd);
                }
                p.close(fd);
                files++;
            }
        }
        long t4 = System.nanoTime();
        return new Phases(t1 - t0, t2 - t1, t3 - t2, t4 - t3, files);
    }
}

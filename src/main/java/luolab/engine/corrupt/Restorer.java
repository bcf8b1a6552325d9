package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.trace.KernelLog;
import luolab.engine.user.Process;
import luolab.engine.vfs.KFile;
import luolab.engine.vfs.TestFile;

/**
 * Stage 2 of a live-update selftest, generalised: in the new kernel, open /dev/liveupdate,
 * retrieve every expected session and file, compare what comes back with what was preserved,
 * FINISH each session; then classify the run into an {@link Outcome}.
 */
public final class Restorer {
    public static final String STEP_KEXEC = "reboot(KEXEC)";
    public static final String STEP_BOOT = "boot";
    public static final String STEP_OPEN = "open /dev/liveupdate";
    public static final String STEP_RETRIEVE_SESSION = "RETRIEVE_SESSION";
    public static final String STEP_RETRIEVE_FD = "RETRIEVE_FD";
    public static final String STEP_READ = "read";
    public static final String STEP_FINISH = "FINISH";

    private final Kernel k;
    private final Process p;
    private int logMark;
    private OutcomeKind failKind;
    private int failErrno;
    private String failStep;
    private String failReason;

    private Restorer(Kernel k) {
        this.k = k;
        this.p = new Process(k);
    }

    /** Restores and classifies on {@code m}'s current kernel (the one booted by the kexec). */
    public static Outcome run(Machine m, Expectation e) {
        return new Restorer(m.kernel()).go(m, e);
    }

    /** A kexec that never happened: liveupdate_reboot() failed and the old kernel kept running. */
    static Outcome kexecAborted(Machine m, Expectation e, int err) {
        List<Outcome.SessionFate> s = new ArrayList<>();
        for (Expectation.ExpectedSession x : e.sessions()) {
            s.add(new Outcome.SessionFate(x.name(), Outcome.Fate.LOST, err, STEP_KEXEC, "kexec aborted", List.of()));
        }
        return new Outcome(OutcomeKind.ERRNO, err, STEP_KEXEC, null, firstProblem(m.kernel().log().lines(), 0), s, texts(m.kernel()));
    }

    private Outcome go(Machine m, Expectation e) {
        List<Outcome.SessionFate> fates = new ArrayList<>();
        if (k.dead()) {
            // a silent hang prints nothing to quote: why the lab stopped it is the reason
            String why = k.hung() ? k.stopReason().text() : firstProblem(k.log().lines(), 0);
            for (Expectation.ExpectedSession s : e.sessions()) {
                fates.add(lostSession(s, 0, STEP_BOOT, why));
            }
            // the stop text is the panic message, or for a hang (which prints nothing) the lab's reason
            return new Outcome(k.hung() ? OutcomeKind.HANG : OutcomeKind.PANIC, 0, STEP_BOOT, k.stopReason().text(), why, fates, texts(k));
        }
        boolean kexecBoot = m.lastBoot() != null && m.lastBoot().khoFdtPa() != 0;
        OutcomeKind bootKind = null;
        String bootWhy = null;
        if (kexecBoot && (k.kho() == null || !k.kho().isKhoBoot())) {
            bootKind = OutcomeKind.KHO_DISABLED;
            bootWhy = firstProblem(k.log().lines(), 0);
        } else if (kexecBoot && k.luo() != null && k.luo().enabled() && !k.luo().handedOver()) {
            // what LUO found at early boot: by now the FDT page may hold something else
            bootKind = OutcomeKind.FRESH_START;
            bootWhy = "no \"LUO\" node in the KHO FDT at early boot";
        }
        mark();
        int dev = p.open("/dev/liveupdate");
        if (dev < 0) {
            fail(dev, STEP_OPEN);
            for (Expectation.ExpectedSession s : e.sessions()) {
                fates.add(lostSession(s, dev, STEP_OPEN, failReason));
            }
            return finish(bootKind, bootWhy, fates);
        }
        for (Expectation.ExpectedSession s : e.sessions()) {
            fates.add(session(dev, s));
        }
        p.exit();
        return finish(bootKind, bootWhy, fates);
    }

    private Outcome finish(OutcomeKind bootKind, String bootWhy, List<Outcome.SessionFate> fates) {
        List<String> log = texts(k);
        if (bootKind != null) {
            return new Outcome(bootKind, 0, STEP_BOOT, null, bootWhy, fates, log);
        }
        if (failKind != null) {
            return new Outcome(failKind, failErrno, failStep, null, failReason, fates, log);
        }
        boolean damaged = fates.stream().anyMatch(f -> f.fate() != Outcome.Fate.RESTORED);
        if (damaged) {
            String why = null;
            for (Outcome.SessionFate s : fates) {
                for (Outcome.FileFate f : s.files()) {
                    if (why == null && f.fate() == Outcome.Fate.DAMAGED) {
                        why = "'" + s.name() + "' token 0x" + Long.toHexString(f.token()) + ": " + f.reason();
                    }
                }
            }
            return new Outcome(OutcomeKind.SILENT_DAMAGE, 0, null, null, why, fates, log);
        }
        return new Outcome(OutcomeKind.RESTORED, 0, null, null, null, fates, log);
    }

    private Outcome.SessionFate session(int dev, Expectation.ExpectedSession s) {
        String step = STEP_RETRIEVE_SESSION + " '" + s.name() + "'";
        mark();
        int sfd = p.retrieveSession(dev, s.name());
        if (sfd < 0) {
            fail(sfd, step);
            return lostSession(s, sfd, step, reasonFor(s.name()));
        }
        List<Outcome.FileFate> files = new ArrayList<>();
        for (Expectation.ExpectedFile f : s.files()) {
            files.add(file(sfd, s, f));
        }
        String fstep = STEP_FINISH + " '" + s.name() + "'";
        mark();
        int r = p.finishSession(sfd);
        boolean allOk = files.stream().allMatch(f -> f.fate() == Outcome.Fate.RESTORED);
        if (r < 0) {
            fail(r, fstep);
            return new Outcome.SessionFate(s.name(), Outcome.Fate.DAMAGED, r, fstep, failReasonHere(), files);
        }
        return new Outcome.SessionFate(s.name(), allOk ? Outcome.Fate.RESTORED : Outcome.Fate.DAMAGED, 0, null, null, files);
    }

    private Outcome.FileFate file(int sfd, Expectation.ExpectedSession s, Expectation.ExpectedFile f) {
        String step = STEP_RETRIEVE_FD + " '" + s.name() + "' 0x" + Long.toHexString(f.token());
        mark();
        int fd = p.retrieveFd(sfd, f.token());
        if (fd < 0) {
            fail(fd, step);
            return new Outcome.FileFate(f.token(), Outcome.Fate.LOST, fd, step, failReasonHere());
        }
        String diff;
        if (f.memfd()) {
            diff = compareMemfd(fd, f);
        } else {
            KFile file = p.file(fd);
            diff = file instanceof TestFile tf && tf.cookie() == f.cookie() ? null
                    : "test file cookie " + (file instanceof TestFile tf ? "0x" + Long.toHexString(tf.cookie()) : file) + " ≠ 0x"
                            + Long.toHexString(f.cookie());
        }
        if (k.tainted() && failKind == null) {
            fail(-Errno.EFAULT, STEP_READ + " '" + s.name() + "' 0x" + Long.toHexString(f.token()));
        }
        return diff == null ? new Outcome.FileFate(f.token(), Outcome.Fate.RESTORED, 0, null, null)
                : new Outcome.FileFate(f.token(), Outcome.Fate.DAMAGED, 0, STEP_READ, diff);
    }

    private String compareMemfd(int fd, Expectation.ExpectedFile f) {
        long size = p.fileSize(fd);
        if (size != f.size()) {
            return "size " + f.size() + " → " + size;
        }
        int seals = p.getSeals(fd);
        if (seals != f.seals()) {
            return "seals 0x" + Integer.toHexString(f.seals()) + " → 0x" + Integer.toHexString(seals);
        }
        byte[] got = p.pread(fd, f.content().length, 0);
        if (got == null) {
            return "read failed";
        }
        if (!Arrays.equals(got, f.content())) {
            int i = Arrays.mismatch(got, f.content());
            return String.format("content differs at byte %d (%02x → %02x)", i, i < f.content().length ? f.content()[i] & 0xFF : 0,
                    i < got.length ? got[i] & 0xFF : 0);
        }
        return null;
    }

    private static Outcome.SessionFate lostSession(Expectation.ExpectedSession s, int err, String step, String why) {
        List<Outcome.FileFate> files = new ArrayList<>();
        for (Expectation.ExpectedFile f : s.files()) {
            files.add(new Outcome.FileFate(f.token(), Outcome.Fate.LOST, err, step, why));
        }
        return new Outcome.SessionFate(s.name(), Outcome.Fate.LOST, err, step, why, files);
    }

    private void mark() {
        logMark = k.log().lines().size();
    }

    /** The first failing step wins; a syscall that oopsed is an OOPS, otherwise an ERRNO. */
    private void fail(int err, String step) {
        if (failKind != null) {
            return;
        }
        failKind = k.tainted() ? OutcomeKind.OOPS : OutcomeKind.ERRNO;
        failErrno = err;
        failStep = step;
        failReason = failReasonHere();
    }

    /** The first problem logged during the current step, else the first of the whole boot. */
    private String failReasonHere() {
        String here = firstProblem(k.log().lines(), logMark);
        return here != null ? here : firstProblem(k.log().lines(), 0);
    }

    /** For a session that cannot be retrieved: a log line naming it, else the first problem of the whole log. */
    private String reasonFor(String name) {
        String here = firstProblem(k.log().lines(), logMark);
        if (here != null) {
            return here;
        }
        for (KernelLog.Line l : k.log().lines()) {
            if (l.level().problem() && l.text().contains("[" + name + "]")) {
                return l.text();
            }
        }
        return firstProblem(k.log().lines(), 0);
    }

    /**
     * The first kernel warning, error or emergency line (never a lab note) from {@code from} on, skipping WARN_ON()'s generic
     * "WARNING: CPU: …" header when a more telling line follows; null if there is none.
     */
    static String firstProblem(List<KernelLog.Line> lines, int from) {
        String generic = null;
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).level().problem()) {
                continue;
            }
            String t = lines.get(i).text();
            if (!t.startsWith("WARNING: CPU:")) {
                return t;
            }
            if (generic == null) {
                generic = t;
            }
        }
        return generic;
    }

    static List<String> texts(Kernel k) {
        List<String> out = new ArrayList<>(k.log().lines().size());
        for (KernelLog.Line l : k.log().lines()) {
            // only what the kernel printed: an expected log line must never be a lab note
            if (l.level().kernel()) {
                out.add(l.text());
            }
        }
        return out;
    }
}

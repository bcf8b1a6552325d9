package luolab.compare;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PageMeta;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;

/**
 * Runs the same workload on every kernel generation and reports where each one stops, and what
 * the handover costs in blocks and preserved pages. The pre-series ABI stops at session 820
 * (-ENOMEM) and file 129 (-ENOSPC); the linked-block generations keep going.
 */
public final class AbiComparison {
    /** One generation's outcome. */
    public record Row(Abi abi, int sessionsCreated, int sessionError, int filesPreserved, int fileError,
                      int sessionBlocks, int fileBlocks, long preservedPages, int restoredSessions, int restoredFiles,
                      boolean panicked) {
        public String sessionLimit() {
            return sessionError == 0 ? "none hit" : "session " + (sessionsCreated + 1) + " → " + Errno.pe(sessionError);
        }

        public String fileLimit() {
            return fileError == 0 ? "none hit" : "file " + (filesPreserved + 1) + " → " + Errno.pe(fileError);
        }
    }

    private AbiComparison() {
    }

    /** {@code sessions} empty sessions plus one session with {@code files} test files, then a kexec. */
    public static List<Row> run(int sessions, int files) {
        List<Row> rows = new ArrayList<>();
        for (Abi abi : Abi.ALL) {
            rows.add(runOne(abi, sessions, files));
        }
        return rows;
    }

    static Row runOne(Abi abi, int sessions, int files) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, abi, Trace.off());
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        int fileSession = p.createSession(dev, "files");
        int preserved = 0;
        int fileErr = 0;
        for (int i = 0; i < files; i++) {
            int e = p.preserveFd(fileSession, p.testFileCreate(i + 1), i);
            if (e < 0) {
                fileErr = e;
                break;
            }
            preserved++;
        }
        int created = 1;
        int sessErr = 0;
        for (int i = 1; i < sessions; i++) {
            int e = p.createSession(dev, "s-" + i);
            if (e < 0) {
                sessErr = e;
                break;
            }
            created++;
        }
        var luo = m.kernel().luo();
        int sBlocks = luo.sessions().outgoingBlocks().nblocks();
        int fBlocks = luo.sessions().outgoing().get(0).fileSet().blocks().nblocks();
        m.kexec(abi);
        long pages = 0;
        var mem = m.memory();
        for (long pfn = mem.basePfn(); pfn < mem.basePfn() + mem.nrPages(); pfn++) {
            if (PageMeta.state(mem.meta(pfn)) == luolab.engine.memory.PageState.INCOMING) {
                pages++;
            }
        }
        int restoredS = 0;
        int restoredF = 0;
        if (!m.kernel().dead()) {
            Process q = new Process(m.kernel());
            q.open("/dev/liveupdate");
            restoredS = m.kernel().luo().sessions().incoming().size();
            for (var s : m.kernel().luo().sessions().incoming()) {
                restoredF += s.fileSet().files().size();
            }
        }
        return new Row(abi, created, sessErr, preserved, fileErr, sBlocks, fBlocks, pages, restoredS, restoredF,
                m.kernel().panicked());
    }

    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %-24s %-22s %8s %8s %10s %10s %10s%n", "generation", "session limit", "file limit",
                "s-blocks", "f-blocks", "preserved", "restored-s", "restored-f"));
        for (Row r : rows) {
            sb.append(String.format("%-22s %-24s %-22s %8d %8d %10d %10d %10d%n", r.abi().title(), r.sessionLimit(),
                    r.fileLimit(), r.sessionBlocks(), r.fileBlocks(), r.preservedPages(), r.restoredSessions(), r.restoredFiles()));
        }
        return sb.toString();
    }
}

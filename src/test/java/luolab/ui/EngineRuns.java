package luolab.ui;

import java.nio.charset.StandardCharsets;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.trace.Trace;
import luolab.engine.user.Process;
import luolab.ui.model.LoadedRun;

/**
 * Runs of the real engine, driven in code the way a scenario would (until the scenario runner is
 * merged): sessions with memfds, a kexec, retrieval and finish.
 */
public final class EngineRuns {
    private EngineRuns() {
    }

    public static LoadedRun liveUpdate(long ramSize, int sessions, int memfdsPerSession) {
        return liveUpdate(ramSize, sessions, memfdsPerSession, Abi.V7);
    }

    /** The same live update on a kernel of generation {@code abi} (kexec into the same generation). */
    public static LoadedRun liveUpdate(long ramSize, int sessions, int memfdsPerSession, Abi abi) {
        Machine m = Machine.coldBoot(ramSize, abi, new Trace(Trace.Mode.FULL));
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        check(dev, "open /dev/liveupdate");
        for (int s = 0; s < sessions; s++) {
            int sfd = p.createSession(dev, "vm-" + s);
            check(sfd, "create session");
            for (int f = 0; f < memfdsPerSession; f++) {
                byte[] data = new byte[(s == 0 && f == 0) ? 512 * 1024 : 8192];
                byte[] tag = ("guest memory of vm-" + s + " file " + f).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < data.length; i += 4096) {
                    System.arraycopy(tag, 0, data, i, Math.min(tag.length, data.length - i));
                }
                check(p.preserveMemfd(sfd, 0x100L * s + f + 1, data), "preserve memfd");
            }
        }
        check(m.kexec(), "kexec");
        Process p2 = new Process(m.kernel());
        int dev2 = p2.open("/dev/liveupdate");
        check(dev2, "open after kexec");
        int s0 = p2.retrieveSession(dev2, "vm-0");
        check(s0, "retrieve session");
        check(p2.retrieveFd(s0, 1), "retrieve fd");
        p2.finishSession(s0);
        return new LoadedRun("engine demo: " + sessions + " sessions", null, null, m.memory(), m.trace().events(), abi, null);
    }

    /**
     * Serializes {@code sessions} sessions (two blocks for more than 51), then makes the last session
     * block's {@code next} point back at the first — a write behind the kernel's back — and boots.
     */
    public static LoadedRun cyclicSessionChain(int sessions) {
        return cyclicSessionChain(sessions, Abi.V7);
    }

    /** The same on a kernel of generation {@code abi} (series v2: 2-page blocks of 102). */
    public static LoadedRun cyclicSessionChain(int sessions, Abi abi) {
        Machine m = Machine.coldBoot(64L << 20, abi, new Trace(Trace.Mode.FULL));
        Process p = new Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        for (int s = 0; s < sessions; s++) {
            check(p.createSession(dev, "vm-" + s), "create session");
        }
        int[] err = new int[1];
        long head = m.kernel().luo().sessions().outgoingBlocks().headPa();
        var bp = m.serializeForKexec(err);
        if (bp == null) {
            throw new IllegalStateException("serialize failed: " + err[0]);
        }
        var mem = m.memory();
        long last = head;
        while (mem.u64(last) != 0) {
            last = mem.u64(last);
        }
        m.trace().emit(new luolab.engine.trace.TraceEvent.Corruption(m.trace().phase(), m.trace().stack(), "cyclic-next",
                "last session block's next → first block"));
        mem.writeU64(last, head, luolab.engine.abi.Layouts.BLOCK_HEADER.ref("next"));
        m.bootNext(bp, abi);
        return new LoadedRun("cyclic session chain", null, null, m.memory(), m.trace().events(), abi, null);
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException(what + " failed: " + rc);
        }
    }
}

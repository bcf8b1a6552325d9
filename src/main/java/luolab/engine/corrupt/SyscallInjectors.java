package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.handover.KhoBlockSetRestore;
import luolab.engine.luo.EntryStore;
import luolab.engine.machine.Machine;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.MemoryListener;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.user.Process;

/**
 * Damage the old kernel does to its own handover when driven through the uapi: the injector makes
 * the syscalls, the kernel writes the bytes.
 */
public final class SyscallInjectors {
    private SyscallInjectors() {
    }

    /**
     * kernel-luo.md §7 edge case, driven through the uapi: luo_session_insert() grows the outgoing
     * session set before the duplicate-name check and the -EEXIST path does not shrink, so at a
     * multiple of 51 sessions a failed CREATE_SESSION leaves an empty block linked at the tail.
     */
    public record DuplicateNameEmptyBlock() implements Injector {
        static final Meta META = new Meta("duplicate-name-empty-block", Group.COUNTS,
                "CREATE_SESSION with an existing name at a multiple of 51 sessions: the -EEXIST path leaves an empty block",
                "no direct write: the kernel's own kho_block_add() allocates and links a new preserved session block "
                        + "(count 0); the injector only makes the syscalls (and keeps the filler session fds open)",
                "CREATE_SESSION → -EEXIST; if the count is still a multiple of 51 at reboot, the next kernel reads a block with "
                        + "count 0: \"Block contains invalid entry count: 0\" → panic", Set.of(Stage.LIVE),
                ParamSpec.integer("sessions", "51", 51, 510000, List.of(), "outgoing sessions before the attempt "
                        + "(a multiple of 51; filler sessions are created to get there)"),
                ParamSpec.string("name", "auto", 63, "the duplicate name (auto = the first existing session's)"))
                .requires("before serialize; /dev/liveupdate must not be held open by another process (exclusive open)");

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            throw new Refusal("drives syscalls; use apply()");
        }

        @Override
        public CorruptionReport apply(Machine m, Params p) {
            Params given = p == null ? Params.none() : p;
            Stage stage = null;
            try {
                stage = Injector.stageOf(m);
                if (stage != Stage.LIVE) {
                    throw new Refusal("cannot run " + stage.label() + ": this drives CREATE_SESSION on the running kernel");
                }
                Values v = Values.validate(params(), given);
                Abi abi = m.kernel().abi();
                if (!StoreGeometry.of(abi).linked()) {
                    throw new Refusal(abi.title() + " keeps sessions in one fixed array: luo_session_insert() adds no block");
                }
                int per = abi.sessionsPerBlock();
                long target = v.integer("sessions");
                if (target % per != 0) {
                    throw new Refusal("sessions = " + target + " is not a multiple of " + per
                            + ": the empty block appears only when the set is exactly full");
                }
                var sessions = m.kernel().luo().sessions();
                if (sessions.outgoingCount() > target) {
                    throw new Refusal("there are already " + sessions.outgoingCount() + " sessions, more than " + target);
                }
                Process daemon = new Process(m.kernel());
                int dev = daemon.open("/dev/liveupdate");
                if (dev < 0) {
                    throw new Refusal(dev == -Errno.EBUSY
                            ? "/dev/liveupdate is open in another process (exclusive open, -EBUSY): close it first"
                            : "open(/dev/liveupdate) failed: " + Errno.pe(dev));
                }
                List<Integer> fillers = new ArrayList<>();
                int i = 0;
                while (sessions.outgoingCount() < target) {
                    String fname = "edge-filler-" + i++;
                    int fd = daemon.createSession(dev, fname);
                    if (fd == -Errno.EEXIST) {
                        continue;
                    }
                    if (fd < 0) {
                        fillers.forEach(daemon::close);
                        daemon.close(dev);
                        throw new Refusal("creating filler session " + fname + " failed: " + Errno.pe(fd));
                    }
                    fillers.add(fd);
                }
                String dup = v.is("name", "auto") ? sessions.outgoing().get(0).name() : v.str("name");
                if (sessions.outgoing().stream().noneMatch(s -> s.name().equals(dup))) {
                    fillers.forEach(daemon::close);
                    daemon.close(dev);
                    throw new Refusal("no outgoing session is named '" + dup + "'");
                }
                EntryStore bs = sessions.outgoingBlocks();
                int before = bs.nblocks();
                String desc = "CREATE_SESSION '" + dup + "' at " + target + " sessions (" + fillers.size() + " fillers created)";
                Trace trace = m.trace();
                List<Write> writes = new ArrayList<>();
                int r;
                try (var scope = trace.at("luolab_corrupt", name())) {
                    trace.emit(new TraceEvent.Corruption(trace.phase(), trace.stack(), name(), desc));
                    PhysicalMemory mem = m.memory();
                    MemoryListener orig = mem.listener();
                    mem.setListener(new Capture(orig, writes));
                    try {
                        r = daemon.createSession(dev, dup);
                    } finally {
                        mem.setListener(orig);
                    }
                }
                daemon.close(dev);
                List<String> notes = new ArrayList<>();
                notes.add("CREATE_SESSION returned " + Errno.pe(r) + "; session blocks " + before + " → " + bs.nblocks()
                        + (bs.nblocks() > before ? ", empty block at " + Ctx.hex(bs.blocks().get(bs.nblocks() - 1)) : ""));
                notes.add("the " + fillers.size() + " filler session fds stay open in a daemon process, so the sessions live until kexec");
                notes.add("creating one more session before reboot fills the empty block and undoes the damage");
                return new CorruptionReport(name(), stage, v.toString(), true, null, desc + " → " + Errno.pe(r), writes,
                        abi.rejectZeroCount() ? ExpectedOutcome.restoreFail(-Errno.EINVAL, KhoBlockSetRestore.badCountLine(abi, 0))
                                : ExpectedOutcome.restored(abi.title()
                                        + " has no zero-count check: the empty tail block is accepted and skipped"), notes);
            } catch (Refusal e) {
                return CorruptionReport.refused(name(), stage, given.toString(), e.getMessage());
            } catch (RuntimeException e) {
                return CorruptionReport.refused(name(), stage, given.toString(), "internal error: " + e);
            }
        }
    }

    /** Records the kernel's own writes during a syscall, forwarding everything to the trace. */
    private record Capture(MemoryListener next, List<Write> writes) implements MemoryListener {
        public void onWrite(long pa, byte[] oldBytes, byte[] newBytes, FieldRef what) {
            writes.add(new Write(pa, what == null ? "raw" : what.struct(), what == null ? null : what.field(),
                    oldBytes == null ? new byte[newBytes.length] : oldBytes, newBytes));
            if (next != null) {
                next.onWrite(pa, oldBytes, newBytes, what);
            }
        }

        public void onPageContent(long pfn, byte[] oldData, boolean oldPoisoned, boolean newPoisoned) {
            if (next != null) {
                next.onPageContent(pfn, oldData, oldPoisoned, newPoisoned);
            }
        }

        public void onRangePoisoned(long startPfn, int count, long[] oldMeta, byte[][] oldData) {
            if (next != null) {
                next.onRangePoisoned(startPfn, count, oldMeta, oldData);
            }
        }

        public void onMeta(long pfn, long oldMeta, long newMeta) {
            if (next != null) {
                next.onMeta(pfn, oldMeta, newMeta);
            }
        }
    }
}

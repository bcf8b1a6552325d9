package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.luo.EntryStore;
import luolab.engine.machine.Machine;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.MemoryListener;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.user.Process;

/** Damage to counts: block headers and luo_session_ser.file_set_ser. */
public final class CountInjectors {
    private CountInjectors() {
    }

    static final FieldRef FILES = Layouts.SESSION_SER.ref("file_set_ser.files");
    static final FieldRef FILE_COUNT = Layouts.SESSION_SER.ref("file_set_ser.count");
    static final String COUNT_OUTCOME = "\"kho_block: Block contains invalid entry count: N\" (v2: \"luo: Block contains too many "
            + "entries: N\"; pre-series sessions: \"luo: Invalid session count: N\") → -EINVAL: sessions → panic in early boot; "
            + "files → \"Failed to deserialize files for session [..] -EINVAL\" → open(/dev/liveupdate) -EIO";
    static final ParamSpec SESSION_AUTO = ParamSpec.string("session", "auto", 64, "session name (auto = the first session with files)");

    /**
     * Writes {@code value} where generation's restore reads the count of block {@code b}: a linked
     * block's header (v7, v2), the pre-series session array's 8-byte header, or — a pre-series
     * file array has no header — the session's file_set_ser.count.
     */
    static Plan setCount(Ctx ctx, Chain c, int b, long value) throws Refusal {
        String v = Long.toUnsignedString(value);
        if (c.linked()) {
            long old;
            long total;
            if (c.sessions()) {
                old = ctx.view().sessionBlocks().get(b).count();
                total = 0;
            } else {
                HandoverView.Session s = ctx.session(c.session());
                old = s.fileBlocks().get(b).count();
                total = s.fileCount();
            }
            ctx.writeU64(c.block(b) + 8, value, ChainInjectors.COUNT);
            return new Plan(c.label() + ": block " + b + " of " + c.size() + " (" + Ctx.hex(c.block(b)) + ").count " + old + " → " + v,
                    Rules.linkedCount(ctx.abi(), c, old, value, total));
        }
        if (c.sessions()) {
            long real = ctx.view().sessionBlocks().get(0).count();
            ctx.writeU64(c.block(0), value, Layouts.SESSION_HEADER_V1.ref("count"));
            return new Plan(c.label() + " (" + Ctx.hex(c.block(0)) + "): luo_session_header_ser.count " + real + " → " + v,
                    Rules.preSessionCount(ctx.abi(), real, value));
        }
        HandoverView.Session s = ctx.session(c.session());
        ctx.writeU64(s.entryPa() + Layouts.SESSION_SER.offset("file_set_ser.count"), value, FILE_COUNT);
        return new Plan(c.label() + ": session '" + s.name() + "' file_set_ser.count " + s.fileCount() + " → " + v
                + " (a pre-series file array has no header: its count lives in the session entry)",
                Rules.preFileCount(ctx.abi(), s.name(), s.files().size(), value));
    }

    /** Block count above count_per_block (v7: 51 sessions / 63 files; v2: 102 / 127; pre-series arrays: 819 / 128). */
    public record CountOverCapacity() implements Injector {
        static final Meta META = new Meta("count-over-capacity", Group.COUNTS,
                "Set a block's count above its capacity (v7: 51 sessions / 63 files per block; v2: 102 / 127; pre-series arrays: "
                        + "819 / 128)", "kho_block_header_ser.count of block <block> := <value>", COUNT_OUTCOME,
                Set.of(Stage.HANDOVER, Stage.INCOMING), ChainInjectors.SET, ChainInjectors.block("block", "first", "the block"),
                ParamSpec.u64("value", "auto", List.of("auto"), "new count (auto = capacity + 1); must exceed the capacity"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.chain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            long value = v.is("value", "auto") ? c.capacity() + 1 : v.u64("value");
            if (Long.compareUnsigned(value, c.capacity()) <= 0) {
                throw new Refusal("value " + Long.toUnsignedString(value) + " is within the capacity (" + c.capacity()
                        + "): the kernel accepts it (use zero-count-block for 0, write-u64 for anything else)");
            }
            return setCount(ctx, c, b, value);
        }
    }

    /** count = 0 in a block (by default one in the middle of the chain). */
    public record ZeroCountBlock() implements Injector {
        static final Meta META = new Meta("zero-count-block", Group.COUNTS,
                "Set a block's count to 0 (an empty block in the chain, by default in the middle)",
                "kho_block_header_ser.count of block <block> := 0", COUNT_OUTCOME
                        + " (N = 0; v7 rejects zero-count blocks). v2 has no zero-count check: the block is accepted and "
                        + "skipped (sessions in it: RETRIEVE_SESSION -ENOENT; files: \"File count mismatch\" → open -EIO). Pre-series: "
                        + "session array count 0 → every session RETRIEVE_SESSION -ENOENT; file array count 0 → RETRIEVE_FD -ENOENT",
                Set.of(Stage.HANDOVER, Stage.INCOMING), ChainInjectors.SET, ChainInjectors.block("block", "middle", "the block"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            Chain c = ctx.chain(v.str("set"));
            int b = v.index("block", c.size(), c.label());
            return setCount(ctx, c, b, 0);
        }
    }

    /** luo_session_ser.file_set_ser.count ≠ entries in the file chain. */
    public record FileCountMismatch() implements Injector {
        static final Meta META = new Meta("file-count-mismatch", Group.COUNTS,
                "Change a session's recorded file count so it disagrees with the entries in its file chain",
                "luo_session_ser.file_set_ser.count of the session's entry := <value>",
                "\"File count mismatch: expected N, found M\" -EINVAL → \"Failed to deserialize files for session [..] -EINVAL\" "
                        + "→ open(/dev/liveupdate) -EIO", Set.of(Stage.HANDOVER, Stage.INCOMING), SESSION_AUTO,
                ParamSpec.u64("value", "auto", List.of("auto"), "new count (auto = real + 1)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.Session s = ctx.sessionWithFiles(v.str("session"));
            if (s.filesPa() == 0) {
                throw new Refusal("session '" + s.name() + "' has no file chain (files = 0): a count alone is only a WARN");
            }
            long found = s.files().size();
            long value = v.is("value", "auto") ? s.fileCount() + 1 : v.u64("value");
            if (value == found) {
                throw new Refusal("the chain holds " + found + " entries: count " + found + " is the right one");
            }
            ctx.writeU64(s.entryPa() + Layouts.SESSION_SER.offset("file_set_ser.count"), value, FILE_COUNT);
            if (!StoreGeometry.of(ctx.abi()).linked()) {
                // pre-series: the count also bounds how much of the fixed array is read
                return new Plan("session '" + s.name() + "': file_set_ser.count " + s.fileCount() + " → " + Long.toUnsignedString(value),
                        Rules.preFileCount(ctx.abi(), s.name(), found, value));
            }
            return new Plan("session '" + s.name() + "': file_set_ser.count " + s.fileCount() + " → " + Long.toUnsignedString(value),
                    ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN,
                            "luo: File count mismatch: expected " + Long.toUnsignedString(value) + ", found " + found,
                            "luo: Failed to deserialize files for session [" + s.name() + "] -EINVAL"));
        }
    }

    /** file_set_ser.files = 0 with a non-zero count: only a WARN, the session comes back empty. */
    public record FileSetDetached() implements Injector {
        static final Meta META = new Meta("file-set-detached", Group.COUNTS,
                "Clear a session's file chain pointer (files = 0) but keep its count",
                "luo_session_ser.file_set_ser.files of the session's entry := 0",
                "WARN only (files == 0 but count ≠ 0), accepted with 0 files: RETRIEVE_FD -ENOENT; the file blocks and the "
                        + "handlers' preserved pages stay reserved forever", Set.of(Stage.HANDOVER, Stage.INCOMING), SESSION_AUTO);

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.Session s = ctx.sessionWithFiles(v.str("session"));
            if (s.filesPa() == 0) {
                throw new Refusal("session '" + s.name() + "' has no file chain");
            }
            ctx.writeU64(s.entryPa() + Layouts.SESSION_SER.offset("file_set_ser.files"), 0, FILES);
            return new Plan("session '" + s.name() + "': file_set_ser.files " + Ctx.hex(s.filesPa()) + " → 0 (count stays "
                    + s.fileCount() + ")", ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_FD,
                            "WARNING: luo_file_deserialize: session [" + s.name() + "] has count " + s.fileCount() + " but no file blocks"));
        }
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
                luolab.engine.abi.Abi abi = m.kernel().abi();
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
                        abi.rejectZeroCount() ? ExpectedOutcome.restoreFail(-Errno.EINVAL, Rules.badCountLine(abi, 0))
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

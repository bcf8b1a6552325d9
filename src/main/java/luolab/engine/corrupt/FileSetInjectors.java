package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.FieldRef;

/** A session's luo_session_ser.file_set_ser: the file count and the pointer to its file chain. */
public final class FileSetInjectors {
    private FileSetInjectors() {
    }

    static final FieldRef FILES = Layouts.SESSION_SER.ref("file_set_ser.files");
    static final FieldRef FILE_COUNT = Layouts.SESSION_SER.ref("file_set_ser.count");
    static final ParamSpec SESSION_AUTO = ParamSpec.string("session", "auto", 64, "session name (auto = the first session with files)");

    /** The session named by param "session" (auto: the first with files) whose file_set_ser.files names a chain. */
    static HandoverView.Session chained(Ctx ctx, Values v, String why) throws Refusal {
        HandoverView.Session s = ctx.sessionWithFiles(v.str("session"));
        if (s.filesPa() == 0) {
            throw new Refusal("session '" + s.name() + "' has no file chain" + why);
        }
        return s;
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
            HandoverView.Session s = chained(ctx, v, " (files = 0): a count alone is only a WARN");
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
            HandoverView.Session s = chained(ctx, v, "");
            ctx.writeU64(s.entryPa() + Layouts.SESSION_SER.offset("file_set_ser.files"), 0, FILES);
            return new Plan("session '" + s.name() + "': file_set_ser.files " + Ctx.hex(s.filesPa()) + " → 0 (count stays "
                    + s.fileCount() + ")", ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_FD,
                            "at kernel/liveupdate/luo_file.c luo_file_deserialize"));
        }
    }
}

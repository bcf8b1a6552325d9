package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memfd.TestFileHandler;

/** Names and compatibles inside the session and file entries, rewritten in place. */
public final class EntryStringInjectors {
    private EntryStringInjectors() {
    }

    /** luo_file_ser.compatible naming no registered handler. */
    public record FileCompatible() implements Injector {
        static final Meta META = new Meta("file-compatible", Group.STRINGS_FDT,
                "Rename a file entry's handler compatible (e.g. to an older ABI's)",
                "luo_file_ser.compatible (48 bytes) of the file's entry := <value>",
                "\"No registered handler for compatible '<value>'\" -ENOENT → \"Failed to deserialize files for session [..] "
                        + "-ENOENT\" → open(/dev/liveupdate) -EIO (pre-series: the error is ignored; the session keeps the files "
                        + "before it: RETRIEVE_FD -ENOENT from it on, a WARN when the session is freed)", Set.of(Stage.HANDOVER, Stage.INCOMING), FileSetInjectors.SESSION_AUTO,
                ParamSpec.u64("token", "first", List.of("first"), "the file's token"),
                ParamSpec.string("value", "memfd-v1", 48, "new compatible (48 bytes max; NUL-padded)"));

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            HandoverView.Session s = ctx.sessionWithFiles(v.str("session"));
            HandoverView.File f = ctx.file(s, v.str("token"), false);
            String value = v.str("value");
            ctx.write(f.entryPa(), Ctx.cstr(value, 48), Layouts.FILE_SER.ref("compatible"));
            String shown = value.length() > 48 ? value.substring(0, 48) : value;
            ExpectedOutcome e;
            if (value.equals(ctx.abi().memfdCompatible()) || value.equals(TestFileHandler.COMPATIBLE)) {
                e = value.equals(f.compatible()) ? ExpectedOutcome.restored("unchanged")
                        : ExpectedOutcome.depends("another registered handler will interpret data " + Ctx.hex(f.data()));
            } else if (!ctx.abi().sessionChecksFileErrors()) {
                e = Rules.preFileError(s.name(), f.token(), "luo: No registered handler for compatible '" + shown + "'");
            } else {
                e = ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: No registered handler for compatible '" + shown + "'",
                        "luo: Failed to deserialize files for session [" + s.name() + "] -ENOENT");
            }
            return new Plan("session '" + s.name() + "' token 0x" + Long.toHexString(f.token()) + ": compatible '" + f.compatible()
                    + "' → '" + value + "'", e);
        }
    }

    /** Two session entries with the same name. */
    public record DuplicateSessionName() implements Injector {
        static final Meta META = new Meta("duplicate-session-name", Group.STRINGS_FDT,
                "Rename a session entry to the name of another session", "luo_session_ser.name (64 bytes) of the entry := <as>",
                "luo_session_insert: \"Failed to insert session [<name>] -EEXIST\" → open(/dev/liveupdate) -EIO (forever: "
                        + "the error is cached); sessions before it are leaked", Set.of(Stage.HANDOVER, Stage.INCOMING),
                ParamSpec.string("session", "auto", 64, "the entry to rename (auto = the second session)"),
                ParamSpec.string("as", "auto", 64, "the new name (auto = the first session's name)")).requires("at least 2 sessions");

        public Meta meta() {
            return META;
        }

        public Plan plan(Ctx ctx, Values v) throws Refusal {
            List<HandoverView.Session> all = ctx.view().sessions();
            if (all.size() < 2) {
                throw new Refusal("needs at least 2 sessions, the handover has " + all.size());
            }
            HandoverView.Session s = v.is("session", "auto") ? all.get(1) : ctx.session(v.str("session"));
            String as = v.is("as", "auto") ? all.get(0).name() : v.str("as");
            if (as.equals(s.name())) {
                throw new Refusal("session '" + s.name() + "' already has that name; pick another one");
            }
            String truncated = as.length() > 63 ? as.substring(0, 63) : as;
            if (all.stream().noneMatch(x -> x != s && x.name().equals(truncated))) {
                throw new Refusal("no other session is named '" + truncated + "'");
            }
            ctx.write(s.entryPa(), Ctx.cstr(as, 64), Layouts.SESSION_SER.ref("name"));
            return new Plan("session entry '" + s.name() + "' (" + Ctx.hex(s.entryPa()) + ") renamed to '" + as + "'",
                    ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: Failed to insert session [" + truncated + "] -EEXIST"));
        }
    }
}

package luolab.scenario;

import java.nio.charset.StandardCharsets;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.trace.KernelLog;
import luolab.engine.user.Process;
import luolab.scenario.StepRegistry.Kind;

/** The executors of the built-in ops (see {@link Op} for what each does). */
final class BuiltinOps {
    private BuiltinOps() {
    }

    static void registerAll(StepRegistry r) {
        r.register("open_device", Op.OpenDevice.class, Kind.FD, BuiltinOps::openDevice);
        r.register("open", Op.Open.class, Kind.FD, (op, ctx) -> open(ctx, ctx.text(op.path())));
        r.register("close", Op.Close.class, Kind.CALL, (op, ctx) -> {
            int fd = ctx.fd(op.fd());
            return StepResult.call(ctx.close(fd), "");
        });
        r.register("create_session", Op.CreateSession.class, Kind.FD, (op, ctx) -> {
            int dev = ctx.device(op.device());
            return StepResult.call(ctx.process().createSession(dev, ctx.text(op.name())), "");
        });
        r.register("retrieve_session", Op.RetrieveSession.class, Kind.FD, (op, ctx) -> {
            int dev = ctx.device(op.device());
            return StepResult.call(ctx.process().retrieveSession(dev, ctx.text(op.name())), "");
        });
        r.register("memfd_create", Op.MemfdCreate.class, Kind.FD, BuiltinOps::memfdCreate);
        r.register("write", Op.Write.class, Kind.CALL, (op, ctx) -> {
            int fd = ctx.fd(op.fd());
            byte[] data = ctx.text(op.content()).getBytes(StandardCharsets.UTF_8);
            int rc = op.offset() != null ? ctx.process().pwrite(fd, data, op.offset()) : ctx.process().write(fd, data);
            return StepResult.call(rc, rc >= 0 ? rc + " bytes" : "");
        });
        r.register("preserve_fd", Op.PreserveFd.class, Kind.CALL, (op, ctx) -> {
            int s = ctx.fd(op.session());
            int fd = ctx.fd(op.fd());
            long token = ctx.token(op.token());
            return StepResult.call(ctx.process().preserveFd(s, fd, token), "token " + hex(token));
        });
        r.register("preserve_memfd", Op.PreserveMemfd.class, Kind.FD, (op, ctx) -> {
            int s = ctx.fd(op.session());
            long token = ctx.token(op.token());
            byte[] data = op.fill() != null ? op.fill().bytes(op.size())
                    : ctx.text(op.content() == null ? "" : op.content()).getBytes(StandardCharsets.UTF_8);
            return StepResult.call(ctx.process().preserveMemfd(s, token, data), "token " + hex(token));
        });
        r.register("preserve_test_file", Op.PreserveTestFile.class, Kind.CALL, (op, ctx) -> {
            int s = ctx.fd(op.session());
            long token = ctx.token(op.token());
            long cookie;
            if (op.cookie() == null) {
                cookie = token + 1 == 0 ? 1 : token + 1;
            } else {
                try {
                    cookie = Values.parseUnsigned(ctx.text(op.cookie()), "cookie");
                } catch (IllegalArgumentException e) {
                    throw new StepError(e.getMessage());
                }
            }
            Process p = ctx.process();
            int fd = p.testFileCreate(cookie);
            if (fd < 0) {
                return StepResult.call(fd, "creating the test file failed");
            }
            int rc = p.preserveFd(s, fd, token);
            ctx.close(fd);
            return StepResult.call(rc, "");
        });
        r.register("retrieve_fd", Op.RetrieveFd.class, Kind.FD, (op, ctx) -> {
            int s = ctx.fd(op.session());
            long token = ctx.token(op.token());
            return StepResult.call(ctx.process().retrieveFd(s, token), "token " + hex(token));
        });
        r.register("check_content", Op.CheckContent.class, Kind.CHECK, BuiltinOps::checkContent);
        r.register("finish", Op.Finish.class, Kind.CALL, (op, ctx) -> StepResult.call(ctx.process().finishSession(ctx.fd(op.session())), ""));
        r.register("get_name", Op.GetName.class, Kind.CALL, (op, ctx) -> {
            int[] err = new int[1];
            String name = ctx.process().sessionName(ctx.fd(op.session()), err);
            if (err[0] < 0) {
                return StepResult.call(err[0], "");
            }
            if (op.equals() == null) {
                return StepResult.call(0, "\"" + name + "\"");
            }
            String want = ctx.text(op.equals());
            boolean ok = want.equals(name);
            return StepResult.callChecked(0, ok, ok ? "\"" + name + "\"" : "name is \"" + Step.abbreviate(name) + "\", expected \"" + Step.abbreviate(want) + "\"");
        });
        r.register("kexec", Op.Kexec.class, Kind.CALL, BuiltinOps::kexec);
        r.register("repeat", Op.Repeat.class, Kind.CONTROL, BuiltinOps::repeat);
        r.register("expect_log", Op.ExpectLog.class, Kind.CHECK, (op, ctx) -> {
            String want = ctx.text(op.contains());
            boolean any = Boolean.TRUE.equals(op.anyBoot());
            for (KernelLog log : any ? ctx.logs() : java.util.List.of(ctx.kernel().log())) {
                for (KernelLog.Line l : log.lines()) {
                    // kernel output only: a scenario cannot expect one of the lab's own notes
                    if (l.level().kernel() && l.text().contains(want)) {
                        return StepResult.check(true, l.toString().trim());
                    }
                }
            }
            return StepResult.check(false, "no line of the " + (any ? "kernel logs" : "current kernel's log (boot " + ctx.kernel().boot() + ")")
                    + " contains \"" + want + "\"");
        });
        r.register("expect_count", Op.ExpectCount.class, Kind.CHECK, BuiltinOps::expectCount);
        r.register("expect_panic", Op.ExpectPanic.class, Kind.CHECK, (op, ctx) -> {
            Kernel k = ctx.kernel();
            if (!k.panicked()) {
                return StepResult.check(false, "kernel (boot " + k.boot() + ") did not panic"
                        + (k.hung() ? ": it hangs (" + k.stopReason().text() + ")" : ""));
            }
            String want = op.contains() == null ? null : ctx.text(op.contains());
            boolean ok = want == null || k.panicMessage().contains(want) || k.log().contains(want);
            return StepResult.check(ok, "panic: " + k.panicMessage() + (ok ? "" : " (expected it to mention \"" + want + "\")"));
        });
        r.register("expect_no_panic", Op.ExpectNoPanic.class, Kind.CHECK, (op, ctx) -> {
            Kernel k = ctx.kernel();
            // "expect_no_panic" means "the new kernel came up": a hung kernel did not panic, but it is not
            // running either, so the check fails and names the hang (expect_hang is the check for one)
            return StepResult.check(!k.dead(), k.panicked() ? "kernel (boot " + k.boot() + ") panicked: " + k.panicMessage()
                    : k.hung() ? "kernel (boot " + k.boot() + ") did not panic but hangs, which is not a clean boot: "
                            + k.stopReason().text()
                    : "boot " + k.boot() + " is running");
        });
        r.register("expect_hang", Op.ExpectHang.class, Kind.CHECK, (op, ctx) -> {
            Kernel k = ctx.kernel();
            if (!k.hung()) {
                return StepResult.check(false, "kernel (boot " + k.boot() + ") did not hang"
                        + (k.panicked() ? ": it panicked (" + k.panicMessage() + ")" : ": it is running"));
            }
            String why = k.stopReason().text();
            String want = op.contains() == null ? null : ctx.text(op.contains());
            // only the lab's reason: the kernel printed nothing, and lab notes never match (as in expect_log)
            boolean ok = want == null || why.contains(want);
            return StepResult.check(ok, "hang: " + why + (ok ? "" : " (expected it to mention \"" + want + "\")"));
        });
        r.register("note", Op.Note.class, Kind.CONTROL, (op, ctx) -> {
            String text;
            try {
                text = ctx.text(op.text());
            } catch (StepError e) {
                text = op.text();
            }
            return StepResult.info(text);
        });
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static StepResult openDevice(Op.OpenDevice op, RunContext ctx) throws StepError {
        return open(ctx, op.path() == null ? "/dev/liveupdate" : ctx.text(op.path()));
    }

    private static StepResult open(RunContext ctx, String path) {
        int fd = ctx.process().open(path);
        if (fd >= 0 && path.equals("/dev/liveupdate")) {
            ctx.setDevice(fd);
        }
        return StepResult.call(fd, path);
    }

    private static StepResult memfdCreate(Op.MemfdCreate op, RunContext ctx) throws StepError {
        Process p = ctx.process();
        String name = op.name() == null ? "memfd" : ctx.text(op.name());
        boolean sealing = op.allowSealing() != null ? op.allowSealing() : op.seals() != null;
        int fd = p.memfdCreate(name, sealing ? Process.MFD_ALLOW_SEALING : 0);
        if (fd < 0) {
            return StepResult.call(fd, "memfd_create");
        }
        String failed = null;
        int rc = 0;
        if (op.size() != null) {
            rc = p.ftruncate(fd, op.size());
            failed = "ftruncate";
        }
        byte[] data = op.fill() != null ? op.fill().bytes(op.size()) : op.content() != null
                ? ctx.text(op.content()).getBytes(StandardCharsets.UTF_8) : null;
        if (rc >= 0 && data != null && data.length > 0) {
            rc = p.pwrite(fd, data, 0);
            failed = "pwrite";
        }
        if (rc >= 0 && op.seals() != null) {
            rc = p.addSeals(fd, op.seals().mask());
            failed = "F_ADD_SEALS";
        }
        if (rc < 0) {
            ctx.close(fd);
            return StepResult.call(rc, failed + " failed");
        }
        return StepResult.call(fd, "memfd '" + name + "', " + p.fileSize(fd) + " bytes");
    }

    private static StepResult checkContent(Op.CheckContent op, RunContext ctx) throws StepError {
        int fd = ctx.fd(op.fd());
        Process p = ctx.process();
        long size = p.fileSize(fd);
        if (size < 0) {
            return StepResult.check(false, "fd " + fd + " is not a memfd" + (p.file(fd) == null ? " (not open)" : " (" + p.file(fd).name() + ")"));
        }
        if (op.size() != null && op.content() == null && op.fill() == null && size != op.size()) {
            return StepResult.check(false, "size is " + size + ", expected " + op.size());
        }
        byte[] want;
        if (op.content() != null) {
            want = ctx.text(op.content()).getBytes(StandardCharsets.UTF_8);
            if (op.size() != null && size != op.size()) {
                return StepResult.check(false, "size is " + size + ", expected " + op.size());
            }
        } else if (op.fill() != null) {
            long n = op.size() != null ? op.size() : size;
            if (size != n) {
                return StepResult.check(false, "size is " + size + ", expected " + n);
            }
            want = op.fill().bytes(n);
        } else {
            return StepResult.check(true, "size " + size);
        }
        byte[] got = p.pread(fd, want.length, 0);
        if (got == null) {
            return StepResult.check(false, "read failed");
        }
        if (got.length < want.length) {
            return StepResult.check(false, "file has " + size + " bytes, expected at least " + want.length);
        }
        for (int i = 0; i < want.length; i++) {
            if (got[i] != want[i]) {
                return StepResult.check(false, String.format("byte %d is 0x%02x, expected 0x%02x: read \"%s\"", i, got[i] & 0xFF,
                        want[i] & 0xFF, printable(got, Math.max(0, i - 8), Math.min(got.length, i + 24))));
            }
        }
        return StepResult.check(true, want.length + " bytes match" + (want.length <= 64 ? ": \"" + printable(got, 0, want.length) + "\"" : ""));
    }

    static String printable(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static StepResult kexec(Op.Kexec op, RunContext ctx) {
        Kernel old = ctx.kernel();
        Abi next = op.abi() == null ? old.abi() : Abi.byId(op.abi());
        Counts c = Counts.outgoing(old);
        int[] err = new int[1];
        var bp = ctx.machine().serializeForKexec(err);
        if (bp == null) {
            return StepResult.call(err[0], "kexec aborted; boot " + old.boot() + " keeps running");
        }
        var injected = ctx.runBeforeJump();
        ctx.machine().bootNext(bp, next);
        ctx.handingOver(c);
        ctx.kexecDone();
        Kernel k = ctx.kernel();
        return StepResult.call(0, "handed over " + c + (injected.isEmpty() ? "" : " (with " + injected.size() + " corruption(s) written before the jump)")
                + "; booted kernel #" + k.boot() + " (" + k.abi().id() + ")"
                + (k.panicked() ? " — it PANICKED: " + k.panicMessage() : k.hung() ? " — it HANGS: " + k.stopReason().text() : ""));
    }

    private static StepResult repeat(Op.Repeat op, RunContext ctx) throws StepError {
        long before = ctx.failedCount();
        long total = op.count();
        ctx.pushLoop(op.variable());
        long done = 0;
        boolean ok = true;
        try {
            for (; done < total; done++) {
                ctx.setLoop(op.start() + done);
                for (Step s : op.steps()) {
                    // before every body step, not only every iteration: once a nested repeat was
                    // cancelled, the rest of this body (finish, close …) must not run either
                    if (ctx.cancelled()) {
                        return StepResult.composite(false, "cancelled after " + Values.count(done) + " of " + Values.count(total) + " iterations");
                    }
                    ok &= ctx.run(s);
                }
                ctx.progressIteration(done + 1, total);
            }
        } finally {
            ctx.popLoop();
        }
        long failedHere = ctx.failedCount() - before;
        return StepResult.composite(ok, Values.count(total) + " iteration" + (total == 1 ? "" : "s") + (ok ? ", all expectations met"
                : ", " + Values.count(failedHere) + " expectation" + (failedHere == 1 ? "" : "s") + " failed"));
    }

    private static StepResult expectCount(Op.ExpectCount op, RunContext ctx) throws StepError {
        Kernel k = ctx.kernel();
        Luo luo = k.luo();
        long v;
        switch (op.what()) {
            case "outgoing_sessions" -> v = luo == null ? 0 : luo.sessions().outgoing().size();
            case "incoming_sessions" -> v = luo == null ? 0 : luo.sessions().incoming().size();
            case "session_blocks" -> v = luo == null || luo.sessions().outgoingBlocks() == null ? 0 : luo.sessions().outgoingBlocks().nblocks();
            case "incoming_session_blocks" -> v = luo == null || luo.sessions().incomingBlocks() == null ? 0 : luo.sessions().incomingBlocks().nblocks();
            case "outgoing_files" -> v = Counts.outgoing(k).files();
            case "file_blocks" -> v = findSession(op, ctx).fileSet().blocks().nblocks();
            case "files" -> v = findSession(op, ctx).fileSet().count();
            case "preserved_pages" -> v = Counts.preservedPages(k);
            case "incoming_preserved_ranges" -> v = k.kho() == null ? 0 : k.kho().incomingPreservedCount();
            default -> throw new StepError("unknown count " + op.what());
        }
        boolean ok = v == op.equals();
        String of = op.name() != null ? op.name() : op.session();
        return StepResult.check(ok, op.what() + (of != null ? " of '" + of + "'" : "") + " = " + Values.count(v) + (ok ? "" : ", expected " + Values.count(op.equals())));
    }

    private static LuoSession findSession(Op.ExpectCount op, RunContext ctx) throws StepError {
        if (op.session() != null && (ctx.isVariable(op.session()) || ctx.text(op.session()).trim().matches("\\d+"))) {
            return ctx.session(op.session());
        }
        // "session" that names no variable is taken as a session name, like "name"
        String name = ctx.text(op.session() != null ? op.session() : op.name());
        Luo luo = ctx.kernel().luo();
        if (luo != null) {
            for (LuoSession s : luo.sessions().outgoing()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
            for (LuoSession s : luo.sessions().incoming()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
        }
        throw new StepError("no session named \"" + name + "\" in boot " + ctx.kernel().boot()
                + " (incoming sessions appear after the first open of /dev/liveupdate)");
    }

    static String errno(int rc) {
        return rc < 0 ? Errno.pe(rc) : String.valueOf(rc);
    }
}

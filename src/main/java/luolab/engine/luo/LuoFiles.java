package luolab.engine.luo;

import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.LittleEndian;
import luolab.engine.trace.TraceEvent;
import luolab.engine.trace.TraceEvent.FileOp;
import luolab.engine.vfs.KFile;

/**
 * Files of a session (kernel/liveupdate/luo_file.c, v7): preserve by token, freeze into the
 * session's file block set at reboot, deserialize from bytes in the next kernel, retrieve by
 * token and finish.
 */
public final class LuoFiles {
    /** LIVEUPDATE_HNDL_COMPAT_LENGTH. */
    public static final int COMPAT_LENGTH = 48;

    private static final FieldRef ENTRY = Layouts.FILE_SER.whole();
    private static final FieldRef FILES_PA = Layouts.SESSION_SER.ref("file_set_ser.files");
    private static final FieldRef COUNT = Layouts.SESSION_SER.ref("file_set_ser.count");

    private final Luo luo;
    /**
     * One luo_file_ser being built or read. Reused: memory copies what is written (and the trace
     * keeps its own copy), and a read entry is decoded before the next one is read.
     */
    private final byte[] entry = new byte[Layouts.FILE_SER.size()];

    LuoFiles(Luo luo) {
        this.luo = luo;
    }

    private void event(FileOp op, LuoSession s, long token, String compat, int err) {
        if (luo.trace.recording()) luo.trace.emit(new TraceEvent.FileEvent(luo.trace.phase(), luo.trace.stack(), op, s.name, token, compat, err));
    }

    /**
     * luo_preserve_file(): token unique in the session (-EEXIST), room in the block set, a valid
     * fd (-EBADF), a handler that accepts it (-ENOENT), not preserved anywhere yet (-EBUSY), FLBs,
     * then the handler. Every failure shrinks the block set back.
     */
    public int preserve(LuoSession s, long token, KFile file) {
        try (var f = luo.trace.enter("luo_preserve_file")) {
            FileSet fs = s.fileSet;
            if (fs.indexOf(token) >= 0) {
                return fail(-Errno.EEXIST);
            }
            int e = fs.blocks.grow(fs.count + 1);
            if (e != 0) {
                return fail(e);
            }
            if (file == null) {
                fs.blocks.shrink(fs.count);
                return fail(-Errno.EBADF);
            }
            FileHandler h = null;
            for (FileHandler cand : luo.handlers) {
                if (cand.canPreserve(file)) {
                    h = cand;
                    break;
                }
            }
            if (h == null) {
                fs.blocks.shrink(fs.count);
                return fail(-Errno.ENOENT);
            }
            long id = h.getId(file);
            if (luo.preservedIds.containsKey(id)) {
                fs.blocks.shrink(fs.count);
                return fail(-Errno.EBUSY);
            }
            luo.preservedIds.put(id, Luo.PRESERVED);
            e = luo.flbState.filePreserve(h);
            if (e != 0) {
                luo.preservedIds.remove(id);
                fs.blocks.shrink(fs.count);
                return fail(e);
            }
            FileOpArgs args = new FileOpArgs(h);
            args.file = file;
            e = h.preserve(args);
            if (e != 0) {
                luo.flbState.fileUnpreserve(h);
                luo.preservedIds.remove(id);
                fs.blocks.shrink(fs.count);
                return fail(e);
            }
            int i = fs.add(h, token, args.serializedData);
            fs.setFile(i, file.get(), args.privateData);
            fs.count++;
            event(FileOp.PRESERVE, s, token, h.compatible(), 0);
            return 0;
        }
    }

    private int fail(int e) {
        luo.trace.error(-e, "luo_preserve_file");
        return e;
    }

    /** luo_file_unpreserve_files(): newest first, each with its FLBs, shrinking as it goes. */
    void unpreserveAll(LuoSession s) {
        FileSet fs = s.fileSet;
        try (var f = luo.trace.enter("luo_file_unpreserve_files")) {
            while (!fs.isEmpty()) {
                int i = fs.size() - 1;
                FileHandler h = fs.handler(i);
                long token = fs.token(i);
                KFile file = fs.file(i);
                h.unpreserve(fs.args(i));
                luo.flbState.fileUnpreserve(h);
                luo.preservedIds.remove(fs.id(i));
                fs.removeLast();
                if (file != null) {
                    file.put();
                }
                fs.count--;
                fs.blocks.shrink(fs.count);
                event(FileOp.UNPRESERVE, s, token, h.compatible(), 0);
            }
        }
    }

    /**
     * luo_file_freeze(): each file in preservation order gets a slot, its handler's freeze, and
     * the entry {compatible, data, token}; then file_set_ser = {head_pa, count} in the session
     * entry. A freeze failure unfreezes the earlier files and clears the blocks.
     */
    int freeze(LuoSession s, long fileSetSerPa) {
        try (var f = luo.trace.enter("luo_file_freeze")) {
            FileSet fs = s.fileSet;
            if (fs.isEmpty()) {
                return 0;
            }
            EntryStore.Cursor it = fs.blocks.iterator();
            int done = 0;
            FileHandler compatOf = null; // files of one handler usually come in a row
            byte[] compat = null;
            for (int i = 0; i < fs.size(); i++) {
                FileHandler h = fs.handler(i);
                if (h != compatOf) {
                    compatOf = h;
                    compat = luo.compatField(h);
                }
                long token = fs.token(i);
                long slot = it.reserveEntry();
                if (slot == 0) {
                    // luo_file_freeze(): WARN_ON_ONCE(!file_ser), -ENOSPC
                    luo.log.warnOn("kernel/liveupdate/luo_file.c", "luo_file_freeze");
                    luo.log.note("no block slot left for token " + Luo.tokenHex(token) + ": -ENOSPC");
                    unfreezeFirst(fs, done);
                    fs.blocks.clear();
                    return -Errno.ENOSPC;
                }
                FileOpArgs args = fs.args(i);
                int e = h.freeze(args);
                if (e != 0) {
                    // luo_file_freeze(): pr_warn "Freeze failed for token[%#0llx] handler[%s] err[%pe]"
                    luo.log.warn(Luo.PR + "Freeze failed for token[" + Luo.tokenHex(token) + "] handler["
                            + h.compatible() + "] err[" + Errno.pe(e) + "]");
                    unfreezeFirst(fs, done);
                    fs.blocks.clear();
                    return e;
                }
                fs.setSerializedData(i, args.serializedData);
                System.arraycopy(compat, 0, entry, 0, COMPAT_LENGTH);
                LittleEndian.putU64(entry, 48, args.serializedData);
                LittleEndian.putU64(entry, 56, token);
                it.write(entry, ENTRY);
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.EntrySerialized(luo.trace.phase(), luo.trace.stack(), fs.blocks.name(),
                        it.blockIndex(), (int) it.slotIndex(), slot, "file token 0x" + Long.toHexString(token)));
                event(FileOp.FREEZE, s, token, h.compatible(), 0);
                done++;
            }
            luo.mem.writeU64(fileSetSerPa, fs.blocks.headPa(), FILES_PA);
            luo.mem.writeU64(fileSetSerPa + 8, fs.count, COUNT);
            return 0;
        }
    }

    private void unfreezeFirst(FileSet fs, int n) {
        for (int i = n - 1; i >= 0; i--) {
            fs.handler(i).unfreeze(fs.args(i));
        }
    }

    /** luo_file_unfreeze(): undo a session's freeze when a later session failed to serialize. */
    void unfreeze(LuoSession s) {
        try (var f = luo.trace.enter("luo_file_unfreeze")) {
            unfreezeFirst(s.fileSet, s.fileSet.size());
            s.fileSet.blocks.clear();
        }
    }

    /**
     * luo_file_deserialize(): restore the file chain, then one luo_file per entry matched to a
     * registered handler by exact compatible; the number found must equal file_set_ser.count.
     * Any error frees what was built and destroys the file block set.
     */
    int deserialize(LuoSession s, long filesPa, long count) {
        try (var f = luo.trace.enter("luo_file_deserialize")) {
            FileSet fs = s.fileSet;
            if (filesPa == 0) {
                if (count != 0) {
                    // luo_file_deserialize(): WARN_ON(file_set_ser->count) when files == 0
                    luo.log.warnOn("kernel/liveupdate/luo_file.c", "luo_file_deserialize");
                    luo.log.note("session [" + s.name + "] has count " + Long.toUnsignedString(count) + " but no file blocks");
                }
                return 0;
            }
            int e = fs.blocks.restore(filesPa);
            if (fs.blocks instanceof ContiguousArray arr) {
                arr.setIncomingCount(count);
            }
            if (e != 0) {
                fs.blocks.destroy();
                return e;
            }
            // room for at most what the restored blocks can hold: file_set_ser.count is an
            // unsigned u64 from memory and may be anything
            long capacity = (long) fs.blocks.nblocks() * fs.blocks.countPerBlock();
            fs.expect(Long.compareUnsigned(count, capacity) < 0 ? count : capacity);
            EntryStore.Cursor it = fs.blocks.iterator();
            long slot;
            long found = 0;
            while ((slot = it.readEntry()) != 0) {
                it.read(entry);
                e = deserializeOne(s, slot);
                if (e != 0) {
                    return undo(fs, e, count);
                }
                found++;
            }
            // the pre-series loop runs to count (past the array, see ContiguousArray), so found
            // == count whenever it gets here; it has no mismatch check to print
            if (found != count) {
                // v7 luo_file_deserialize(): pr_warn "File count mismatch: expected %llu, found %llu"
                luo.log.warn(Luo.PR + "File count mismatch: expected " + Long.toUnsignedString(count) + ", found " + found);
                return undo(fs, -Errno.EINVAL, count);
            }
            fs.count = found;
            return 0;
        }
    }

    /**
     * The series' luo_file_deserialize() frees what it built on an error. The pre-series one
     * (torvalds luo_file.c @ b2135d1c) set file_set->count = file_set_ser->count and adopted the
     * array before its loop, and returns without undoing anything ("we intentionally skip
     * cleanup"): the files read so far stay listed, the count and the array stay.
     */
    private int undo(FileSet fs, int e, long serCount) {
        if (!luo.abi.sessionChecksFileErrors()) {
            fs.count = serCount;
            return e;
        }
        fs.clearAll();
        fs.count = 0;
        fs.blocks.destroy();
        return e;
    }

    /** One entry, already read into {@link #entry} from {@code slot}. */
    private int deserializeOne(LuoSession s, long slot) {
        try (var f = luo.trace.enter("luo_file_deserialize_one")) {
            FileHandler h = luo.handlerFor(entry, 0, COMPAT_LENGTH);
            long token = LittleEndian.u64(entry, 56);
            if (h == null) {
                String compat = LittleEndian.cString(entry, 0, COMPAT_LENGTH);
                // luo_file_deserialize_one(): pr_warn "No registered handler for compatible '%.*s'"
                luo.log.warn(Luo.PR + "No registered handler for compatible '" + compat + "'");
                event(FileOp.DESERIALIZE, s, token, compat, -Errno.ENOENT);
                return -Errno.ENOENT;
            }
            s.fileSet.add(h, token, LittleEndian.u64(entry, 48));
            event(FileOp.DESERIALIZE, s, token, h.compatible(), 0);
            if (luo.trace.recording()) luo.trace.emit(new TraceEvent.Restored(luo.trace.phase(), luo.trace.stack(), TraceEvent.RestoreKind.FILE,
                    s.name + " token 0x" + Long.toHexString(token), slot));
            return 0;
        }
    }

    /**
     * luo_retrieve_file(): -ENOENT for an unknown token; a cached error is returned again; a second
     * retrieve gives another reference to the same file. On success {@code filep[0]} holds a new
     * reference (the kernel's {@code struct file **filep}).
     */
    public int retrieve(LuoSession s, long token, KFile[] filep) {
        try (var f = luo.trace.enter("luo_retrieve_file")) {
            FileSet fs = s.fileSet;
            int i = fs.indexOf(token);
            if (i < 0) {
                luo.trace.error(Errno.ENOENT, "luo_retrieve_file");
                return -Errno.ENOENT;
            }
            int status = fs.status(i);
            if (status < 0) {
                return status;
            }
            if (status == 1) {
                filep[0] = fs.file(i).get();
                return 0;
            }
            FileHandler h = fs.handler(i);
            FileOpArgs args = fs.args(i);
            int e = h.retrieve(args);
            if (e != 0) {
                fs.setStatus(i, e);
                event(FileOp.RETRIEVE, s, token, h.compatible(), e);
                return e;
            }
            fs.setFile(i, args.file, args.privateData);
            fs.setStatus(i, 1);
            luo.preservedIds.put(fs.id(i), Luo.PRESERVED);
            event(FileOp.RETRIEVE, s, token, h.compatible(), 0);
            filep[0] = args.file.get();
            return 0;
        }
    }

    /**
     * luo_file_finish(): if any handler cannot finish yet, nothing is finished (-EBUSY); else
     * newest first: finish, FLB finish, drop the file, shrink; finally destroy the block set.
     */
    int finish(LuoSession s) {
        try (var f = luo.trace.enter("luo_file_finish")) {
            FileSet fs = s.fileSet;
            // if (!file_set->count) return 0: a count left by a failed pre-series deserialize
            // with no files listed still frees the array below
            if (fs.count == 0) {
                return 0;
            }
            for (int i = 0; i < fs.size(); i++) {
                if (!fs.handler(i).canFinish(fs.args(i))) {
                    return -Errno.EBUSY;
                }
            }
            while (!fs.isEmpty()) {
                int i = fs.size() - 1;
                FileHandler h = fs.handler(i);
                long token = fs.token(i);
                long id = fs.id(i);
                KFile file = fs.file(i);
                h.finish(fs.args(i));
                luo.flbState.fileFinish(h);
                if (id != 0) {
                    luo.preservedIds.remove(id);
                }
                fs.removeLast();
                if (file != null) {
                    file.put();
                }
                fs.count--;
                event(FileOp.FINISH, s, token, h.compatible(), 0);
            }
            fs.blocks.destroy();
            return 0;
        }
    }

    /** LIVEUPDATE_SESSION_FINISH on a retrieved session. */
    public int finishSession(LuoSession s) {
        try (var f = luo.trace.enter("luo_session_finish")) {
            int e = finish(s);
            if (e == 0) {
                s.finished = true;
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), TraceEvent.SessionOp.FINISH, s.name, true, 0));
            }
            return e;
        }
    }
}

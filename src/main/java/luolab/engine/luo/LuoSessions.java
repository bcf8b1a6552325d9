package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;
import luolab.engine.trace.TraceEvent.SessionOp;

/**
 * Sessions (kernel/liveupdate/luo_session.c, v7): the outgoing list whose block set grows as
 * sessions are created, its serialization at reboot, and the incoming list rebuilt from the
 * previous kernel's session block chain on the first open of /dev/liveupdate.
 */
public final class LuoSessions {
    /** LIVEUPDATE_SESSION_NAME_LENGTH (uapi). */
    public static final int NAME_LENGTH = 64;

    private final Luo luo;
    private final List<LuoSession> outgoing = new ArrayList<>();
    private final List<LuoSession> incoming = new ArrayList<>();
    /** Name indexes of the two lists (the kernel scans them; same answers, O(1)). */
    private final java.util.Map<String, LuoSession> outByName = new java.util.HashMap<>();
    private final java.util.Map<String, LuoSession> inByName = new java.util.HashMap<>();
    private EntryStore outBlocks;
    private EntryStore inBlocks;
    private long outCount;
    /**
     * What luo_session_deserialize() read this boot: sessions and their files. The kernel keeps no
     * such count (retrieved, finished and closed sessions simply leave the list); the lab keeps it
     * so that a run made with the trace off can still say what the last kexec handed over once
     * those sessions are gone and their blocks freed. Set once, after the walk: no cost per entry.
     */
    private long deserializedSessions;
    private long deserializedFiles;

    LuoSessions(Luo luo) {
        this.luo = luo;
    }

    public List<LuoSession> outgoing() {
        return List.copyOf(outgoing);
    }

    /** How many incoming sessions this boot's first open deserialized (0 before it, or if none came). */
    public long deserializedSessions() {
        return deserializedSessions;
    }

    /** How many files those sessions held when they were deserialized. */
    public long deserializedFiles() {
        return deserializedFiles;
    }

    public List<LuoSession> incoming() {
        return List.copyOf(incoming);
    }

    /** The outgoing session store (a {@link BlockSet} for the series, a {@link ContiguousArray} before it). */
    public EntryStore outgoingBlocks() {
        return outBlocks;
    }

    public EntryStore incomingBlocks() {
        return inBlocks;
    }

    private EntryStore outBlocks() {
        if (outBlocks == null) {
            outBlocks = sessionStore("sessions");
        }
        return outBlocks;
    }

    private EntryStore sessionStore(String name) {
        if (luo.abi.rootFormat() == luolab.engine.abi.Abi.RootFormat.FDT_SESSION_ARRAY) {
            return new ContiguousArray(name, luo.kho, luo.mem, luo.trace, luo.log, OwnerKind.SESSION_BLOCK,
                    Layouts.SESSION_SER.size(), luolab.engine.abi.Abi.PRE_SESSION_PGCNT, 8, -Errno.ENOMEM);
        }
        return new BlockSet(name, luo.abi, luo.kho, luo.mem, luo.trace, luo.log,
                OwnerKind.SESSION_BLOCK, Layouts.SESSION_SER.size());
    }

    /**
     * Pre-series luo_session_setup_outgoing(): the 16-page array exists from boot on, and its PA
     * is what the LUO FDT's luo-session-header points at. Returns 0 or the allocation error.
     */
    int setupOutgoingArray() {
        return ((ContiguousArray) outBlocks()).allocate();
    }

    boolean hasIncomingToDeserialize() {
        return inBlocks != null && !inBlocks.isEmpty();
    }

    // ---- outgoing ------------------------------------------------------------------------------

    /** luo_session_create(): name must be 1..63 bytes plus NUL within the 64-byte field. */
    public Object[] create(byte[] name64) {
        try (var f = luo.trace.enter("luo_session_create")) {
            int len = 0;
            while (len < NAME_LENGTH && len < name64.length && name64[len] != 0) {
                len++;
            }
            if (len == 0 || len == NAME_LENGTH) {
                return err(-Errno.EINVAL, "luo_session_create");
            }
            String name = new String(name64, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            LuoSession s = new LuoSession(name, false, new FileSet(fileBlocks(name, false)));
            int e = insert(s);
            if (e != 0) {
                return err(e, "luo_session_create");
            }
            if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.CREATE, name, false, 0));
            return new Object[] {0, s};
        }
    }

    private Object[] err(int e, String fn) {
        luo.trace.error(-e, fn);
        return new Object[] {e, null};
    }

    EntryStore fileBlocks(String session, boolean incomingSet) {
        String name = (incomingSet ? "incoming files of '" : "files of '") + session + "'";
        if (luo.abi.rootFormat() == luolab.engine.abi.Abi.RootFormat.FDT_SESSION_ARRAY) {
            return new ContiguousArray(name, luo.kho, luo.mem, luo.trace, luo.log, OwnerKind.FILE_BLOCK,
                    Layouts.FILE_SER.size(), luolab.engine.abi.Abi.PRE_FILE_PGCNT, 0, -Errno.ENOSPC);
        }
        return new BlockSet((incomingSet ? "incoming files of '" : "files of '") + session + "'", luo.abi, luo.kho,
                luo.mem, luo.trace, luo.log, OwnerKind.FILE_BLOCK, Layouts.FILE_SER.size());
    }

    /**
     * luo_session_insert() for the outgoing list: the block set is grown to count + 1 *before*
     * the duplicate-name check, and the -EEXIST path does not shrink it again (kernel-luo.md §7).
     */
    private int insert(LuoSession s) {
        try (var f = luo.trace.enter("luo_session_insert")) {
            int e = outBlocks().grow(outCount + 1);
            if (e != 0) {
                return e;
            }
            if (outByName.containsKey(s.name)) {
                return -Errno.EEXIST;
            }
            outgoing.add(s);
            outByName.put(s.name, s);
            outCount++;
            return 0;
        }
    }

    /** luo_session_remove(): unlink and shrink the block set to the new count. */
    void remove(LuoSession s) {
        try (var f = luo.trace.enter("luo_session_remove")) {
            if (s.incoming) {
                incoming.remove(s);
                inByName.remove(s.name, s);
                return;
            }
            outgoing.remove(s);
            outByName.remove(s.name, s);
            outCount--;
            outBlocks().shrink(outCount);
            if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.REMOVE, s.name, false, 0));
        }
    }

    /**
     * luo_session_release(): closing an outgoing session fd unpreserves its files (newest first),
     * destroys their block set and removes the session. A retrieved incoming session is finished
     * first; if a file cannot finish yet the session stays.
     */
    public void release(LuoSession s) {
        try (var f = luo.trace.at("__fput", "luo_session_release")) {
            if (s.incoming) {
                int e = luo.files.finish(s);
                if (e != 0) {
                    luo.log.warn(Luo.PR + "Unable to finish session [" + s.name + "] on release");
                    return;
                }
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.FINISH, s.name, true, 0));
                remove(s);
                destroyFileSet(s);
                return;
            }
            luo.files.unpreserveAll(s);
            s.fileSet.blocks.destroy();
            remove(s);
            destroyFileSet(s);
        }
    }

    /**
     * luo_session_free() → luo_file_set_destroy(): WARN_ON(file_set->count). Reached with a count
     * left only by a pre-series luo_file_deserialize() that failed part-way: it set count to
     * file_set_ser.count first and undoes nothing, so finish drops fewer files than the count.
     */
    private void destroyFileSet(LuoSession s) {
        if (s.fileSet.count != 0) {
            luo.log.warnOn("kernel/liveupdate/luo_file.c", "luo_file_set_destroy");
            luo.log.note("session [" + s.name + "] freed with file count " + Long.toUnsignedString(s.fileSet.count)
                    + " left: luo_file_deserialize() failed part-way and kept file_set_ser.count");
        }
    }

    // ---- reboot --------------------------------------------------------------------------------

    /**
     * luo_session_serialize(): sessions in creation order into the block set, each with its files
     * frozen first; sessions_pa is set only on success. Failure unfreezes in reverse.
     */
    int serialize() {
        try (var f = luo.trace.enter("luo_session_serialize")) {
            luo.trace.setPhase(Phase.SERIALIZE);
            long sessionsPaField = luo.sessionsPaField;
            if (sessionsPaField != 0) {
                luo.mem.writeU64(sessionsPaField, 0, Layouts.LUO_SER.ref("sessions_pa"));
            }
            EntryStore.Cursor it = outBlocks().iterator();
            List<long[]> done = new ArrayList<>();
            int i = 0;
            for (LuoSession s : outgoing) {
                long slot = it.reserveEntry();
                if (slot == 0) {
                    // luo_session_serialize(): WARN_ON_ONCE(!ser), -ENOSPC
                    luo.log.warnOn("kernel/liveupdate/luo_session.c", "luo_session_serialize");
                    luo.log.note("no block slot left for session [" + s.name + "]: -ENOSPC");
                    return unwind(done, -Errno.ENOSPC);
                }
                int e = luo.files.freeze(s, slot + Layouts.SESSION_SER.offset("file_set_ser.files"));
                if (e != 0) {
                    return unwind(done, e);
                }
                byte[] name = new byte[NAME_LENGTH];
                LittleEndian.putCString(name, 0, NAME_LENGTH, s.name);
                luo.mem.write(slot, name, Layouts.SESSION_SER.ref("name"));
                done.add(new long[] {slot, i++});
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.EntrySerialized(luo.trace.phase(), luo.trace.stack(), outBlocks.name(),
                        it.blockIndex(), (int) it.slotIndex(), slot, "session '" + s.name + "'"));
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.SERIALIZE, s.name, false, 0));
            }
            if (outCount > 0 && sessionsPaField != 0) {
                luo.mem.writeU64(sessionsPaField, outBlocks.headPa(), Layouts.LUO_SER.ref("sessions_pa"));
            }
            return 0;
        }
    }

    private int unwind(List<long[]> done, int e) {
        for (int k = done.size() - 1; k >= 0; k--) {
            LuoSession s = outgoing.get((int) done.get(k)[1]);
            luo.files.unfreeze(s);
            luo.mem.write(done.get(k)[0], new byte[NAME_LENGTH], Layouts.SESSION_SER.ref("name"));
        }
        return e;
    }

    // ---- incoming ------------------------------------------------------------------------------

    /** luo_session_setup_incoming(): restore (and check) the previous kernel's session chain. */
    int setupIncoming(long sessionsPa) {
        try (var f = luo.trace.enter("luo_session_setup_incoming")) {
            inBlocks = sessionStore("incoming sessions");
            if (sessionsPa == 0) {
                return 0;
            }
            return inBlocks.restore(sessionsPa);
        }
    }

    /**
     * luo_session_deserialize(): one incoming session per entry (name strscpy'd, so truncated to
     * 63 bytes), files restored under it. Stops at the first error; sessions already inserted
     * stay (leaked by design). The incoming session blocks are freed either way. Pre-series, a
     * file error is not one ({@link luolab.engine.abi.Abi#sessionChecksFileErrors()}).
     */
    int deserialize() {
        try (var f = luo.trace.enter("luo_session_deserialize")) {
            if (inBlocks == null || inBlocks.isEmpty()) {
                return 0;
            }
            int err = 0;
            EntryStore.Cursor it = inBlocks.iterator();
            long slot;
            while ((slot = it.readEntry()) != 0) {
                err = deserializeOne(slot);
                if (err != 0) {
                    break;
                }
            }
            inBlocks.destroy();
            long files = 0;
            for (LuoSession s : incoming) {
                files += s.fileSet.size();
            }
            // every restored file will enter luo_preserved_files when it is retrieved
            luo.expectPreservedIds(files);
            deserializedSessions = incoming.size();
            deserializedFiles = files;
            return err;
        }
    }

    private int deserializeOne(long slot) {
        try (var f = luo.trace.enter("luo_session_deserialize_one")) {
            String name = luo.mem.cstring(slot, NAME_LENGTH - 1);
            LuoSession s = new LuoSession(name, true, new FileSet(fileBlocks(name, true)));
            if (inByName.containsKey(name)) {
                {
                    // luo_session_deserialize_one(): pr_warn "Failed to insert session [%s] %pe"
                    luo.log.warn(Luo.PR + "Failed to insert session [" + name + "] " + Errno.pe(-Errno.EEXIST));
                    if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.DESERIALIZE, name, true, -Errno.EEXIST));
                    return -Errno.EEXIST;
                }
            }
            incoming.add(s);
            inByName.put(name, s);
            long filesPa = luo.mem.u64(slot + Layouts.SESSION_SER.offset("file_set_ser.files"));
            long count = luo.mem.u64(slot + Layouts.SESSION_SER.offset("file_set_ser.count"));
            int e = luo.files.deserialize(s, filesPa, count);
            if (e != 0) {
                s.deserializeError = e;
                if (luo.abi.sessionChecksFileErrors()) {
                    // luo_session_deserialize_one(): pr_warn "Failed to deserialize files for session [%s] %pe"
                    luo.log.warn(Luo.PR + "Failed to deserialize files for session [" + name + "] " + Errno.pe(e));
                }
            }
            if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.DESERIALIZE, name, true, e));
            if (luo.trace.recording()) luo.trace.emit(new TraceEvent.Restored(luo.trace.phase(), luo.trace.stack(), TraceEvent.RestoreKind.SESSION, name, slot));
            // pre-series luo_session_deserialize() ignores the error: the next session is read
            return luo.abi.sessionChecksFileErrors() ? e : 0;
        }
    }

    /** luo_session_retrieve(): -ENOENT if unknown, -EINVAL if already retrieved. */
    public Object[] retrieve(byte[] name64) {
        try (var f = luo.trace.enter("luo_session_retrieve")) {
            int len = 0;
            while (len < NAME_LENGTH && len < name64.length && name64[len] != 0) {
                len++;
            }
            String name = new String(name64, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            LuoSession s = inByName.get(name);
            if (s != null) {
                {
                    if (s.retrieved) {
                        return err(-Errno.EINVAL, "luo_session_retrieve");
                    }
                    s.retrieved = true;
                    if (luo.trace.recording()) luo.trace.emit(new TraceEvent.SessionEvent(luo.trace.phase(), luo.trace.stack(), SessionOp.RETRIEVE, name, true, 0));
                    return new Object[] {0, s};
                }
            }
            return err(-Errno.ENOENT, "luo_session_retrieve");
        }
    }

    public long outgoingCount() {
        return outCount;
    }
}

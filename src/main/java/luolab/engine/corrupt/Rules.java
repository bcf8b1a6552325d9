package luolab.engine.corrupt;

import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.handover.KhoBlockSetRestore;

/**
 * What each generation's restore path does with a damaged chain or count, as expected outcomes
 * for the injectors (kernel-luo.md §4, §7; seed 002 luo_block.c; pre-series luo_session.c):
 * <ul>
 * <li>v7 kho_block_set_restore: Floyd "luo: Block set is corrupted"; {@code count == 0 ||
 * count > count_per_block} → "luo: Block contains invalid entry count: N", -EINVAL;</li>
 * <li>v2 luo_block_restore: Floyd "luo: Cyclic list detected" / "luo: Linked list too long"; only
 * {@code count > max} → "luo: Block contains too many entries: N" — a zero-count block is
 * accepted and luo_block_it_read skips it, so its entries are silently dropped;</li>
 * <li>pre-series: no chain; the session array's count above LUO_SESSION_MAX (819) → "luo: Invalid
 * session count: N" (the hardened luo_session.c; the engine models that), a file array's count
 * is file_set_ser.count, read as at most LUO_FILE_MAX (128) entries. luo_session_deserialize()
 * ignores luo_file_deserialize()'s error (torvalds luo_session.c @ 7f790dd2): no "Failed to
 * deserialize files" line, open succeeds, the session keeps the files read before the error and
 * file_set_ser.count, so freeing it WARNs in luo_file_set_destroy().</li>
 * </ul>
 */
final class Rules {
    private Rules() {
    }

    /** A cycle (any generation with links): rejected with the generation's Floyd message. */
    static ExpectedOutcome cyclic(Abi abi, Chain c) {
        return Ctx.chainRejected(c, -Errno.EINVAL, KhoBlockSetRestore.cyclicLine(abi));
    }

    /**
     * Block {@code b} of linked chain {@code c} gets count {@code value}; {@code old} is the count it
     * had (its entries), {@code total} the entries of the whole chain (files: the session's
     * file_set_ser.count). Rejected counts fail restore; a v2 zero count is accepted and drops the
     * block's entries: sessions → RETRIEVE_SESSION -ENOENT, files → "File count mismatch".
     */
    static ExpectedOutcome linkedCount(Abi abi, Chain c, long old, long value, long total) {
        if (KhoBlockSetRestore.countRejected(abi, c.capacity(), value)) {
            return Ctx.chainRejected(c, -Errno.EINVAL, KhoBlockSetRestore.badCountLine(abi, value));
        }
        if (value == 0 && old > 0) {
            String note = "no zero-count check in " + abi.title() + ": the block is accepted and skipped, its " + old
                    + " entries are dropped";
            if (c.sessions()) {
                return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION).withNote(note);
            }
            return fileMismatch(c.session(), total, total - old).withNote(note);
        }
        return ExpectedOutcome.depends("count " + Long.toUnsignedString(value) + " is accepted: entries are read up to it");
    }

    static ExpectedOutcome fileMismatch(String session, long expected, long found) {
        return ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN,
                "luo: File count mismatch: expected " + Long.toUnsignedString(expected) + ", found " + found,
                "luo: Failed to deserialize files for session [" + session + "] -EINVAL");
    }

    /** The WARN_ON(file_set->count) of luo_file_set_destroy() (PID varies: matched as a substring). */
    static final String DESTROY_WARN = "at kernel/liveupdate/luo_file.c luo_file_set_destroy";

    /**
     * Pre-series: luo_file_deserialize() of {@code session} stops with {@code line} at the file
     * with {@code token} and luo_session_deserialize() ignores it. The files before it are listed,
     * that one and the rest are not (RETRIEVE_FD -ENOENT); FINISH drops fewer files than the
     * kept count, so freeing the session WARNs.
     */
    static ExpectedOutcome preFileError(String session, long token, String line) {
        return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_FD + " '" + session + "' 0x" + Long.toHexString(token),
                line, DESTROY_WARN).withNote("pre-series luo_session_deserialize() ignores the file error: open succeeds");
    }

    /** The pre-series session array's header count := {@code value} ({@code real} sessions are in it). */
    static ExpectedOutcome preSessionCount(Abi abi, long real, long value) {
        if (Long.compareUnsigned(value, abi.preSessionMax()) > 0) {
            return ExpectedOutcome.restoreFail(-Errno.EINVAL, "luo: Invalid session count: " + Long.toUnsignedString(value));
        }
        if (value < real) {
            return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_SESSION)
                    .withNote("the array is read up to its count: sessions " + value + ".." + (real - 1) + " are not seen");
        }
        if (value > real) {
            // the slots past the real entries are zeroed: an empty name, then a second one
            return value - real >= 2 ? ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, "luo: Failed to insert session [] -EEXIST")
                    : ExpectedOutcome.restored("one extra session with an empty name");
        }
        return ExpectedOutcome.restored("unchanged");
    }

    /**
     * A pre-series file array: file_set_ser.count := {@code value} with {@code real} entries in it.
     * luo_file_deserialize reads min(count, 128) entries (the engine clamps to the array), then
     * compares what it found with count.
     */
    static ExpectedOutcome preFileCount(Abi abi, String session, long real, long value) {
        long read = Long.compareUnsigned(value, abi.preFileMax()) > 0 ? abi.preFileMax() : value;
        if (read > real) {
            // slot <real> was never written: a zeroed entry, compatible ''. The error is ignored
            // and every real file was listed before it: all come back.
            return ExpectedOutcome.restored("the zeroed slot " + real + " stops luo_file_deserialize(); luo_session_deserialize() "
                    + "ignores it and every real file was read before it", "luo: No registered handler for compatible ''",
                    DESTROY_WARN);
        }
        if (read != value) {
            return ExpectedOutcome.restored("the engine reads at most " + abi.preFileMax() + " entries; the error is ignored",
                    "luo: File count mismatch: expected " + Long.toUnsignedString(value) + ", found " + read, DESTROY_WARN);
        }
        if (value < real) {
            return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_FD)
                    .withNote("the array is read up to count: files " + value + ".." + (real - 1) + " are not seen (and no check notices)");
        }
        return ExpectedOutcome.restored("unchanged");
    }
}

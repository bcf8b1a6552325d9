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
 * is file_set_ser.count, read with no bound (past the 2-page array when above LUO_FILE_MAX = 128, torvalds
 * luo_file.c @ b2135d1c) and no mismatch check. luo_session_deserialize()
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
     * luo_file_deserialize (torvalds luo_file.c @ b2135d1c) loops to count with no bound and no
     * mismatch check: below LUO_FILE_MAX the first unwritten (zeroed) slot stops it; a full
     * array's count above LUO_FILE_MAX reads entry 128 on from the memory after the 2-page array.
     */
    static ExpectedOutcome preFileCount(Abi abi, String session, long real, long value) {
        if (Long.compareUnsigned(value, real) > 0 && real < abi.preFileMax()) {
            // slot <real> was never written: a zeroed entry, compatible ''. The error is ignored
            // and every real file was listed before it: all come back.
            return ExpectedOutcome.restored("the zeroed slot " + real + " stops luo_file_deserialize(); luo_session_deserialize() "
                    + "ignores it and every real file was read before it", "luo: No registered handler for compatible ''",
                    DESTROY_WARN);
        }
        if (Long.compareUnsigned(value, real) > 0) {
            return ExpectedOutcome.depends("the array is full: luo_file_deserialize() has no bound and reads entry "
                    + abi.preFileMax() + " on from the memory after the 2-page array (phys_to_virt): the first entry without a "
                    + "registered handler stops it (\"No registered handler for compatible '…'\", ignored, every real file was "
                    + "read before it); a page there that is not RAM → Oops");
        }
        if (value < real) {
            return ExpectedOutcome.errno(-Errno.ENOENT, Restorer.STEP_RETRIEVE_FD)
                    .withNote("the array is read up to count: files " + value + ".." + (real - 1) + " are not seen (and no check notices)");
        }
        return ExpectedOutcome.restored("unchanged");
    }
}

package luolab.engine.luo;

import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.trace.TraceEvent;

/**
 * File-Lifecycle-Bound global state (kernel/liveupdate/luo_flb.c): one preserved page, a
 * {pgcnt, count} header and up to 63 luo_flb_ser {name, data, count} entries.
 */
public final class LuoFlbs {
    private final Luo luo;
    private long headerPa;
    private long incomingPa;

    LuoFlbs(Luo luo) {
        this.luo = luo;
    }

    public long headerPa() {
        return headerPa;
    }

    public long incomingPa() {
        return incomingPa;
    }

    /** luo_flb_setup_outgoing(): allocate the preserved header page, pgcnt = 1, and point luo_ser at it. */
    int setupOutgoing(long flbsPaField) {
        try (var f = luo.trace.enter("luo_flb_setup_outgoing")) {
            long pa = luo.kho.allocPreserve(luolab.engine.memory.PhysicalMemory.PAGE_SIZE, OwnerKind.FLB, "FLB header page");
            if (pa < 0) {
                return (int) pa;
            }
            headerPa = pa;
            luo.mem.writeU64(pa, 1, Layouts.FLB_HEADER.ref("pgcnt"));
            if (flbsPaField != 0) {
                luo.mem.writeU64(flbsPaField, pa, Layouts.LUO_SER.ref("flbs_pa"));
            }
            return 0;
        }
    }

    /** luo_flb_file_preserve(): the first preserved file of a dependent handler creates the FLB state. */
    int filePreserve(FileHandler h) {
        try (var f = luo.trace.enter("luo_flb_file_preserve")) {
            int done = 0;
            for (Flb flb : h.flbs()) {
                if (!luo.flbs.contains(flb)) {
                    continue;
                }
                if (flb.outgoingCount == 0) {
                    long data = flb.ops().preserve(flb);
                    if (data < 0) {
                        for (int i = 0; i < done; i++) {
                            unpreserveOne(h.flbs().get(i));
                        }
                        return (int) data;
                    }
                    flb.outgoingData = data;
                }
                flb.outgoingCount++;
                done++;
            }
            return 0;
        }
    }

    /** luo_flb_file_unpreserve(): the last dependent file drops the FLB state. */
    void fileUnpreserve(FileHandler h) {
        try (var f = luo.trace.enter("luo_flb_file_unpreserve")) {
            for (Flb flb : h.flbs()) {
                if (luo.flbs.contains(flb)) {
                    unpreserveOne(flb);
                }
            }
        }
    }

    private void unpreserveOne(Flb flb) {
        if (flb.outgoingCount > 0 && --flb.outgoingCount == 0) {
            flb.ops().unpreserve(flb, flb.outgoingData);
            flb.outgoingData = 0;
        }
    }

    /** luo_flb_serialize(): one entry per FLB still in use, then the header count. */
    void serialize() {
        try (var f = luo.trace.enter("luo_flb_serialize")) {
            int n = 0;
            for (Flb flb : luo.flbs) {
                if (flb.outgoingCount == 0) {
                    continue;
                }
                long slot = headerPa + Layouts.FLB_HEADER.size() + (long) n * Layouts.FLB_SER.size();
                byte[] e = new byte[Layouts.FLB_SER.size()];
                LittleEndian.putCString(e, 0, 48, flb.compatible());
                LittleEndian.putU64(e, 48, flb.outgoingData);
                LittleEndian.putU64(e, 56, flb.outgoingCount);
                luo.mem.write(slot, e, Layouts.FLB_SER.whole());
                if (luo.trace.recording()) luo.trace.emit(new TraceEvent.EntrySerialized(luo.trace.phase(), luo.trace.stack(), "FLBs", 0, n, slot,
                        "FLB '" + flb.compatible() + "'"));
                n++;
            }
            luo.mem.writeU64(headerPa + 8, n, Layouts.FLB_HEADER.ref("count"));
        }
    }

    /** luo_flb_setup_incoming(): remembered, not validated (the kernel trusts this PA). */
    void setupIncoming(long flbsPa) {
        incomingPa = flbsPa;
    }

    /**
     * liveupdate_flb_get_incoming(): look the FLB up by name in the previous kernel's page and
     * retrieve it once. -ENODATA without incoming FLB data (or after finish), -ENOENT if absent.
     */
    public Object[] getIncoming(Flb flb) {
        try (var f = luo.trace.enter("liveupdate_flb_get_incoming")) {
            if (flb.incomingFinished || incomingPa == 0) {
                return new Object[] {-Errno.ENODATA, null};
            }
            if (flb.incomingRetrieved) {
                return new Object[] {0, flb.incomingObj};
            }
            int e = retrieveOne(flb);
            return e != 0 ? new Object[] {e, null} : new Object[] {0, flb.incomingObj};
        }
    }

    /** luo_flb_retrieve_one(). */
    private int retrieveOne(Flb flb) {
        try (var f = luo.trace.enter("luo_flb_retrieve_one")) {
            long count = luo.mem.u64(incomingPa + 8);
            long max = Math.min(Long.compareUnsigned(count, Luo.LUO_FLB_MAX) > 0 ? Luo.LUO_FLB_MAX : count, Luo.LUO_FLB_MAX);
            for (int i = 0; i < max; i++) {
                long slot = incomingPa + Layouts.FLB_HEADER.size() + (long) i * Layouts.FLB_SER.size();
                if (luo.mem.cstring(slot, 48).equals(flb.compatible())) {
                    flb.incomingData = luo.mem.u64(slot + 48);
                    flb.incomingCount = luo.mem.u64(slot + 56);
                    flb.incomingObj = flb.ops().retrieve(flb, flb.incomingData);
                    flb.incomingRetrieved = true;
                    if (luo.trace.recording()) luo.trace.emit(new TraceEvent.Restored(luo.trace.phase(), luo.trace.stack(), TraceEvent.RestoreKind.FLB,
                            flb.compatible(), slot));
                    return 0;
                }
            }
            return -Errno.ENOENT;
        }
    }

    /** luo_flb_file_finish(): the finish that takes the incoming count to 0 runs the FLB's finish. */
    void fileFinish(FileHandler h) {
        try (var f = luo.trace.enter("luo_flb_file_finish")) {
            for (Flb flb : h.flbs()) {
                if (!luo.flbs.contains(flb) || flb.incomingFinished) {
                    continue;
                }
                if (!flb.incomingRetrieved && retrieveOne(flb) != 0) {
                    continue;
                }
                if (flb.incomingCount > 0 && --flb.incomingCount == 0) {
                    flb.ops().finish(flb, flb.incomingData, flb.incomingObj);
                    flb.incomingFinished = true;
                }
            }
        }
    }
}

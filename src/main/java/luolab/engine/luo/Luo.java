package luolab.engine.luo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * The Live Update Orchestrator of one boot (kernel/liveupdate/luo_core.c, merged v7): owns
 * luo_ser (the KHO blob "LUO"), the outgoing and incoming session lists, registered file
 * handlers and FLBs. Everything the next kernel needs is written to preserved memory; the
 * incoming side is rebuilt from those bytes only.
 */
public final class Luo {
    public static final String PR = "luo: ";
    public static final String KHO_ENTRY_NAME = "LUO";
    public static final int LUO_FLB_MAX = 63;

    final Abi abi;
    final Kho kho;
    final PhysicalMemory mem;
    final Trace trace;
    final KernelLog log;

    boolean enabled;
    long luoSerPa;
    long liveupdateNum;
    final List<FileHandler> handlers = new ArrayList<>();
    final List<Flb> flbs = new ArrayList<>();
    /** luo_preserved_files xarray: ids of every file preserved in any session. */
    final Map<Object, LuoFile> preservedIds = new HashMap<>();

    final LuoSessions sessions;
    final LuoFiles files;
    final LuoFlbs flbState;

    private boolean serialized;
    private boolean devOpen;
    private boolean deserializeDone;
    private int savedErr;

    public Luo(Abi abi, Kho kho, PhysicalMemory mem, Trace trace, KernelLog log) {
        this.abi = abi;
        this.kho = kho;
        this.mem = mem;
        this.trace = trace;
        this.log = log;
        this.files = new LuoFiles(this);
        this.sessions = new LuoSessions(this);
        this.flbState = new LuoFlbs(this);
    }

    public Abi abi() {
        return abi;
    }

    public boolean enabled() {
        return enabled;
    }

    public long luoSerPa() {
        return luoSerPa;
    }

    public long liveupdateNum() {
        return liveupdateNum;
    }

    public LuoSessions sessions() {
        return sessions;
    }

    public LuoFiles files() {
        return files;
    }

    public LuoFlbs flbs() {
        return flbState;
    }

    public boolean serialized() {
        return serialized;
    }

    public int savedError() {
        return savedErr;
    }

    public List<FileHandler> handlers() {
        return List.copyOf(handlers);
    }

    // ---- early boot (incoming) -------------------------------------------------------------------

    /**
     * luo_early_startup(): find the "LUO" blob through KHO, check size and compatible, restore the
     * session block set and note the FLB page. Returns 0 (including "nothing handed over") or the
     * error that makes liveupdate_early_init() panic.
     */
    public int earlyStartup() {
        try (var f = trace.enter("luo_early_startup")) {
            enabled = true;
            if (!kho.enabled()) {
                log.warn(PR + "Disabling liveupdate because KHO is disabled");
                enabled = false;
                return 0;
            }
            int[] err = new int[1];
            long[] blob = kho.retrieveSubtree(KHO_ENTRY_NAME, err);
            if (err[0] == -Errno.ENOENT) {
                return 0;
            }
            if (err[0] != 0) {
                log.err(PR + "failed to retrieve LUO state '" + KHO_ENTRY_NAME + "' from KHO: " + Errno.pe(err[0]));
                return err[0];
            }
            long pa = blob[0];
            long len = blob[1];
            if (Long.compareUnsigned(len, Layouts.LUO_SER.size()) < 0) {
                log.err(PR + "LUO state is too small (" + Long.toUnsignedString(len) + " < " + Layouts.LUO_SER.size() + ")");
                return -Errno.EINVAL;
            }
            byte[] ser = mem.read(pa, Layouts.LUO_SER.size());
            String compat = LittleEndian.cString(ser, 0, 8);
            if (!compatEquals(ser, abi.luoCompatible())) {
                log.err(PR + "LUO state is incompatible with '" + abi.luoCompatible() + "'");
                return -Errno.EINVAL;
            }
            liveupdateNum = LittleEndian.u64(ser, 8);
            log.info(PR + "Retrieved live update data, liveupdate number: " + liveupdateNum);
            trace.emit(new TraceEvent.Restored(trace.phase(), trace.stack(), TraceEvent.RestoreKind.LUO_STATE,
                    "luo_ser \"" + compat + "\"", pa));
            int e = sessions.setupIncoming(LittleEndian.u64(ser, 16));
            if (e == 0) {
                flbState.setupIncoming(LittleEndian.u64(ser, 24));
            }
            kho.restoreFree(pa);
            return e;
        }
    }

    /** strncmp(compatible, LUO_ABI_COMPATIBLE, LUO_ABI_COMPAT_LEN). */
    private static boolean compatEquals(byte[] ser, String want) {
        byte[] w = want.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 8; i++) {
            int a = ser[i] & 0xFF;
            int b = i < w.length ? w[i] & 0xFF : 0;
            if (a != b) {
                return false;
            }
            if (a == 0) {
                return true;
            }
        }
        return true;
    }

    // ---- late boot (outgoing) ------------------------------------------------------------------

    /**
     * luo_late_startup() → luo_state_setup(): allocate and fill luo_ser, set up the outgoing
     * session set and FLB page, and register luo_ser as the KHO blob "LUO".
     */
    public int lateStartup(long incomingNum) {
        try (var f = trace.enter("luo_late_startup")) {
            if (!enabled) {
                return 0;
            }
            long pa = kho.allocPreserve(Layouts.LUO_SER.size(), OwnerKind.LUO_SER, "luo_ser (\"LUO\" blob)");
            if (pa < 0) {
                log.err(PR + "failed to allocate/preserve LUO state memory");
                enabled = false;
                return (int) pa;
            }
            luoSerPa = pa;
            byte[] compat = new byte[8];
            LittleEndian.putCString(compat, 0, 8, abi.luoCompatible());
            mem.write(pa, compat, Layouts.LUO_SER.ref("compatible"));
            mem.writeU64(pa + 8, incomingNum + 1, Layouts.LUO_SER.ref("liveupdate_num"));
            int err = flbState.setupOutgoing(pa + Layouts.LUO_SER.offset("flbs_pa"));
            if (err == 0) {
                err = kho.addSubtree(KHO_ENTRY_NAME, pa, Layouts.LUO_SER.size());
            }
            if (err != 0) {
                log.err(PR + "failed to prepare LUO state: " + err);
                kho.unpreserveFree(pa);
                luoSerPa = 0;
                enabled = false;
                return err;
            }
            return 0;
        }
    }

    // ---- handlers ------------------------------------------------------------------------------

    /** liveupdate_register_file_handler(). */
    public int registerFileHandler(FileHandler h) {
        try (var f = trace.enter("liveupdate_register_file_handler")) {
            if (!enabled) {
                return -Errno.EOPNOTSUPP;
            }
            for (FileHandler other : handlers) {
                if (other.compatible().equals(h.compatible())) {
                    log.err(PR + "File handler registration failed: Compatible string '" + h.compatible() + "' already registered.");
                    return -Errno.EEXIST;
                }
            }
            handlers.add(h);
            return 0;
        }
    }

    /** liveupdate_register_flb(): link an FLB to a handler; at most LUO_FLB_MAX FLBs exist. */
    public int registerFlb(Flb flb) {
        try (var f = trace.enter("liveupdate_register_flb")) {
            if (!enabled) {
                return -Errno.EOPNOTSUPP;
            }
            if (flb.ops() == null) {
                return -Errno.EINVAL;
            }
            for (Flb other : flbs) {
                if (other == flb) {
                    return 0;
                }
                if (other.compatible().equals(flb.compatible())) {
                    return -Errno.EEXIST;
                }
            }
            if (flbs.size() >= LUO_FLB_MAX) {
                return -Errno.ENOSPC;
            }
            flbs.add(flb);
            return 0;
        }
    }

    FileHandler handlerFor(String compatible) {
        for (FileHandler h : handlers) {
            if (h.compatible().equals(compatible)) {
                return h;
            }
        }
        return null;
    }

    // ---- /dev/liveupdate -----------------------------------------------------------------------

    /** luo_open(): exclusive; the first open deserializes incoming sessions, a failure sticks (-EIO). */
    public int devOpen() {
        try (var f = trace.at("do_sys_open", "luo_open")) {
            if (devOpen) {
                return -Errno.EBUSY;
            }
            if (!deserializeDone) {
                deserializeDone = true;
                Phase before = trace.phase();
                if (sessions.hasIncomingToDeserialize()) {
                    trace.setPhase(Phase.DESERIALIZE);
                }
                savedErr = sessions.deserialize();
                if (trace.phase() == Phase.DESERIALIZE) {
                    trace.setPhase(before == Phase.EARLY_BOOT ? Phase.RETRIEVE : before);
                }
            }
            if (savedErr != 0) {
                return -Errno.EIO;
            }
            devOpen = true;
            return 0;
        }
    }

    public void devRelease() {
        devOpen = false;
    }

    // ---- reboot --------------------------------------------------------------------------------

    /** liveupdate_reboot(): serialize sessions (with their files), then FLBs. Error aborts the kexec. */
    public int reboot() {
        try (var f = trace.enter("liveupdate_reboot")) {
            if (!enabled) {
                return 0;
            }
            int err = sessions.serialize();
            if (err != 0) {
                return err;
            }
            flbState.serialize();
            serialized = true;
            return 0;
        }
    }
}

package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.fdt.LibFdt;
import luolab.engine.kho.Kho;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.engine.vfs.KernelAddress;

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
    /** PA of the field that receives the session chain head at serialize (0: none, pre-series). */
    long sessionsPaField;
    /** FDT-era generations: the preserved LUO FDT page registered as the KHO subtree "LUO". */
    long luoFdtPa;
    private boolean handedOver;
    long liveupdateNum;
    final List<FileHandler> handlers = new ArrayList<>();
    final List<Flb> flbs = new ArrayList<>();
    /** Each handler's compatible as luo_file_ser holds it, in {@link #handlers} order. */
    private final List<CompatField> compatFields = new ArrayList<>();
    /**
     * luo_preserved_files xarray: every file preserved in any session, by its handler's id (an
     * address). The kernel stores the luo_file; only presence is ever asked (xa_insert's -EBUSY),
     * so each id maps to {@link #PRESERVED}.
     */
    final LongIndex preservedIds = new LongIndex(KernelAddress.SHIFT);
    static final int PRESERVED = 0;

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

    /** PA of luo_ser (v7 raw blob or v2), 0 for the pre-series FDT. */
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

    /** kho_retrieve_subtree("LUO") found the node at early boot: this boot is not a fresh start. */
    public boolean handedOver() {
        return handedOver;
    }

    public int savedError() {
        return savedErr;
    }

    /**
     * Whether this boot's LUO has run its one deserialization of the incoming sessions: the kernel
     * does it lazily, in the first luo_open() of /dev/liveupdate, so until then what the previous
     * kernel handed over exists only as bytes in preserved memory.
     */
    public boolean deserializeDone() {
        return deserializeDone;
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
            handedOver = true;
            if (err[0] != 0) {
                log.err(PR + abi.retrieveFailed(KHO_ENTRY_NAME, err[0]));
                return err[0];
            }
            long pa = blob[0];
            long len = blob[1];
            if (abi.luoIsFdt()) {
                return earlyStartupFdt(pa);
            }
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

    /**
     * The FDT era (series v2 "luo-v2" and the pre-series "luo-v1"): the "LUO" subtree is a LUO
     * FDT, read in place through phys_to_virt() with libfdt's lookups and nothing else: no
     * fdt_check_header(). fdt_node_check_compatible() on its root ("FDT '%s' is incompatible with
     * '%s' [%d]"): 1 for another compatible, or fdt_getprop()'s error, which for a bad magic is
     * -FDT_ERR_NOTFOUND (the property walk does not look at the magic; fdt_get_string() fails for
     * every name, so "compatible" is never found). luo-v2 points to a 24-byte luo_ser through
     * luo-abi-header (seed 003), luo-v1 carries liveupdate-number and a luo-session node whose
     * luo-session-header is the session array (seed 004).
     */
    private int earlyStartupFdt(long fdtPa) {
        LibFdt fdt = luolab.engine.kho.KhoBoot.fdt(mem, fdtPa);
        int err = fdt.nodeCheckCompatible(0, abi.luoCompatible());
        if (err != 0) {
            log.err(PR + "FDT '" + KHO_ENTRY_NAME + "' is incompatible with '" + abi.luoCompatible() + "' [" + err + "]");
            return -Errno.EINVAL;
        }
        luoFdtPa = fdtPa;
        if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
            LibFdt.Prop hdr = fdt.getprop(0, LUO_FDT_ABI_HEADER);
            if (!hdr.found() || hdr.len() != 8) {
                log.err(PR + "Unable to get ABI header '" + LUO_FDT_ABI_HEADER + "' [" + hdr.len() + "]");
                return -Errno.EINVAL;
            }
            long serPa = fdt.u64le(hdr.value());
            byte[] ser = mem.read(serPa, Layouts.LUO_SER_V2.size());
            liveupdateNum = LittleEndian.u64(ser, 0);
            log.info(PR + "Retrieved live update data, liveupdate number: " + liveupdateNum);
            int e = sessions.setupIncoming(LittleEndian.u64(ser, 8));
            if (e == 0) {
                flbState.setupIncoming(LittleEndian.u64(ser, 16));
            }
            return e;
        }
        LibFdt.Prop num = fdt.getprop(0, LUO_FDT_LIVEUPDATE_NUM);
        if (!num.found() || num.len() != 8) {
            log.err(PR + "Unable to get live update number '" + LUO_FDT_LIVEUPDATE_NUM + "' [" + num.len() + "]");
            return -Errno.EINVAL;
        }
        liveupdateNum = fdt.u64le(num.value());
        log.info(PR + "Retrieved live update data, liveupdate number: " + liveupdateNum);
        int node = fdt.subnodeOffset(0, LUO_FDT_SESSION_NODE);
        if (node < 0) {
            log.err(PR + "Unable to get session node: [" + LUO_FDT_SESSION_NODE + "]");
            return -Errno.EINVAL;
        }
        if (fdt.nodeCheckCompatible(node, LUO_FDT_SESSION_COMPATIBLE) != 0) {
            log.err(PR + "Session node incompatible [" + LUO_FDT_SESSION_COMPATIBLE + "]");
            return -Errno.EINVAL;
        }
        LibFdt.Prop head = fdt.getprop(node, LUO_FDT_SESSION_HEADER);
        if (!head.found() || head.len() != 8) {
            log.err(PR + "Unable to get session header '" + LUO_FDT_SESSION_HEADER + "' [" + head.len() + "]");
            return -Errno.EINVAL;
        }
        int e = sessions.setupIncoming(fdt.u64le(head.value()));
        if (e != 0) {
            return e;
        }
        return flbSetupIncomingFdt(fdt);
    }

    /**
     * luo_flb_setup_incoming() before the series (torvalds luo_flb.c, the version seed 003
     * replaces): the luo-flb node is required, so a LUO FDT without it, with another compatible or
     * without an 8-byte luo-flb-header fails luo_early_startup() and liveupdate_early_init()
     * panics. From series v2 on the FLB page is a luo_ser field and 0 just means "no FLB data".
     */
    private int flbSetupIncomingFdt(LibFdt fdt) {
        int node = fdt.subnodeOffset(0, LUO_FDT_FLB_NODE);
        if (node < 0) {
            log.err(PR + "Unable to get FLB node [" + LUO_FDT_FLB_NODE + "]");
            return -Errno.ENOENT;
        }
        int err = fdt.nodeCheckCompatible(node, LUO_FDT_FLB_COMPATIBLE);
        if (err != 0) {
            log.err(PR + "FLB node is incompatible with '" + LUO_FDT_FLB_COMPATIBLE + "' [" + err + "]");
            return -Errno.EINVAL;
        }
        LibFdt.Prop h = fdt.getprop(node, LUO_FDT_FLB_HEADER);
        if (!h.found() || h.len() != 8) {
            log.err(PR + "Unable to get FLB header property '" + LUO_FDT_FLB_HEADER + "' [" + h.len() + "]");
            return -Errno.EINVAL;
        }
        flbState.setupIncoming(fdt.u64le(h.value()));
        return 0;
    }

    /** printf's %#0llx of a token: "0" for 0 (the '#' flag adds no 0x to zero), else 0x + lowercase hex. */
    public static String tokenHex(long token) {
        return token == 0 ? "0" : "0x" + Long.toHexString(token);
    }

    public static final String LUO_FDT_ABI_HEADER = "luo-abi-header";
    public static final String LUO_FDT_LIVEUPDATE_NUM = "liveupdate-number";
    public static final String LUO_FDT_SESSION_NODE = "luo-session";
    public static final String LUO_FDT_SESSION_COMPATIBLE = "luo-session-v2";
    public static final String LUO_FDT_SESSION_HEADER = "luo-session-header";
    public static final String LUO_FDT_FLB_NODE = "luo-flb";
    public static final String LUO_FDT_FLB_COMPATIBLE = "luo-flb-v1";
    public static final String LUO_FDT_FLB_HEADER = "luo-flb-header";

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
            if (abi.luoIsFdt()) {
                return lateStartupFdt(incomingNum);
            }
            long pa = kho.allocPreserve(Layouts.LUO_SER.size(), OwnerKind.LUO_SER, "luo_ser (\"LUO\" blob)");
            if (pa < 0) {
                log.err(PR + "failed to allocate/preserve LUO state memory");
                enabled = false;
                return (int) pa;
            }
            luoSerPa = pa;
            sessionsPaField = pa + Layouts.LUO_SER.offset("sessions_pa");
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

    /** luo_fdt_setup() of the FDT era: a preserved one-page LUO FDT registered as subtree "LUO". */
    private int lateStartupFdt(long incomingNum) {
        long fdtPa = kho.allocPreserve(PhysicalMemory.PAGE_SIZE, OwnerKind.LUO_FDT, "LUO FDT (" + abi.luoCompatible() + ")");
        if (fdtPa < 0) {
            // luo_fdt_setup() (seed 003, torvalds luo_core.c @ cab056f2): returns without "failed to prepare LUO FDT"
            log.err(PR + "failed to allocate/preserve FDT memory");
            enabled = false;
            return (int) fdtPa;
        }
        luolab.engine.fdt.FdtNode root = luolab.engine.fdt.FdtNode.newRoot();
        root.setString("compatible", abi.luoCompatible());
        int err;
        try {
            if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
                long ser = kho.allocPreserve(Layouts.LUO_SER_V2.size(), OwnerKind.LUO_SER, "luo_ser (luo-v2)");
                if (ser < 0) {
                    return failFdt(fdtPa, (int) ser);
                }
                luoSerPa = ser;
                sessionsPaField = ser + Layouts.LUO_SER_V2.offset("sessions_pa");
                root.setU64LE(LUO_FDT_ABI_HEADER, ser);
                err = flbState.setupOutgoing(ser + Layouts.LUO_SER_V2.offset("flbs_pa"));
                mem.writeU64(ser, incomingNum + 1, Layouts.LUO_SER_V2.ref("liveupdate_num"));
            } else {
                root.setU64LE(LUO_FDT_LIVEUPDATE_NUM, incomingNum + 1);
                err = sessions.setupOutgoingArray();
                if (err == 0) {
                    var node = root.addChild(LUO_FDT_SESSION_NODE);
                    node.setString("compatible", LUO_FDT_SESSION_COMPATIBLE);
                    node.setU64LE(LUO_FDT_SESSION_HEADER, sessions.outgoingBlocks().headPa());
                    err = flbState.setupOutgoing(0);
                    var flb = root.addChild(LUO_FDT_FLB_NODE);
                    flb.setString("compatible", LUO_FDT_FLB_COMPATIBLE);
                    flb.setU64LE(LUO_FDT_FLB_HEADER, flbState.headerPa());
                }
            }
            if (err != 0) {
                return failFdt(fdtPa, err);
            }
            mem.write(fdtPa, luolab.engine.fdt.FdtWriter.write(root, PhysicalMemory.PAGE_SIZE),
                    luolab.engine.memory.FieldRef.of("fdt", "LUO"));
        } catch (luolab.engine.fdt.FdtException e) {
            return failFdt(fdtPa, -Errno.ENOMEM);
        }
        luoFdtPa = fdtPa;
        err = kho.addSubtree(KHO_ENTRY_NAME, fdtPa, PhysicalMemory.PAGE_SIZE);
        return err == 0 ? 0 : failFdt(fdtPa, err);
    }

    private int failFdt(long fdtPa, int err) {
        log.err(PR + "failed to prepare LUO FDT: " + err);
        kho.unpreserveFree(fdtPa);
        enabled = false;
        return err;
    }

    public long luoFdtPa() {
        return luoFdtPa;
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
            compatFields.add(new CompatField(h.compatible()));
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

    /** The compatible[] field a file of {@code h} is serialized with. */
    byte[] compatField(FileHandler h) {
        for (int i = 0; i < handlers.size(); i++) {
            if (handlers.get(i) == h) {
                return compatFields.get(i).field();
            }
        }
        return new CompatField(h.compatible()).field();
    }

    /**
     * The handler whose compatible equals the NUL-terminated string at {@code b[off]} (at most
     * {@code max} bytes, strnlen semantics): the same answer as decoding it and comparing
     * strings, without a String per deserialized file.
     */
    FileHandler handlerFor(byte[] b, int off, int max) {
        for (int i = 0; i < compatFields.size(); i++) {
            if (compatFields.get(i).matches(b, off, max)) {
                return handlers.get(i);
            }
        }
        return null;
    }

    /** Room for {@code n} more preserved ids at once: the next kernel knows how many files it restored. */
    void expectPreservedIds(long n) {
        preservedIds.ensureCapacity(preservedIds.size() + n);
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

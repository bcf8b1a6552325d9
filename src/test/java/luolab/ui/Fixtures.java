package luolab.ui;

import static luolab.engine.memory.OwnerKind.FILE_BLOCK;
import static luolab.engine.memory.OwnerKind.FLB;
import static luolab.engine.memory.OwnerKind.KERNEL_IMAGE;
import static luolab.engine.memory.OwnerKind.KERNEL_OTHER;
import static luolab.engine.memory.OwnerKind.KHO_FDT;
import static luolab.engine.memory.OwnerKind.KHO_RADIX;
import static luolab.engine.memory.OwnerKind.LUO_SER;
import static luolab.engine.memory.OwnerKind.MEMFD_FOLIO;
import static luolab.engine.memory.OwnerKind.MEMFD_SER;
import static luolab.engine.memory.OwnerKind.SCRATCH;
import static luolab.engine.memory.OwnerKind.SESSION_BLOCK;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Phase;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;
import luolab.ui.model.LoadedRun;

/**
 * Test data for the views, made through the engine's public memory and trace APIs only: a memory
 * with a FULL trace attached, into which this writes the LUO structures of a small live update
 * (luo_ser, session and file blocks, memfd folios, KHO FDT) and the events around them. Not a
 * simulation: the real engine does this in the product.
 */
public final class Fixtures {
    public static final long BASE = 0x40000000L;

    public record Demo(LoadedRun run, long kernelPfn, long luoSerPfn, long sessionBlockPfn, long fileBlockPfn,
            long folioPfn, long freePfn, long poisonPfn, long khoFdtPfn) {
        public PhysicalMemory memory() {
            return run.memory();
        }
    }

    private final PhysicalMemory mem;
    private final Trace t;
    private final KernelLog log;
    private final long b;
    private long next;

    private Fixtures(long mib) {
        mem = new PhysicalMemory(BASE, mib << 20);
        t = new Trace(Trace.Mode.FULL);
        t.attach(mem);
        log = new KernelLog(t, 1);
        b = mem.basePfn();
    }

    public static Demo small() {
        return new Fixtures(64).build(3, 4, 2);
    }

    public static Demo large() {
        return new Fixtures(1024).build(60, 6, 24);
    }

    private void mark(long pfn, long n, PageState st, OwnerKind k, String label, boolean preserved, int order) {
        int id = mem.label(label);
        for (long p = pfn; p < pfn + n; p++) {
            mem.setMeta(p, PageMeta.pack(st, k, order, preserved, p == pfn, id));
        }
    }

    private long alloc(long n, PageState st, OwnerKind k, String label, boolean preserved) {
        long pfn = next;
        int order = Long.numberOfTrailingZeros(Long.highestOneBit(n));
        t.allocated(PhysicalMemory.pa(pfn), order, k, label);
        mark(pfn, n, st, k, label, preserved, order);
        if (preserved) {
            t.emit(new TraceEvent.Preserve(t.phase(), t.stack(), PhysicalMemory.pa(pfn), order, true));
        }
        next += n;
        return pfn;
    }

    private void str(long pa, StructLayout l, String field, String s) {
        byte[] v = new byte[l.field(field).size()];
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, v, 0, Math.min(src.length, v.length - 1));
        mem.write(pa + l.offset(field), v, l.ref(field));
    }

    private void u64(long pa, StructLayout l, String field, long v) {
        mem.writeU64(pa + l.offset(field), v, l.ref(field));
    }

    private Demo build(int sessions, int filesPerSession, int memfdFolios) {
        long kernel;
        List<Long> transient_ = new ArrayList<>();
        try (var s = t.at("start_kernel")) {
            log.info("Linux version 6.19.0-luolab (boot 1)");
            kernel = b;
            mark(b, 2048, PageState.KERNEL, KERNEL_IMAGE, "kernel image", false, 0);
            long scratch = mem.nrPages() / 16;
            mark(b + mem.nrPages() - scratch, scratch, PageState.SCRATCH, SCRATCH, "KHO scratch", false, 0);
            log.info(String.format("kho: scratch area: 0x%x-0x%x", PhysicalMemory.pa(b + mem.nrPages() - scratch),
                    mem.end() - 1));
        }
        next = b + 4096;
        try (var s = t.at("kernel_init", "luo_late_startup")) {
            log.info("luo: Live Update Orchestrator initialized (liveupdate 1)");
            for (int i = 0; i < 24; i++) {
                transient_.add(alloc(1, PageState.KERNEL, KERNEL_OTHER, "slab page " + i, false));
            }
        }
        next = b + 8192;
        long folio0 = next;
        long token = 1;
        List<long[]> files = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String name = "vm-" + i;
            try (var s = t.at("luo_ioctl", "luo_session_create")) {
                t.emit(new TraceEvent.SessionEvent(t.phase(), t.stack(), TraceEvent.SessionOp.CREATE, name, false, 0));
            }
            for (int f = 0; f < (i < 2 ? filesPerSession : 1); f++) {
                try (var s = t.at("luo_ioctl", "luo_session_preserve_fd", "luo_preserve_file", "memfd_luo_preserve")) {
                    long ser = alloc(1, PageState.KERNEL, MEMFD_SER, "memfd_luo_ser " + name + "/" + token, true);
                    long folio = -1;
                    if (i == 0 && f < 2) {
                        for (int k = 0; k < memfdFolios; k++) {
                            long fp = alloc(16, PageState.USER, MEMFD_FOLIO, "memfd 'guest-ram' folio " + k, true);
                            mem.write(PhysicalMemory.pa(fp), ("guest page " + k).getBytes(StandardCharsets.US_ASCII),
                                    null);
                            folio = folio < 0 ? fp : folio;
                        }
                    }
                    u64(PhysicalMemory.pa(ser), Layouts.MEMFD_SER, "size", 64L << 20);
                    u64(PhysicalMemory.pa(ser), Layouts.MEMFD_SER, "nr_folios", folio < 0 ? 0 : memfdFolios);
                    u64(PhysicalMemory.pa(ser), Layouts.MEMFD_SER, "folios.first", folio < 0 ? 0 : PhysicalMemory.pa(folio));
                    files.add(new long[] {i, token, PhysicalMemory.pa(ser)});
                    t.emit(new TraceEvent.FileEvent(t.phase(), t.stack(), TraceEvent.FileOp.PRESERVE, name, token,
                            "memfd-v2", 0));
                    token++;
                }
            }
        }
        t.setPhase(Phase.SERIALIZE);
        long luoSer;
        long firstSessionBlock;
        long firstFileBlock = -1;
        try (var s = t.at("kernel_kexec", "liveupdate_reboot", "luo_session_serialize")) {
            log.info("luo: serializing " + sessions + " sessions");
            next = b + 2048 + 64;
            luoSer = alloc(1, PageState.KERNEL, LUO_SER, "luo_ser", true);
            long lpa = PhysicalMemory.pa(luoSer);
            str(lpa, Layouts.LUO_SER, "compatible", "luo-v5");
            u64(lpa, Layouts.LUO_SER, "liveupdate_num", 1);
            int per = Abi.V7.sessionsPerBlock();
            int nblocks = (sessions + per - 1) / per;
            long[] blocks = new long[nblocks];
            for (int k = 0; k < nblocks; k++) {
                try (var s2 = t.enter("kho_block_set_grow")) {
                    blocks[k] = alloc(1, PageState.KERNEL, SESSION_BLOCK, "session block " + k, true);
                    if (k > 0) {
                        u64(PhysicalMemory.pa(blocks[k - 1]), Layouts.BLOCK_HEADER, "next", PhysicalMemory.pa(blocks[k]));
                    }
                    t.emit(new TraceEvent.BlockLinked(t.phase(), t.stack(), "sessions", k, PhysicalMemory.pa(blocks[k]),
                            k == 0 ? 0 : PhysicalMemory.pa(blocks[k - 1]), true));
                }
            }
            firstSessionBlock = blocks[0];
            u64(lpa, Layouts.LUO_SER, "sessions_pa", PhysicalMemory.pa(blocks[0]));
            long flb = alloc(1, PageState.KERNEL, FLB, "FLB header", true);
            u64(lpa, Layouts.LUO_SER, "flbs_pa", PhysicalMemory.pa(flb));
            u64(PhysicalMemory.pa(flb), Layouts.FLB_HEADER, "pgcnt", 1);
            for (int i = 0; i < sessions; i++) {
                long bp = PhysicalMemory.pa(blocks[i / per]);
                long epa = bp + 16 + 80L * (i % per);
                u64(bp, Layouts.BLOCK_HEADER, "count", i % per + 1);
                str(epa, Layouts.SESSION_SER, "name", "vm-" + i);
                try (var s3 = t.enter("luo_file_serialize")) {
                    final int si = i;
                    List<long[]> mine = files.stream().filter(f -> f[0] == si).toList();
                    long fb = alloc(1, PageState.KERNEL, FILE_BLOCK, "file block vm-" + i, true);
                    if (firstFileBlock < 0) {
                        firstFileBlock = fb;
                    }
                    long fpa = PhysicalMemory.pa(fb);
                    int slot = 0;
                    for (long[] f : mine) {
                        long e = fpa + 16 + 64L * slot;
                        u64(fpa, Layouts.BLOCK_HEADER, "count", slot + 1);
                        str(e, Layouts.FILE_SER, "compatible", "memfd-v2");
                        u64(e, Layouts.FILE_SER, "data", f[2]);
                        u64(e, Layouts.FILE_SER, "token", f[1]);
                        t.emit(new TraceEvent.FileEvent(t.phase(), t.stack(), TraceEvent.FileOp.FREEZE, "vm-" + i, f[1],
                                "memfd-v2", 0));
                        slot++;
                    }
                    u64(epa, Layouts.SESSION_SER, "file_set_ser.files", fpa);
                    u64(epa, Layouts.SESSION_SER, "file_set_ser.count", mine.size());
                }
                t.emit(new TraceEvent.SessionEvent(t.phase(), t.stack(), TraceEvent.SessionOp.SERIALIZE, "vm-" + i, false, 0));
            }
        }
        t.setPhase(Phase.FINALIZE);
        long fdt;
        try (var s = t.at("kernel_kexec", "liveupdate_reboot", "kho_finalize")) {
            fdt = alloc(1, PageState.KERNEL, KHO_FDT, "KHO root FDT", true);
            mem.writeU32(PhysicalMemory.pa(fdt), 0xedfe0dd0L, null);
            t.emit(new TraceEvent.FdtNode(t.phase(), t.stack(), "kho", "/", PhysicalMemory.pa(fdt)));
            for (int i = 0; i < 4; i++) {
                alloc(1, PageState.KERNEL, KHO_RADIX, "KHO radix node " + i, false);
            }
            log.info("kho: finalized: 4 radix-tree pages describe the preserved memory");
        }
        t.setPhase(Phase.KEXEC);
        try (var s = t.at("kernel_kexec", "machine_kexec")) {
            t.emit(new TraceEvent.Kexec(t.phase(), t.stack(), PhysicalMemory.pa(fdt), 2, "v7"));
            log.info("kexec: Starting new kernel");
        }
        t.setPhase(Phase.EARLY_BOOT);
        KernelLog log2 = new KernelLog(t, 2);
        try (var s = t.at("start_kernel", "kho_populate")) {
            log2.info("Linux version 6.19.0-luolab (boot 2)");
            for (long p : transient_) {
                mem.poisonPage(p);
            }
            log2.note("poisoned " + transient_.size() + " pages the old kernel did not preserve");
        }
        t.setPhase(Phase.DESERIALIZE);
        try (var s = t.at("luo_ioctl", "luo_session_deserialize", "kho_block_set_restore")) {
            t.emit(new TraceEvent.ChainChecked(t.phase(), t.stack(), "sessions", PhysicalMemory.pa(firstSessionBlock), 1, 0));
            for (int i = 0; i < sessions; i++) {
                t.emit(new TraceEvent.SessionEvent(t.phase(), t.stack(), TraceEvent.SessionOp.DESERIALIZE, "vm-" + i, true, 0));
            }
            log2.warn("luo: session vm-1 has no retrievable file handler yet");
            log2.err("luo: test fixture error line (shown in red)");
        }
        t.setPhase(Phase.RETRIEVE);
        try (var s = t.at("luo_ioctl", "luo_session_retrieve_fd", "memfd_luo_retrieve")) {
            t.emit(new TraceEvent.FileEvent(t.phase(), t.stack(), TraceEvent.FileOp.RETRIEVE, "vm-0", 1, "memfd-v2", 0));
            log2.info("luo: retrieved token 1 from session vm-0");
        }
        t.setPhase(Phase.FINISH);
        try (var s = t.at("luo_ioctl", "luo_session_finish")) {
            t.emit(new TraceEvent.SessionEvent(t.phase(), t.stack(), TraceEvent.SessionOp.FINISH, "vm-0", true, 0));
            log2.info("luo: session vm-0 finished");
        }
        LoadedRun run = new LoadedRun("fixture (" + (mem.size() >> 20) + " MiB)", null, "{\"fixture\":true}", mem,
                t.events());
        long free = b + mem.nrPages() * 3 / 4;
        return new Demo(run, kernel, luoSer, firstSessionBlock, firstFileBlock, folio0, free, transient_.get(0), fdt);
    }
}

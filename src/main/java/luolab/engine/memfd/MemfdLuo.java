package luolab.engine.memfd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoVmalloc;
import luolab.engine.luo.FileHandler;
import luolab.engine.luo.FileOpArgs;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.mm.KernelMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.vfs.KFile;
import luolab.engine.vfs.MemfdFile;
import luolab.engine.vfs.ShmemInode;

/**
 * The memfd file handler (mm/memfd_luo.c, "memfd-v2"): preserves a memfd's folios and a
 * 48-byte memfd_luo_ser {pos, size, seals, flags, nr_folios, folios (kho_vmalloc)} whose folio
 * array lives in preserved vmalloc pages; the next kernel rebuilds a memfd with the same size,
 * seals and contents from those bytes alone.
 */
public final class MemfdLuo implements FileHandler {
    public static final int ALL_SEALS = 0x3F;
    public static final long FOLIO_DIRTY = 1L << 0;
    public static final long FOLIO_UPTODATE = 1L << 1;
    private static final int FOLIO_SER = 16;

    private final String compatible;
    private final Kho kho;
    private final KernelMemory mm;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;

    /** Outgoing private data: where the folio array lives. */
    private record Preserved(long serPa, List<Long> arrayPages, KhoVmalloc vmalloc, List<Long> folios) {
    }

    public MemfdLuo(String compatible, Kho kho, KernelMemory mm, KernelLog log) {
        this.compatible = compatible;
        this.kho = kho;
        this.mm = mm;
        this.mem = mm.memory();
        this.trace = mm.trace();
        this.log = log;
    }

    @Override
    public String compatible() {
        return compatible;
    }

    /** memfd_luo_can_preserve(): a shmem file with no links, i.e. a memfd. */
    @Override
    public boolean canPreserve(KFile file) {
        return file instanceof MemfdFile;
    }

    @Override
    public long getId(KFile file) {
        // the inode, so two struct files of one memfd count as one preserved file
        return file.inodeAddress();
    }

    @Override
    public int preserve(FileOpArgs args) {
        try (var f = trace.enter("memfd_luo_preserve")) {
            ShmemInode inode = ((MemfdFile) args.file).shmem();
            if ((inode.seals() & ~ALL_SEALS) != 0) {
                return -Errno.EOPNOTSUPP;
            }
            long nrPages = (inode.size() + PhysicalMemory.PAGE_SIZE - 1) / PhysicalMemory.PAGE_SIZE;
            if (nrPages > 0xFFFFFFFFL) {
                return -Errno.EFBIG;
            }
            inode.setFrozen(true);
            long ser = kho.allocPreserve(Layouts.MEMFD_SER.size(), OwnerKind.MEMFD_SER, "memfd_luo_ser '" + inode.name() + "'");
            if (ser < 0) {
                inode.setFrozen(false);
                return (int) ser;
            }
            List<Long> folios = new ArrayList<>();
            List<Long> arrayPages = new ArrayList<>();
            KhoVmalloc vm = null;
            if (nrPages > 0) {
                // memfd_pin_folios(): every page of [0, size) gets a folio, holes included
                for (long idx = 0; idx < nrPages; idx++) {
                    Long pa = inode.pages().get(idx);
                    if (pa == null) {
                        pa = mm.allocPages(0, OwnerKind.MEMFD_FOLIO, "memfd '" + inode.name() + "' page " + idx, PageState.USER);
                        if (pa == 0) {
                            // memfd_luo_preserve_folios(): memfd_pin_folios() cannot allocate
                            // the hole's folio → pr_err "failed to pin folios: %d"
                            log.err("memfd_luo: failed to pin folios: " + (-Errno.ENOMEM));
                            return rollback(inode, ser, folios, arrayPages, -Errno.ENOMEM);
                        }
                        inode.pages().put(idx, pa);
                    }
                }
                long arrayBytes = nrPages * FOLIO_SER;
                long arrayPageCount = (arrayBytes + PhysicalMemory.PAGE_SIZE - 1) / PhysicalMemory.PAGE_SIZE;
                for (long i = 0; i < arrayPageCount; i++) {
                    long p = mm.allocPages(0, OwnerKind.VMALLOC_DATA, "memfd '" + inode.name() + "' folio array");
                    if (p == 0) {
                        return rollback(inode, ser, folios, arrayPages, -Errno.ENOMEM);
                    }
                    arrayPages.add(p);
                }
                int i = 0;
                for (Map.Entry<Long, Long> e : inode.pages().headMap(nrPages).entrySet()) {
                    long pa = e.getValue();
                    int err = kho.preserveFolio(pa, 0);
                    if (err != 0) {
                        return rollback(inode, ser, folios, arrayPages, err);
                    }
                    folios.add(pa);
                    long word = (PhysicalMemory.pfn(pa) & ((1L << 52) - 1)) | ((FOLIO_DIRTY | FOLIO_UPTODATE) << 52);
                    long off = (long) i * FOLIO_SER;
                    long at = arrayPages.get((int) (off / PhysicalMemory.PAGE_SIZE)) + off % PhysicalMemory.PAGE_SIZE;
                    byte[] entry = new byte[FOLIO_SER];
                    LittleEndian.putU64(entry, 0, word);
                    LittleEndian.putU64(entry, 8, e.getKey());
                    mem.write(at, entry, Layouts.MEMFD_FOLIO_SER.whole());
                    i++;
                }
                int[] err = new int[1];
                vm = kho.preserveVmalloc(arrayPages, 0, err);
                if (vm == null) {
                    return rollback(inode, ser, folios, arrayPages, err[0]);
                }
            }
            byte[] b = new byte[Layouts.MEMFD_SER.size()];
            LittleEndian.putU64(b, 0, args.file.pos());
            LittleEndian.putU64(b, 8, inode.size());
            LittleEndian.putU32(b, 16, inode.seals());
            LittleEndian.putU32(b, 20, 0);
            LittleEndian.putU64(b, 24, folios.size());
            if (vm != null) {
                LittleEndian.putU64(b, 32, vm.first());
                LittleEndian.putU32(b, 40, vm.totalPages());
                LittleEndian.putU16(b, 44, vm.flags());
                LittleEndian.putU16(b, 46, vm.order());
            }
            mem.write(ser, b, Layouts.MEMFD_SER.whole());
            args.serializedData = ser;
            args.privateData = new Preserved(ser, arrayPages, vm, folios);
            return 0;
        }
    }

    private int rollback(ShmemInode inode, long ser, List<Long> folios, List<Long> arrayPages, int err) {
        for (long pa : folios) {
            kho.unpreserveFolio(pa, 0);
        }
        for (long p : arrayPages) {
            mm.freePages(p, 0);
        }
        kho.unpreserveFree(ser);
        inode.setFrozen(false);
        return err;
    }

    /** memfd_luo_freeze(): only the file position is refreshed at reboot. */
    @Override
    public int freeze(FileOpArgs args) {
        try (var f = trace.enter("memfd_luo_freeze")) {
            mem.writeU64(args.serializedData, args.file.pos(), Layouts.MEMFD_SER.ref("pos"));
            return 0;
        }
    }

    @Override
    public void unpreserve(FileOpArgs args) {
        try (var f = trace.enter("memfd_luo_unpreserve")) {
            Preserved p = (Preserved) args.privateData;
            ((MemfdFile) args.file).shmem().setFrozen(false);
            if (p.vmalloc() != null) {
                kho.unpreserveVmalloc(p.vmalloc());
            }
            for (long pa : p.folios()) {
                kho.unpreserveFolio(pa, 0);
            }
            for (long pa : p.arrayPages()) {
                mm.freePages(pa, 0);
            }
            kho.unpreserveFree(p.serPa());
        }
    }

    /**
     * memfd_luo_retrieve(): a new memfd (name not preserved) with the old seals, position and
     * size; every listed folio must restore (else "Unable to restore folio", -EIO). The ser page
     * is freed whatever happens.
     */
    @Override
    public int retrieve(FileOpArgs args) {
        try (var f = trace.enter("memfd_luo_retrieve")) {
            long ser = args.serializedData;
            byte[] b = mem.read(ser, Layouts.MEMFD_SER.size());
            int seals = (int) LittleEndian.u32(b, 16);
            if ((seals & ~ALL_SEALS) != 0) {
                kho.restoreFree(ser);
                return -Errno.EOPNOTSUPP;
            }
            ShmemInode inode = new ShmemInode("", seals);
            MemfdFile file = new MemfdFile(inode);
            file.setPos(LittleEndian.u64(b, 0));
            inode.setSize(LittleEndian.u64(b, 8));
            long nr = LittleEndian.u64(b, 24);
            int err = 0;
            if (nr != 0) {
                KhoVmalloc vm = new KhoVmalloc(LittleEndian.u64(b, 32), (int) LittleEndian.u32(b, 40),
                        LittleEndian.u16(b, 44), LittleEndian.u16(b, 46));
                List<Long> array = kho.restoreVmalloc(vm, OwnerKind.VMALLOC_DATA, "memfd folio array (restored)");
                // nr_folios is a u64 from memory: compare without overflowing nr * sizeof(folio_ser)
                if (array == null || Long.compareUnsigned(nr, (long) array.size() * PhysicalMemory.PAGE_SIZE / FOLIO_SER) > 0) {
                    kho.restoreFree(ser);
                    return -Errno.EINVAL;
                }
                for (long i = 0; i < nr; i++) {
                    long off = i * FOLIO_SER;
                    long at = array.get((int) (off / PhysicalMemory.PAGE_SIZE)) + off % PhysicalMemory.PAGE_SIZE;
                    long word = mem.u64(at);
                    long index = mem.u64(at + 8);
                    long pfn = word & ((1L << 52) - 1);
                    if (pfn == 0) {
                        continue;
                    }
                    long pa = PhysicalMemory.pa(pfn);
                    if (err == 0 && kho.restoreFolio(pa, OwnerKind.MEMFD_FOLIO, "memfd (retrieved) page " + index)) {
                        mm.setOwner(pa, 0, PageState.USER, OwnerKind.MEMFD_FOLIO, "memfd (retrieved) page " + index);
                        if (inode.pages().containsKey(index)) {
                            // shmem_add_to_page_cache() finds the index taken (two entries with
                            // one index: only a damaged array has that) → -EEXIST; the
                            // kernel prints the entry's position i, not the index, with %d
                            log.err("memfd_luo: shmem: failed to add to page cache folio index " + i + ": " + (-Errno.EEXIST));
                            mm.freePages(pa, 0);
                            err = -Errno.EEXIST;
                            continue;
                        }
                        inode.pages().put(index, pa);
                    } else if (err == 0) {
                        log.err("memfd_luo: Unable to restore folio at physical address: " + Long.toHexString(pa));
                        err = -Errno.EIO;
                    } else {
                        // after an error the remaining folios are still restored and put
                        if (kho.restoreFolio(pa, OwnerKind.MEMFD_FOLIO, "memfd (dropped)")) {
                            mm.freePages(pa, 0);
                        }
                    }
                }
                for (long p : array) {
                    mm.freePages(p, 0);
                }
            }
            kho.restoreFree(ser);
            if (err != 0) {
                for (long pa : inode.pages().values()) {
                    mm.freePages(pa, 0);
                }
                return err;
            }
            args.file = file;
            return 0;
        }
    }

    /** memfd_luo_finish(): a never-retrieved memfd's folios are restored and dropped. */
    @Override
    public void finish(FileOpArgs args) {
        try (var f = trace.enter("memfd_luo_finish")) {
            if (args.retrieveStatus != 0) {
                return;
            }
            long ser = args.serializedData;
            long nr = mem.u64(ser + 24);
            if (nr > 0) {
                KhoVmalloc vm = new KhoVmalloc(mem.u64(ser + 32), (int) mem.u32(ser + 40),
                        (int) (mem.u32(ser + 44) & 0xFFFF), (int) (mem.u32(ser + 44) >>> 16));
                List<Long> array = kho.restoreVmalloc(vm, OwnerKind.VMALLOC_DATA, "memfd folio array (finish)");
                if (array != null) {
                    for (long i = 0; i < nr && (i * FOLIO_SER) / PhysicalMemory.PAGE_SIZE < array.size(); i++) {
                        long off = i * FOLIO_SER;
                        long at = array.get((int) (off / PhysicalMemory.PAGE_SIZE)) + off % PhysicalMemory.PAGE_SIZE;
                        long pfn = mem.u64(at) & ((1L << 52) - 1);
                        if (pfn == 0) {
                            continue;
                        }
                        long pa = PhysicalMemory.pa(pfn);
                        if (kho.restoreFolio(pa, OwnerKind.MEMFD_FOLIO, "memfd (finished)")) {
                            mm.freePages(pa, 0);
                        } else {
                            log.warn("memfd_luo: Unable to restore folio at physical address: " + Long.toHexString(pa));
                        }
                    }
                    for (long p : array) {
                        mm.freePages(p, 0);
                    }
                }
            }
            kho.restoreFree(ser);
        }
    }
}

package luolab.engine.luo;

import java.util.ArrayList;
import java.util.List;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.kho.Kho;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.KernelLog;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * A linked-block set (kernel/liveupdate/kho_block.c, v7): fixed-size preserved blocks, each a
 * 16-byte header {next, count} followed by entries at entry_size stride, linked by physical
 * address. The outgoing side grows it a block at a time as entries are added and shrinks whole
 * tail blocks as they are removed; the incoming side restores it from a head PA after checking
 * the chain (Floyd's cycle check with a step limit, then per-block counts).
 */
public final class BlockSet implements EntryStore {
    private static final FieldRef NEXT = Layouts.BLOCK_HEADER.ref("next");
    private static final FieldRef COUNT = Layouts.BLOCK_HEADER.ref("count");

    private final String name;
    private final Abi abi;
    private final Kho kho;
    private final PhysicalMemory mem;
    private final Trace trace;
    private final KernelLog log;
    private final OwnerKind kind;
    private final int entrySize;
    private final int countPerBlock;
    private final List<Long> blocks = new ArrayList<>();
    private long headPa;
    private boolean incoming;

    public BlockSet(String name, Abi abi, Kho kho, PhysicalMemory mem, Trace trace, KernelLog log, OwnerKind kind, int entrySize) {
        this.name = name;
        this.abi = abi;
        this.kho = kho;
        this.mem = mem;
        this.trace = trace;
        this.log = log;
        this.kind = kind;
        this.entrySize = entrySize;
        this.countPerBlock = abi.perBlock(entrySize);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long headPa() {
        return headPa;
    }

    @Override
    public int nblocks() {
        return blocks.size();
    }

    @Override
    public List<Long> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public int countPerBlock() {
        return countPerBlock;
    }

    @Override
    public int entrySize() {
        return entrySize;
    }

    @Override
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean incoming() {
        return incoming;
    }

    // ---- outgoing ------------------------------------------------------------------------------

    /** kho_block_add(): allocate a preserved block and link it after the current tail. */
    private int add() {
        try (var f = trace.enter("kho_block_add")) {
            if (blocks.size() >= abi.maxBlocks()) {
                return -Errno.ENOSPC;
            }
            long pa = kho.allocPreserve(abi.blockSize(), kind, name + " block " + blocks.size());
            if (pa < 0) {
                return (int) pa;
            }
            // the block is handed out zeroed and freeze fills it entry by entry: give it its
            // bytes here, as the kernel's zeroing does, so the hot serialize loop only copies
            for (long p = pa; p < pa + abi.blockSize(); p += PhysicalMemory.PAGE_SIZE) {
                mem.materialize(PhysicalMemory.pfn(p));
            }
            link(pa);
            return 0;
        }
    }

    private void link(long pa) {
        long prev = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1);
        if (prev == 0) {
            headPa = pa;
        } else if (!incoming) {
            mem.writeU64(prev, pa, NEXT);
        }
        blocks.add(pa);
        if (trace.recording()) trace.emit(new TraceEvent.BlockLinked(trace.phase(), trace.stack(), name, blocks.size() - 1, pa, prev, true));
    }

    private void removeLast() {
        long pa = blocks.remove(blocks.size() - 1);
        long prev = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1);
        if (prev == 0) {
            headPa = 0;
        } else {
            mem.writeU64(prev, 0, NEXT);
        }
        if (trace.recording()) trace.emit(new TraceEvent.BlockLinked(trace.phase(), trace.stack(), name, blocks.size(), pa, prev, false));
        free(pa);
    }

    private void free(long pa) {
        if (incoming) {
            kho.restoreFree(pa);
        } else {
            kho.unpreserveFree(pa);
        }
    }

    /** kho_block_set_grow(): make room for {@code count} entries; undo this call's blocks on error. */
    @Override
    public int grow(long count) {
        try (var f = trace.enter("kho_block_set_grow")) {
            if (incoming) {
                // kho_block_set_grow(): WARN_ON_ONCE(bs->incoming), -EINVAL (v2: luo_block_grow(), WARN_ON)
                boolean v2 = abi.rootFormat() != Abi.RootFormat.RAW_BLOB;
                log.warnOn(v2 ? "kernel/liveupdate/luo_block.c" : "kernel/liveupdate/kho_block.c", v2 ? "luo_block_grow" : "kho_block_set_grow");
                log.note("grow on an incoming block set: -EINVAL");
                return -Errno.EINVAL;
            }
            int before = blocks.size();
            while (count > (long) blocks.size() * countPerBlock) {
                int err = add();
                if (err != 0) {
                    while (blocks.size() > before) {
                        removeLast();
                    }
                    return err;
                }
            }
            return 0;
        }
    }

    /** kho_block_set_shrink(): drop tail blocks no longer needed for {@code count} entries. */
    @Override
    public void shrink(long count) {
        try (var f = trace.enter("kho_block_set_shrink")) {
            while (!blocks.isEmpty() && count <= (long) (blocks.size() - 1) * countPerBlock) {
                removeLast();
            }
        }
    }

    /** kho_block_set_destroy(): free every tracked block. */
    @Override
    public void destroy() {
        try (var f = trace.enter("kho_block_set_destroy")) {
            while (!blocks.isEmpty()) {
                long pa = blocks.remove(blocks.size() - 1);
                free(pa);
            }
            headPa = 0;
        }
    }

    /** kho_block_set_clear(): every block's count = 0 and its entries zeroed; links are kept. */
    @Override
    public void clear() {
        try (var f = trace.enter("kho_block_set_clear")) {
            for (long pa : blocks) {
                mem.writeU64(pa + 8, 0, COUNT);
                mem.write(pa + Abi.BLOCK_HEADER_SIZE, new byte[countPerBlock * entrySize], null);
            }
        }
    }

    // ---- iteration -----------------------------------------------------------------------------

    /**
     * struct kho_block_set_it. While nobody records memory writes it works on the current
     * block's page in place (a block of one page; found once per block, not once per entry): the
     * bytes written and read are the same, and a million-file handover saves a page lookup for
     * every count and entry it touches.
     */
    public final class Iterator implements EntryStore.Cursor {
        private int block;
        private long i;
        /** PA of the current block, and its page and offset in it when accessed in place (else null). */
        private long blockPa;
        private byte[] page;
        private int pageOff;
        private long slot;

        private boolean entered;

        /** A restored chain may link a misaligned block across two pages: that one goes the slow way. */
        private void enterBlock(boolean forWrite) {
            entered = true;
            blockPa = blocks.get(block);
            pageOff = (int) (blockPa & (PhysicalMemory.PAGE_SIZE - 1));
            page = null;
            if (pageOff + abi.blockSize() <= PhysicalMemory.PAGE_SIZE) {
                long pfn = PhysicalMemory.pfn(blockPa);
                page = forWrite ? mem.pageForDirectWrite(pfn) : mem.pageForDirectRead(pfn);
            }
        }

        /** kho_block_set_it_reserve_entry(): next free slot; writes the block's count every time. */
        @Override
        public long reserveEntry() {
            try (var f = trace.enter("kho_block_set_it_reserve_entry")) {
                if (block >= blocks.size()) {
                    return 0;
                }
                if (i == countPerBlock) {
                    if (block + 1 >= blocks.size()) {
                        return 0;
                    }
                    block++;
                    i = 0;
                    enterBlock(true);
                } else if (!entered) {
                    enterBlock(true);
                }
                slot = blockPa + Abi.BLOCK_HEADER_SIZE + i * entrySize;
                i++;
                if (page != null) {
                    LittleEndian.putU64(page, pageOff + 8, i);
                } else {
                    mem.writeU64(blockPa + 8, i, COUNT);
                }
                return slot;
            }
        }

        @Override
        public void write(byte[] src, FieldRef what) {
            if (page != null) {
                System.arraycopy(src, 0, page, pageOff + (int) (slot - blockPa), src.length);
            } else {
                mem.write(slot, src, what);
            }
        }

        /**
         * kho_block_set_it_read_entry(): next used slot, moving on when a block's count is used up.
         * The count is read from memory at every call, as the kernel does. v7 moves on once
         * ({@code if}): restore has rejected every count-0 block. Series v2's luo_block_it_read
         * (seed 002) loops ({@code while}) because luo_block_restore accepts count 0: an empty
         * block is skipped instead of being read past its (zero) count.
         */
        @Override
        public long readEntry() {
            try (var f = trace.enter("kho_block_set_it_read_entry")) {
                if (block >= blocks.size()) {
                    return 0;
                }
                if (!entered) {
                    enterBlock(false);
                }
                boolean skipEmpty = !abi.rejectZeroCount();
                while (i == count()) {
                    if (block + 1 >= blocks.size()) {
                        return 0;
                    }
                    block++;
                    i = 0;
                    enterBlock(false);
                    if (!skipEmpty) {
                        break;
                    }
                }
                slot = blockPa + Abi.BLOCK_HEADER_SIZE + i * entrySize;
                i++;
                return slot;
            }
        }

        private long count() {
            return page != null ? LittleEndian.u64(page, pageOff + 8) : mem.u64(blockPa + 8);
        }

        @Override
        public void read(byte[] dst) {
            if (page != null) {
                System.arraycopy(page, pageOff + (int) (slot - blockPa), dst, 0, dst.length);
            } else {
                mem.read(slot, dst, 0, dst.length);
            }
        }

        @Override
        public int blockIndex() {
            return block;
        }

        @Override
        public long slotIndex() {
            return i - 1;
        }
    }

    @Override
    public Iterator iterator() {
        return new Iterator();
    }

    // ---- incoming ------------------------------------------------------------------------------

    /**
     * kho_block_set_restore(): adopt the chain at {@code head} as the previous kernel left it.
     * Rejects a cyclic or overlong chain and blocks whose count is 0 or above capacity; on error
     * frees what was tracked and the rest of the physical chain.
     */
    @Override
    public int restore(long head) {
        try (var f = trace.enter("kho_block_set_restore")) {
            incoming = true;
            if (head == 0) {
                return 0;
            }
            if (isCyclic(head)) {
                if (trace.recording()) trace.emit(new TraceEvent.ChainChecked(trace.phase(), trace.stack(), name, head, 0, -Errno.EINVAL));
                headPa = 0;
                return -Errno.EINVAL;
            }
            long pa = head;
            int err = 0;
            while (pa != 0) {
                long count = mem.u64(pa + 8);
                if ((abi.rejectZeroCount() && count == 0) || Long.compareUnsigned(count, countPerBlock) > 0) {
                    log.warn(abi.blockLogPrefix() + String.format(abi.msgBadCount().replace("%d", "%s"), Long.toUnsignedString(count)));
                    err = -Errno.EINVAL;
                    break;
                }
                if (blocks.size() >= abi.maxBlocks()) {
                    err = -Errno.ENOSPC;
                    break;
                }
                link(pa);
                if (trace.recording()) trace.emit(new TraceEvent.Restored(trace.phase(), trace.stack(), TraceEvent.RestoreKind.BLOCK,
                        name + " block " + (blocks.size() - 1), pa));
                pa = mem.u64(pa);
            }
            if (trace.recording()) trace.emit(new TraceEvent.ChainChecked(trace.phase(), trace.stack(), name, head, blocks.size(), err));
            if (err != 0) {
                long rest = pa;
                destroy();
                freeChain(rest);
            }
            return err;
        }
    }

    /** After a failed restore the untracked remainder of the physical chain is given back too. */
    private void freeChain(long pa) {
        int guard = 0;
        while (pa != 0 && guard++ <= 2 * abi.maxBlocks()) {
            long next = mem.u64(pa);
            kho.restoreFree(pa);
            pa = next;
        }
    }

    /**
     * kho_block_set_is_cyclic(): Floyd's tortoise and hare. Each iteration first checks the step
     * limit, then moves the hare two blocks and the tortoise one; meeting means a cycle. Because
     * the hare covers two blocks per iteration the limit only fires for chains of at least
     * 2 * KHO_MAX_BLOCKS + 1 blocks.
     */
    boolean isCyclic(long head) {
        try (var f = trace.enter("kho_block_set_is_cyclic")) {
            long slow = head;
            long fast = head;
            int count = 0;
            while (fast != 0) {
                if (count++ >= abi.maxBlocks()) {
                    log.err(abi.blockLogPrefix() + abi.msgTooLong());
                    return true;
                }
                long next = mem.u64(fast);
                if (next == 0) {
                    break;
                }
                fast = next;
                next = mem.u64(fast);
                if (next == 0) {
                    break;
                }
                fast = next;
                slow = mem.u64(slow);
                if (trace.recording()) {
                    if (trace.recording()) trace.emit(new TraceEvent.FloydStep(trace.phase(), trace.stack(), name, count, slow, fast));
                }
                if (slow == fast) {
                    log.err(abi.blockLogPrefix() + abi.msgCyclic());
                    return true;
                }
            }
            return false;
        }
    }
}

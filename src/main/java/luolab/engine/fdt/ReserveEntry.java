package luolab.engine.fdt;

/**
 * One memory reservation block entry ({@code struct fdt_reserve_entry}: big-endian u64
 * address and size). A zero size terminates the block on read (libfdt {@code fdt_num_mem_rsv}),
 * so the writer refuses entries with size 0.
 */
public record ReserveEntry(long address, long size) {
    @Override
    public String toString() {
        return String.format("ReserveEntry[0x%016x+0x%x]", address, size);
    }
}

package luolab.engine.kho;

/** struct kho_vmalloc (16 bytes): how a vmalloc'd area was preserved. */
public record KhoVmalloc(long first, int totalPages, int flags, int order) {
    public static final int KHO_VMALLOC_ALLOC = 0x0001;
    public static final int KHO_VMALLOC_HUGE_VMAP = 0x0002;
    public static final int FLAGS_MASK = KHO_VMALLOC_ALLOC | KHO_VMALLOC_HUGE_VMAP;
}

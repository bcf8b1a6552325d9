package luolab.engine.memory;

/** What lives in a page: the colour of a memory-map cell. */
public enum OwnerKind {
    NONE("free"),
    KERNEL_IMAGE("kernel image"),
    SCRATCH("KHO scratch"),
    KHO_FDT("KHO root FDT"),
    KHO_RADIX("KHO radix-tree node"),
    KEXEC_METADATA("kexec metadata"),
    LUO_SER("luo_ser"),
    LUO_FDT("LUO FDT"),
    SESSION_BLOCK("session block"),
    FILE_BLOCK("file block"),
    FLB("FLB page"),
    MEMFD_SER("memfd_luo_ser"),
    MEMFD_FOLIO("memfd folio"),
    VMALLOC_CHUNK("KHO vmalloc chunk"),
    VMALLOC_DATA("KHO vmalloc data"),
    TEST_DATA("test handler data"),
    KERNEL_OTHER("kernel data");

    private static final OwnerKind[] VALUES = values();
    private final String label;

    OwnerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static OwnerKind of(int ordinal) {
        return VALUES[ordinal];
    }
}

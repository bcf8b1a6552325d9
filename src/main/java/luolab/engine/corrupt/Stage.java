package luolab.engine.corrupt;

/**
 * When a corruption is written, which decides where its targets are found.
 */
public enum Stage {
    /**
     * The old kernel is running, nothing is serialized yet: targets come from its live structures
     * (outgoing block sets, the live KHO FDT and radix tree), the way a buggy driver would scribble.
     * Block counts and entries are written only at serialize time, so only links, luo_ser, the
     * FDT, the radix tree and handler data can be damaged here.
     */
    LIVE("before serialize"),
    /**
     * serializeForKexec() has run and the jump has not: memory holds exactly what the next kernel
     * will read, and targets are found by reading it (KHO FDT → "LUO" → luo_ser → block chains).
     */
    HANDOVER("serialized, before the jump"),
    /**
     * The new kernel has booted (early boot already checked and adopted the session chain) and
     * /dev/liveupdate has not been opened: session entries, file chains, file entries and memfd
     * data are still plain bytes.
     */
    INCOMING("after the jump, before the first open of /dev/liveupdate");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

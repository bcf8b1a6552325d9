package luolab.ui.anim;

/**
 * The visual beats the animation is made of, with how long each lasts at 1× and how it moves the
 * model through its events. One trace event (the "key") starts a beat; the detail events around it
 * (byte writes, page metadata) ride along, so a beat lands exactly the state its key describes.
 */
public enum BeatKind {
    /** Events with nothing to show (detail writes at the very end of a run): applied at once. */
    QUIET(0, 0, Landing.START, true, false),
    /** A phase of the cycle begins: a title card. */
    PHASE(1.0, 1.0, Landing.START, false, false),
    /** A scenario step begins: its description as a caption. */
    STEP(0.5, 0.8, Landing.START, true, false),
    /** An informational kernel log line. */
    LOG(0.45, 0.9, Landing.START, true, false),
    /** Session created / removed / retrieved / finished: its row flashes in the table. */
    SESSION(0.35, 0.9, Landing.END, true, false),
    /** File preserved / unpreserved / retrieved / finished. */
    FILE(0.35, 0.9, Landing.END, true, false),
    /** KHO starts tracking a page range: an amber ring on the page, the radix tree grows. */
    PRESERVE(0.25, 0.8, Landing.END, true, false),
    /** A node of the KHO radix tree was allocated. */
    RADIX_NODE(0.45, 0.9, Landing.END, true, false),
    /** A block was allocated and linked: the previous block's {@code next} arrow is written. */
    BLOCK_LINK(0.9, 1.2, Landing.END, true, false),
    /** A block was removed from the tail of a set. */
    BLOCK_UNLINK(0.5, 0.9, Landing.END, true, false),
    /** Serialization: entries fly from the tables into their block slots. */
    ENTRY(0.6, 1.3, Landing.END, true, false),
    /** An FDT node is written (KHO root FDT, subtrees). */
    FDT(0.5, 0.9, Landing.END, true, false),
    /** A field of luo_ser (the LUO root blob) is written. */
    LUO_SER(0.45, 0.9, Landing.END, true, false),
    /** Bytes written behind the kernel's back: they blink. */
    CORRUPTION(1.4, 1.4, Landing.END, false, true),
    /** The jump: the old kernel's tables fade, only the boot parameter is passed on. */
    KEXEC(1.8, 1.8, Landing.END, false, false),
    /** The new kernel walks the radix tree: preserved pages light up as reserved. */
    RESERVE(0.6, 1.4, Landing.GRADUAL, false, false),
    /** Everything neither preserved nor scratch is poisoned: a sweep over the memory map. */
    SWEEP(1.8, 1.8, Landing.END, false, false),
    /** The new kernel takes back a preserved page (kho_restore_*). */
    RESTORE(0.3, 0.9, Landing.END, true, false),
    /** One iteration of Floyd's cycle check: tortoise one block, hare two. */
    FLOYD_STEP(0.85, 3.0, Landing.END, false, false),
    /** slow == fast: the markers meet. */
    FLOYD_MEET(1.3, 1.3, Landing.END, false, false),
    /** The chain was accepted. */
    CHAIN_OK(0.6, 0.9, Landing.END, true, false),
    /** The chain was rejected: it turns red, with the kernel's log line and errno. */
    CHAIN_RED(1.8, 1.8, Landing.START, false, true),
    /** Many small mixed beats of a long run (a loop of preserve_memfd), shown as one batch of page pulses. */
    BATCH(0.4, 1.0, Landing.GRADUAL, true, false),
    /** Deserialization: entries flow from their block slots back into the incoming tables. */
    ENTRY_BACK(0.6, 1.3, Landing.END, true, false),
    /** An error (log line at warning/error level, or an errno returned): a callout. */
    ERROR(1.4, 1.4, Landing.START, false, true),
    /** panic(): a banner that stays. */
    PANIC(2.0, 2.0, Landing.START, false, true),
    /** The boot hangs silently (the kernel prints nothing; the lab stops it): a banner that stays, as for a panic. */
    HANG(2.0, 2.0, Landing.START, false, true);

    /** The kernel is dead after this beat (panic or hang): its banner stays and nothing runs after. */
    public boolean endsKernel() {
        return this == PANIC || this == HANG;
    }

    /** When a beat moves the model to its end position. */
    public enum Landing {
        /** At once: the beat comments on the state it lands. */
        START,
        /** When the motion arrives (e.g. the flying entry lands in its slot). */
        END,
        /** Event by event over the beat (sweeps, reservations, batches). */
        GRADUAL
    }

    private final double single;
    private final double batchCap;
    private final Landing landing;
    private final boolean compressible;
    private final boolean sticky;

    BeatKind(double single, double batchCap, Landing landing, boolean compressible, boolean sticky) {
        this.single = single;
        this.batchCap = batchCap;
        this.landing = landing;
        this.compressible = compressible;
        this.sticky = sticky;
    }

    /** Seconds at 1× for one key event. */
    public double single() {
        return single;
    }

    /** Seconds at 1× for a batch of {@code n} aggregated keys: grows with n, capped. */
    public double batch(int n) {
        if (n <= 1) {
            return single;
        }
        return Math.max(single, Math.min(batchCap, single * (1 + 0.35 * (n - 1))));
    }

    public Landing landing() {
        return landing;
    }

    /** Whether a long plan may shorten this kind to fit its time budget (repetitive beats). */
    public boolean compressible() {
        return compressible;
    }

    /** Whether what this beat shows stays on screen (until the next kexec) once it has happened. */
    public boolean sticky() {
        return sticky;
    }
}

package luolab.engine.corrupt;

/** How a live-update run ended, as seen from the next kernel and its userspace. */
public enum OutcomeKind {
    /** Every session and file came back with the preserved content. */
    RESTORED("restored"),
    /** Every step succeeded but some content, size or seals differ from what was preserved. */
    SILENT_DAMAGE("silent damage"),
    /** A syscall returned an error (open, RETRIEVE_SESSION, RETRIEVE_FD, FINISH). */
    ERRNO("errno"),
    /** The next kernel panicked while booting. */
    PANIC("panic"),
    /**
     * The next kernel hangs while booting, silently (no panic, no message: e.g. a radix walk that
     * never ends before the lockup detector exists). The lab stops it; nothing runs after.
     */
    HANG("hang"),
    /** A syscall oopsed on a wild pointer (the task dies; the kernel is tainted). */
    OOPS("oops"),
    /** kho_populate()/kho_mem_retrieve() rejected the handover: booted like a cold boot, sessions lost. */
    KHO_DISABLED("KHO revival disabled"),
    /** KHO was accepted but carried no LUO state: a fresh start, sessions lost, no error. */
    FRESH_START("fresh start"),
    /** The outcome depends on what lives at the written address (raw writes). */
    DEPENDS("depends on the target"),
    /** A Java exception escaped the engine: always a bug of the lab, never a kernel outcome. */
    JAVA_EXCEPTION("Java exception");

    private final String label;

    OutcomeKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

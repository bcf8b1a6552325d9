package luolab.engine.trace;

/** Where in the live-update cycle an event happens; the cycle bar shows these in order. */
public enum Phase {
    RUNNING("old kernel"),
    SERIALIZE("serialize"),
    FINALIZE("finalize"),
    KEXEC("kexec"),
    EARLY_BOOT("boot"),
    DESERIALIZE("deserialize"),
    RETRIEVE("retrieve"),
    FINISH("finish");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

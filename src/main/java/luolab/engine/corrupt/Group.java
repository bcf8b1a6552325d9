package luolab.engine.corrupt;

/** Catalog groups, in listing order. */
public enum Group {
    CHAINS("chains"),
    COUNTS("counts"),
    POINTERS("pointers"),
    STRINGS_FDT("strings/FDT"),
    MEMFD("memfd"),
    RAW("raw bytes");

    private final String label;

    Group(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

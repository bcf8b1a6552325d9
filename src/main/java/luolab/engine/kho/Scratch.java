package luolab.engine.kho;

/** struct kho_scratch: a physical range the next kernel may use before it has read the handover. */
public record Scratch(long addr, long size) {
    public boolean contains(long pa) {
        return pa >= addr && pa - addr < size;
    }
}

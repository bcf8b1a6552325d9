package luolab.engine.machine;

import java.util.Objects;

/**
 * Why a kernel stopped running: it called panic() (a kernel message, "Kernel panic - not
 * syncing: …") or its boot hangs (kho_mem_retrieve()'s radix walk never ends; it runs in
 * kho_memory_init(), before the lockup detectors exist, so the kernel prints nothing and the
 * lab stops the boot). {@code text} is the panic message, or for a hang why the lab stopped it
 * (the kernel has no words for it).
 */
public record StopReason(Kind kind, String text) {
    public enum Kind { PANIC, HANG }

    public StopReason {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(text);
    }

    public static StopReason panic(String message) {
        return new StopReason(Kind.PANIC, message);
    }

    public static StopReason hang(String why) {
        return new StopReason(Kind.HANG, why);
    }

    public boolean isPanic() {
        return kind == Kind.PANIC;
    }

    public boolean isHang() {
        return kind == Kind.HANG;
    }

    /** "panicked" or "hung", for "the kernel panicked/hung". */
    public String verb() {
        return isPanic() ? "panicked" : "hung";
    }

    /** "panic: …" or "hang: …", the same words as the restore outcome's key. */
    @Override
    public String toString() {
        return (isPanic() ? "panic: " : "hang: ") + text;
    }
}

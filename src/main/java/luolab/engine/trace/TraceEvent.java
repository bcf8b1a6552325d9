package luolab.engine.trace;

import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;

/**
 * One thing the simulated kernel did. Every event carries the cycle phase and the kernel call
 * stack it happened in. State-changing kinds ({@link MemWrite}, {@link PageContent},
 * {@link PageMetaChange}) carry old and new values so a {@link Stepper} can walk history both ways;
 * the rest describe what the kernel was doing, for the views, the animation and the CLI.
 */
public sealed interface TraceEvent {
    Phase phase();

    CallStack stack();

    /** True for events that change physical memory or page metadata. */
    default boolean mutates() {
        return false;
    }

    /** True for events kept in a coarse trace (no byte- or page-level detail). */
    default boolean coarse() {
        return true;
    }

    /** Bytes at {@code pa} changed; {@code oldBytes} null means they were all zero. */
    record MemWrite(Phase phase, CallStack stack, long pa, byte[] oldBytes, byte[] newBytes, FieldRef what)
            implements TraceEvent {
        @Override
        public boolean mutates() {
            return true;
        }

        @Override
        public boolean coarse() {
            return false;
        }
    }

    /** A page was zeroed or poisoned; {@code oldData} is the replaced content (null: none of its own). */
    record PageContent(Phase phase, CallStack stack, long pfn, byte[] oldData, boolean oldPoisoned, boolean newPoisoned)
            implements TraceEvent {
        @Override
        public boolean mutates() {
            return true;
        }

        @Override
        public boolean coarse() {
            return false;
        }
    }

    /** After kexec, a run of pages not preserved by the previous kernel became poisoned free memory. */
    record RangePoisoned(Phase phase, CallStack stack, long startPfn, int count, long[] oldMeta, byte[][] oldData)
            implements TraceEvent {
        @Override
        public boolean mutates() {
            return true;
        }

        @Override
        public boolean coarse() {
            return false;
        }
    }

    /** A page's metadata (state, owner, preserved bit) changed. */
    record PageMetaChange(Phase phase, CallStack stack, long pfn, long oldMeta, long newMeta) implements TraceEvent {
        @Override
        public boolean mutates() {
            return true;
        }

        @Override
        public boolean coarse() {
            return false;
        }
    }

    /** 2^order pages allocated (alloc_pages / get_zeroed_page / folio_alloc). */
    record PagesAllocated(Phase phase, CallStack stack, long pa, int order, OwnerKind kind, String owner)
            implements TraceEvent {
        @Override
        public boolean coarse() {
            return false;
        }
    }

    record PagesFreed(Phase phase, CallStack stack, long pa, int order) implements TraceEvent {
        @Override
        public boolean coarse() {
            return false;
        }
    }

    /** KHO started or stopped tracking (pa, order) in the preserved-memory radix tree. */
    record Preserve(Phase phase, CallStack stack, long pa, int order, boolean preserved) implements TraceEvent {
    }

    /** A block was appended to (or removed from) a block set; {@code prevPa} is the block whose next was written. */
    record BlockLinked(Phase phase, CallStack stack, String set, int index, long pa, long prevPa, boolean linked)
            implements TraceEvent {
    }

    /** An entry was written into slot {@code slot} of block {@code block} of a block set. */
    record EntrySerialized(Phase phase, CallStack stack, String set, int block, int slot, long pa, String entry)
            implements TraceEvent {
    }

    /** A node of an FDT (KHO root or LUO FDT) was created or updated. */
    record FdtNode(Phase phase, CallStack stack, String fdt, String path, long fdtPa) implements TraceEvent {
    }

    /** One iteration of kho_block_set_is_cyclic(): positions of the tortoise and the hare. */
    record FloydStep(Phase phase, CallStack stack, String set, int iteration, long slowPa, long fastPa)
            implements TraceEvent {
    }

    /** The outcome of checking a chain on restore. */
    record ChainChecked(Phase phase, CallStack stack, String set, long headPa, int blocks, int err) implements TraceEvent {
    }

    enum RestoreKind { PAGE, BLOCK, SESSION, FILE, FLB, LUO_STATE }

    /** The new kernel took something back from preserved memory. */
    record Restored(Phase phase, CallStack stack, RestoreKind kind, String what, long pa) implements TraceEvent {
    }

    enum SessionOp { CREATE, REMOVE, SERIALIZE, DESERIALIZE, RETRIEVE, FINISH }

    record SessionEvent(Phase phase, CallStack stack, SessionOp op, String session, boolean incoming, int err)
            implements TraceEvent {
    }

    enum FileOp { PRESERVE, UNPRESERVE, FREEZE, UNFREEZE, DESERIALIZE, RETRIEVE, FINISH }

    record FileEvent(Phase phase, CallStack stack, FileOp op, String session, long token, String compatible, int err)
            implements TraceEvent {
    }

    /** A line of the kernel log (dmesg). */
    record Log(Phase phase, CallStack stack, KernelLog.Line line) implements TraceEvent {
    }

    /** A kernel function returned an error to its caller. */
    record Error(Phase phase, CallStack stack, int errno, String function) implements TraceEvent {
    }

    record PhaseChange(Phase phase, CallStack stack, Phase from) implements TraceEvent {
    }

    /** A scenario step starts here. */
    record StepMark(Phase phase, CallStack stack, int step, String description) implements TraceEvent {
    }

    /** The old kernel jumped into the new one, passing only the KHO FDT address (and scratch). */
    record Kexec(Phase phase, CallStack stack, long khoFdtPa, int nextBoot, String nextAbi) implements TraceEvent {
    }

    /** The kernel called panic(). */
    record Panic(Phase phase, CallStack stack, String message) implements TraceEvent {
    }

    /**
     * The kernel hangs without a message (e.g. kho_mem_retrieve()'s radix walk never ends, before
     * the lockup detector exists); the lab stops it there. Not a panic, but nothing runs after it.
     * {@code message} says why, as the lab puts it.
     */
    record Hang(Phase phase, CallStack stack, String message) implements TraceEvent {
    }

    /** A corruption was injected: bytes written behind the kernel's back. */
    record Corruption(Phase phase, CallStack stack, String injector, String description) implements TraceEvent {
    }
}

package luolab.ui.model;

import java.util.Map;
import luolab.engine.handover.Handover;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Phase;
import luolab.engine.trace.TraceEvent;

/**
 * An immutable picture of the machine after event {@code position} of a run, made on the engine
 * thread and handed to the FX thread: views never read the live {@link PhysicalMemory} (the
 * engine thread moves it through history), only frames.
 *
 * <p>{@code meta} is a copy of every page's packed {@link PageMeta}; it is shared between frames
 * while no page metadata changed ({@code metaRevision} says when it did). {@code pages} holds the
 * bytes of the pages the views asked to watch (the hex inspector's range, the pages visible at
 * byte zoom).
 */
public final class Frame {
    private final LoadedRun run;
    private final int position;
    private final Phase phase;
    private final TraceEvent current;
    private final long[] meta;
    private final int metaRevision;
    private final Map<Long, byte[]> pages;
    private final java.util.List<Handover> handovers;

    Frame(LoadedRun run, int position, Phase phase, TraceEvent current, long[] meta, int metaRevision,
            Map<Long, byte[]> pages, java.util.List<Handover> handovers) {
        this.run = run;
        this.position = position;
        this.phase = phase;
        this.current = current;
        this.meta = meta;
        this.metaRevision = metaRevision;
        this.pages = Map.copyOf(pages);
        this.handovers = handovers;
    }

    /** The handover state parsed from memory at this position, or null when no view asked for it. */
    public java.util.List<Handover> handovers() {
        return handovers;
    }

    public LoadedRun run() {
        return run;
    }

    /** Events [0, position) are applied. */
    public int position() {
        return position;
    }

    public int total() {
        return run.events().size();
    }

    public Phase phase() {
        return phase;
    }

    /** The event most recently applied, or null at the start. */
    public TraceEvent current() {
        return current;
    }

    public long basePfn() {
        return run.memory().basePfn();
    }

    public long nrPages() {
        return run.memory().nrPages();
    }

    public long basePa() {
        return run.memory().base();
    }

    public long endPa() {
        return run.memory().end();
    }

    public boolean containsPfn(long pfn) {
        return pfn >= basePfn() && pfn - basePfn() < nrPages();
    }

    /** Packed metadata of page {@code pfn} (see {@link PageMeta}). */
    public long meta(long pfn) {
        return meta[(int) (pfn - basePfn())];
    }

    /** Metadata of the page at index {@code i} from the start of RAM. */
    public long metaAt(int i) {
        return meta[i];
    }

    public int metaRevision() {
        return metaRevision;
    }

    /** The bytes of a watched page, or null if it is not (yet) watched. */
    public byte[] page(long pfn) {
        return pages.get(pfn);
    }

    public boolean hasPage(long pfn) {
        return pages.containsKey(pfn);
    }

    /** Owner label text (labels are only added while a scenario runs, so reading them here is safe). */
    public String label(long pfn) {
        String l = run.memory().labelText(PageMeta.labelId(meta(pfn)));
        return l.isEmpty() ? PageMeta.kind(meta(pfn)).label() : l;
    }

    /** Byte at {@code pa}, or -1 when its page is not watched. */
    public int u8(long pa) {
        byte[] p = pages.get(pa >>> PhysicalMemory.PAGE_SHIFT);
        return p == null ? -1 : p[(int) (pa & (PhysicalMemory.PAGE_SIZE - 1))] & 0xFF;
    }
}

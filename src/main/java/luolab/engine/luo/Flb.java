package luolab.engine.luo;

/**
 * struct liveupdate_flb: global state that lives as long as any file of its handlers is
 * preserved (first preserve creates it, last unpreserve drops it) and is handed over once.
 */
public final class Flb {
    /** liveupdate_flb_ops: all four are required at registration. */
    public interface Ops {
        /** Returns the u64 to serialize (or a negative errno). */
        long preserve(Flb flb);

        void unpreserve(Flb flb, long data);

        /** New kernel: rebuild the object from the serialized u64; null on failure. */
        Object retrieve(Flb flb, long data);

        void finish(Flb flb, long data, Object obj);
    }

    private final String compatible;
    private final Ops ops;
    long outgoingCount;
    long outgoingData;
    long incomingCount;
    long incomingData;
    Object incomingObj;
    boolean incomingRetrieved;
    boolean incomingFinished;

    public Flb(String compatible, Ops ops) {
        this.compatible = compatible;
        this.ops = ops;
    }

    public String compatible() {
        return compatible;
    }

    public Ops ops() {
        return ops;
    }

    public long outgoingCount() {
        return outgoingCount;
    }

    public long incomingCount() {
        return incomingCount;
    }

    public Object incomingObject() {
        return incomingObj;
    }
}

package luolab.engine.luo;

/** struct luo_session: a named group of preserved files, alive while its fd is open. */
public final class LuoSession {
    final String name;
    final boolean incoming;
    final FileSet fileSet;
    boolean retrieved;
    /**
     * Simulator bookkeeping, not a kernel field: LIVEUPDATE_SESSION_FINISH succeeded on this
     * (incoming) session, and the error its deserialization stopped with (0 if none). A run made
     * with the trace off has no session events, so these are how its final state still tells a
     * finished or failed session from a merely retrieved one.
     */
    boolean finished;
    int deserializeError;

    LuoSession(String name, boolean incoming, FileSet fileSet) {
        this.name = name;
        this.incoming = incoming;
        this.fileSet = fileSet;
    }

    public String name() {
        return name;
    }

    public boolean incoming() {
        return incoming;
    }

    public boolean retrieved() {
        return retrieved;
    }

    /** LIVEUPDATE_SESSION_FINISH succeeded on it (it stays listed until its fd is closed). */
    public boolean finished() {
        return finished;
    }

    /** The error luo_session_deserialize_one() stopped with for this session, 0 if none. */
    public int deserializeError() {
        return deserializeError;
    }

    public FileSet fileSet() {
        return fileSet;
    }
}

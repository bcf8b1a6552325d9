package luolab.ui.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.handover.Handover;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.luo.Luo;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;

/**
 * The sessions and files the last kernel of a run holds when the run ends, read from the machine
 * it ended with ({@code kernel().luo().sessions()}): what the Sessions table shows for a run made
 * with the trace off, which has no session or file events to replay.
 *
 * <p>Read once, on the worker that ran the scenario ({@link #of}), into columns: a million files
 * are a few arrays, not a million objects. Table rows ({@link SessionTable.Session},
 * {@link SessionTable.File}) are made only when the table asks for one, on the FX thread, and
 * kept so that a row stays the same object.
 *
 * <p>States are the words the traced table uses at a run's last event: an outgoing session is
 * "open" with its files "preserved" ("serialized" / "frozen" once LUO serialized them); an
 * incoming one is "incoming", "retrieved" or "finished", its files "incoming" or "retrieved", a
 * cached retrieve error in the error column. What the kernel no longer holds — closed sessions,
 * sessions of earlier boots — is not listed.
 *
 * <p>A run that ends in a new kernel before its first open of /dev/liveupdate has nothing in
 * {@code luo().sessions()}: LUO deserializes lazily, in that first luo_open(). Its rows are then
 * what the kernel was handed, read from the handover bytes ({@link HandedOverSessions}), each
 * session and file "handed over" ({@link #handedOver()}).
 */
public final class FinalSessions {
    private final int boot;
    private final boolean panicked;
    private final boolean hung;
    /** Null unless the rows were read from handover bytes the kernel has not deserialized yet. */
    private final HandedOverSessions.Read handedOver;
    /** What the last kernel's first open deserialized ({@link luolab.engine.luo.LuoSessions#deserializedSessions}). */
    private long deserializedSessions;
    private long deserializedFiles;
    private final String[] names;
    private final boolean[] incoming;
    private final String[] states;
    private final String[] errors;
    /** Session {@code i}'s files are [firstFile[i], firstFile[i + 1]) of the file columns. */
    private final int[] firstFile;
    private final long[] tokens;
    /** Index into {@link #compatibles}. */
    private final int[] handlers;
    /** luo_file.retrieve_status: 0 = not tried, 1 = retrieved, negative = cached error. */
    private final int[] status;
    private final String[] compatibles;
    /** Rows made so far (FX thread). */
    private final Row[] rows;
    private int sessionRowsMade;
    private long fileRowsMade;
    private final List<SessionTable.Session> rowList = new Rows();

    private FinalSessions(int boot, boolean panicked, boolean hung, SessionColumns c, HandedOverSessions.Read handedOver) {
        this.boot = boot;
        this.panicked = panicked;
        this.hung = hung;
        this.handedOver = handedOver;
        this.names = Arrays.copyOf(c.names, c.sessions);
        this.incoming = Arrays.copyOf(c.incoming, c.sessions);
        this.states = Arrays.copyOf(c.states, c.sessions);
        this.errors = Arrays.copyOf(c.errors, c.sessions);
        this.firstFile = Arrays.copyOf(c.firstFile, c.sessions + 1);
        this.tokens = Arrays.copyOf(c.tokens, c.files);
        this.handlers = Arrays.copyOf(c.handlers, c.files);
        this.status = Arrays.copyOf(c.status, c.files);
        this.compatibles = c.compatibles.keySet().toArray(new String[0]);
        c.compatibles.forEach((k, v) -> compatibles[v] = k);
        this.rows = new Row[c.sessions];
    }

    /**
     * The sessions of {@code m}'s current kernel (or, before its first open of /dev/liveupdate,
     * those it was handed: {@link HandedOverSessions}): incoming first (the first open of
     * /dev/liveupdate deserializes them before any session can be created), then outgoing, each
     * in list order. Call it on the thread that ran the machine, once the run is over.
     */
    public static FinalSessions of(Machine m) {
        Kernel k = m.kernel();
        Luo luo = k == null ? null : k.luo();
        SessionColumns c = new SessionColumns();
        if (HandedOverSessions.pending(m)) {
            // no open of /dev/liveupdate yet: LUO has not deserialized what it was handed (it does so
            // lazily, in the first luo_open()), so the sessions are read from the handover bytes
            HandedOverSessions.Read read = HandedOverSessions.read(m, c);
            return new FinalSessions(m.boots(), false, false, c, read);
        }
        FinalSessions f;
        if (luo != null) {
            boolean serialized = luo.serialized();
            for (LuoSession s : luo.sessions().incoming()) {
                String state = s.finished() ? "finished" : s.retrieved() ? "retrieved" : "incoming";
                String error = s.deserializeError() == 0 ? "" : "deserialize: " + Errno.pe(-Math.abs(s.deserializeError()));
                add(c, s, state, error);
            }
            for (LuoSession s : luo.sessions().outgoing()) {
                add(c, s, serialized ? "serialized" : "open", "");
            }
        }
        f = new FinalSessions(m.boots(), k != null && k.panicked(), k != null && k.hung(), c, null);
        if (luo != null) {
            f.deserializedSessions = luo.sessions().deserializedSessions();
            f.deserializedFiles = luo.sessions().deserializedFiles();
        }
        return f;
    }

    private static void add(SessionColumns c, LuoSession s, String state, String error) {
        c.session(s.name(), s.incoming(), state, error);
        List<LuoFile> fs = s.fileSet().files();
        c.reserveFiles(fs.size());
        for (LuoFile f : fs) {
            c.file(f.token(), f.handler().compatible(), f.retrieveStatus());
        }
    }

    /**
     * Whether the rows are what the last kernel was handed and has not deserialized yet (the run
     * ended before its first open of /dev/liveupdate), read from the handover bytes.
     */
    public boolean handedOver() {
        return handedOver != null;
    }

    /**
     * The head of the session block set the last kernel restored at early boot and still holds as
     * its incoming set (where the handed-over rows were read from), or 0 unless {@link #handedOver()}.
     */
    public long handedOverSessionsPa() {
        return handedOver == null ? 0 : handedOver.sessionsPa();
    }

    /**
     * {@code hs}, every KHO FDT in the final memory of the run these sessions were read from, as the
     * chain, FDT and radix views show them: when the rows were {@link #handedOver()}, the incoming
     * handover's chains start at the session block set the kernel restored
     * ({@link #handedOverSessionsPa()}), not at luo_ser, which v7's early boot gave back. Reads
     * {@code mem}; call it on the thread that owns it.
     */
    public java.util.List<Handover> handovers(java.util.List<Handover> hs, PhysicalMemory mem, Abi abi) {
        return handedOver == null ? hs : HandedOverSessions.chains(hs, mem, abi, handedOver.sessionsPa());
    }

    /**
     * How many sessions the last kernel's first open of /dev/liveupdate deserialized from what the
     * previous kernel handed over (0 if it made none, or was handed none): still known when every
     * one of them was retrieved, finished and closed by the end of the run.
     */
    public long deserializedSessions() {
        return deserializedSessions;
    }

    /** How many files those sessions held when they were deserialized. */
    public long deserializedFiles() {
        return deserializedFiles;
    }

    /** How many of the sessions in the rows came from the previous kernel. */
    public int incomingCount() {
        int n = 0;
        for (boolean b : incoming) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The boot that handed the sessions over (the previous one), when {@link #handedOver()}. */
    public int handedOverBy() {
        return boot - 1;
    }

    /**
     * Why the handover bytes could not all be read (a damaged FDT, luo_ser or chain; the first
     * problem met), or null: the rows are then what could be read.
     */
    public String handoverProblem() {
        return handedOver == null ? null : handedOver.problem();
    }

    /** The boot whose kernel holds these sessions (the traced table's "boot" column). */
    public int boot() {
        return boot;
    }

    /** The last kernel panicked. */
    public boolean panicked() {
        return panicked;
    }

    /** The last kernel hangs (silently; the lab stopped it): not a panic, but nothing runs after it either. */
    public boolean hung() {
        return hung;
    }

    /** The last kernel panicked or hangs: no further step runs on it. */
    public boolean dead() {
        return panicked || hung;
    }

    /** "panicked", "hung", or null while the last kernel runs: for texts. */
    public String deathWord() {
        return panicked ? "panicked" : hung ? "hung" : null;
    }

    public int sessionCount() {
        return names.length;
    }

    public int fileCount() {
        return tokens.length;
    }

    /** The position of the session {@code name} (incoming or outgoing), or -1; makes no row. */
    public int indexOf(String name, boolean incoming) {
        for (int i = 0; i < names.length; i++) {
            if (this.incoming[i] == incoming && names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Session {@code i}'s name; makes no row. */
    public String name(int i) {
        return names[i];
    }

    /** Whether session {@code i} came from the previous kernel; makes no row. */
    public boolean incoming(int i) {
        return incoming[i];
    }

    /** How many files session {@code i} holds; makes no row. */
    public int fileCount(int i) {
        return firstFile[i + 1] - firstFile[i];
    }

    /** The token of session {@code i}'s file {@code k} (in order); makes no row. */
    public long token(int i, int k) {
        return tokens[firstFile[i] + Objects.checkIndex(k, fileCount(i))];
    }

    /** How many session rows the table has asked for so far (they are made one by one as it reads them). */
    public int sessionRowsMade() {
        return sessionRowsMade;
    }

    /** How many file rows the files table has asked for so far, over all sessions. */
    public long fileRowsMade() {
        return fileRowsMade;
    }

    /** The table's rows, one per session, made as they are read. FX thread. */
    public List<SessionTable.Session> rows() {
        return rowList;
    }

    private final class Rows extends AbstractList<SessionTable.Session> implements RandomAccess {
        @Override
        public SessionTable.Session get(int i) {
            Row r = rows[i];
            if (r == null) {
                r = new Row(FinalSessions.this, i);
                sessionRowsMade++;
                rows[i] = r;
            }
            return r;
        }

        @Override
        public int size() {
            return rows.length;
        }
    }

    /** A session of the final state; its files are made when the files table shows them. */
    static final class Row extends SessionTable.Session {
        private final FinalSessions of;
        private final int index;
        private SessionTable.File[] made;

        private Row(FinalSessions of, int index) {
            super(of.boot, of.names[index], of.incoming[index]);
            this.of = of;
            this.index = index;
            this.state = of.states[index];
            this.error = of.errors[index];
        }

        @Override
        public long liveFiles() {
            return of.firstFile[index + 1] - of.firstFile[index];
        }

        /** A view: each file's row is made when the table first reads it. */
        @Override
        public List<SessionTable.File> fileRows() {
            return new Files();
        }

        private final class Files extends AbstractList<SessionTable.File> implements RandomAccess {
            @Override
            public SessionTable.File get(int i) {
                Objects.checkIndex(i, size());
                if (made == null) {
                    made = new SessionTable.File[size()];
                }
                SessionTable.File f = made[i];
                if (f == null) {
                    f = file(of.firstFile[index] + i);
                    of.fileRowsMade++;
                    made[i] = f;
                }
                return f;
            }

            @Override
            public int size() {
                return (int) liveFiles();
            }
        }

        private SessionTable.File file(int at) {
            SessionTable.File f = new SessionTable.File(of.tokens[at], of.compatibles[of.handlers[at]]);
            int st = of.status[at];
            if (of.handedOver != null) {
                f.state = HandedOverSessions.STATE;
            } else if (!incoming) {
                f.state = of.states[index].equals("serialized") ? "frozen" : "preserved";
            } else {
                f.state = st == 1 ? "retrieved" : "incoming";
                f.error = st < 0 ? "retrieve: " + Errno.pe(-Math.abs(st)) : "";
            }
            return f;
        }
    }
}

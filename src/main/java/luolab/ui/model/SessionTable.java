package luolab.ui.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.trace.TraceEvent;

/**
 * Sessions and their files as the kernels reported them (SessionEvent / FileEvent) up to a
 * position. Rows are per boot: boot 1's "vm-0" and the incoming "vm-0" of boot 2 are two rows.
 * Moving forward applies only the new events; moving back replays from the start.
 */
public final class SessionTable {
    /**
     * A row of the sessions table. Rows replayed from events keep their files in {@link #files};
     * a final-state row of a run made with the trace off ({@link FinalSessions}) leaves that map
     * empty and hands out its files through {@link #fileRows()}.
     */
    public static class Session {
        public final int boot;
        public final String name;
        public final boolean incoming;
        public String state;
        public String error = "";
        public final Map<Long, File> files = new LinkedHashMap<>();

        Session(int boot, String name, boolean incoming) {
            this.boot = boot;
            this.name = name;
            this.incoming = incoming;
        }

        public long liveFiles() {
            return files.values().stream().filter(f -> !f.state.equals("unpreserved")).count();
        }

        /** The rows of the files table when this session is picked, in order. */
        public List<File> fileRows() {
            return List.copyOf(files.values());
        }
    }

    public static final class File {
        public final long token;
        public final String compatible;
        public String state;
        public String error = "";

        File(long token, String compatible) {
            this.token = token;
            this.compatible = compatible;
        }
    }

    private final List<TraceEvent> events;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private int position;
    private int boot = 1;

    public SessionTable(List<TraceEvent> events) {
        this.events = events;
    }

    public List<Session> sessions() {
        return new ArrayList<>(sessions.values());
    }

    /** Brings the table to {@code target}; returns true if anything changed. */
    public boolean moveTo(int target) {
        if (target == position) {
            return false;
        }
        if (target < position) {
            sessions.clear();
            position = 0;
            boot = 1;
        }
        boolean changed = false;
        for (; position < target; position++) {
            changed |= apply(events.get(position));
        }
        return changed || target == 0;
    }

    private boolean apply(TraceEvent e) {
        if (e instanceof TraceEvent.Kexec k) {
            boot = k.nextBoot();
            return false;
        }
        if (e instanceof TraceEvent.SessionEvent s) {
            String key = boot + "/" + s.session();
            Session row = sessions.get(key);
            if (row == null) {
                row = new Session(boot, s.session(), s.incoming());
                sessions.put(key, row);
            }
            if (s.err() != 0) {
                row.error = s.op().name().toLowerCase() + ": " + Errno.pe(-Math.abs(s.err()));
                if (row.state == null) {
                    row.state = "failed";
                }
            } else {
                row.state = switch (s.op()) {
                    case CREATE -> "open";
                    case REMOVE -> "closed";
                    case SERIALIZE -> "serialized";
                    case DESERIALIZE -> "incoming";
                    case RETRIEVE -> "retrieved";
                    case FINISH -> "finished";
                };
            }
            return true;
        }
        if (e instanceof TraceEvent.FileEvent f) {
            String key = boot + "/" + f.session();
            Session row = sessions.computeIfAbsent(key, k -> new Session(boot, f.session(), boot > 1));
            if (row.state == null) {
                row.state = "incoming";
            }
            File file = row.files.computeIfAbsent(f.token(), t -> new File(t, f.compatible()));
            if (f.err() != 0) {
                file.error = f.op().name().toLowerCase() + ": " + Errno.pe(-Math.abs(f.err()));
                if (file.state == null) {
                    file.state = "failed";
                }
            } else {
                file.state = switch (f.op()) {
                    case PRESERVE -> "preserved";
                    case UNPRESERVE -> "unpreserved";
                    case FREEZE -> "frozen";
                    case UNFREEZE -> "unfrozen";
                    case DESERIALIZE -> "incoming";
                    case RETRIEVE -> "retrieved";
                    case FINISH -> "finished";
                };
            }
            return true;
        }
        return false;
    }
}

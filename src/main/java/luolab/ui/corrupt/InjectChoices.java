package luolab.ui.corrupt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.corrupt.Stage;
import luolab.engine.handover.Handover;
import luolab.ui.model.FinalSessions;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.SessionTable;

/**
 * Names and tokens the Inject dialog offers (the user can still type others): what exists where
 * the injection would go. A traced run has them from its session and file events up to the
 * position shown. A run made with the trace off has no such events; its injection goes after the
 * last step ({@link Placement#atEnd}), so it is offered the sessions of its final state
 * ({@link FinalSessions}) that an injection reads there.
 */
record InjectChoices(List<String> sessions, List<Long> tokens, int maxBlocks) {
    /** A trace-off run may hold a million files: offering more tokens than this helps nobody. */
    static final int MAX_TOKENS = 256;

    static InjectChoices of(CorruptionSession s) {
        LoadedRun r = s.model().runProperty().get();
        Set<String> names = new LinkedHashSet<>();
        Set<Long> tokens = new LinkedHashSet<>();
        if (r != null && r.traced()) {
            SessionTable t = new SessionTable(r.events());
            t.moveTo(s.model().target());
            for (SessionTable.Session x : t.sessions()) {
                names.add(x.name);
                tokens.addAll(x.files.keySet());
            }
        } else if (r != null) {
            atTheEnd(r.finalSessions(), s.placement(), names, tokens);
        }
        int blocks = 4;
        var f = s.model().frame();
        if (f != null && f.handovers() != null) {
            for (Handover h : f.handovers()) {
                if (h.sessions() != null) {
                    blocks = Math.max(blocks, h.sessions().blocks().size());
                    for (Handover.SessionEntry e : h.entries()) {
                        blocks = Math.max(blocks, e.files().blocks().size());
                    }
                }
            }
        }
        return new InjectChoices(List.copyOf(names), List.copyOf(tokens), blocks);
    }

    /**
     * The sessions of a trace-off run's final state that an injection after its last step can
     * target: while a kernel runs (LIVE) the sessions it will hand over, its outgoing ones (the
     * incoming ones it retrieved are not in any handover any more); in a new kernel before its
     * first open (INCOMING) the incoming ones, which LUO has not deserialized yet: the final state
     * reads them from the handover bytes ({@link FinalSessions#handedOver()}). A kernel that panicked or hangs runs no further step: none.
     * Read from the snapshot's columns, so no table row is made for them.
     */
    static void atTheEnd(FinalSessions fin, Placement pl, Set<String> names, Set<Long> tokens) {
        for (int i = 0; fin != null && i < fin.sessionCount(); i++) {
            if (!reachableAtEnd(fin, pl, fin.incoming(i))) {
                continue;
            }
            names.add(fin.name(i));
            for (int k = 0; k < fin.fileCount(i) && tokens.size() < MAX_TOKENS; k++) {
                tokens.add(fin.token(i, k));
            }
        }
    }

    /**
     * Whether an injection after the last step of a trace-off run ({@link Placement#atEnd}) can
     * target a session of its final state that is {@code incoming} or outgoing: the rule of
     * {@link #atTheEnd}, for the right-click menus of the session and file tables too.
     */
    static boolean reachableAtEnd(FinalSessions fin, Placement pl, boolean incoming) {
        if (fin == null || pl == null || pl.stage() == null || pl.inHandover() || fin.dead()) {
            return false;
        }
        return incoming == (pl.stage() == Stage.INCOMING);
    }

    /**
     * Why the session {@code s} of the table cannot be targeted where an injection goes, or null
     * when it can. Only a trace-off run restricts it: a traced run's table shows the sessions at
     * the position shown, which is where the injection goes.
     */
    static String unreachable(CorruptionSession cs, SessionTable.Session s) {
        LoadedRun r = cs.model().runProperty().get();
        if (r == null || r.traced()) {
            return null;
        }
        Placement pl = cs.placement();
        if (reachableAtEnd(r.finalSessions(), pl, s.incoming)) {
            return null;
        }
        if (pl != null && pl.dead()) {
            return pl.hung() ? "the last kernel hung: nothing runs after a hang" : "the last kernel panicked: nothing runs after a panic";
        }
        boolean wantIncoming = pl != null && pl.stage() == Stage.INCOMING;
        return "out of reach after the last step: an injection there reads the " + (wantIncoming ? "incoming" : "outgoing")
                + " sessions (trace off: final state only)";
    }
}

package luolab.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import luolab.engine.abi.Abi;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;

/**
 * Inspect's sessions: the session chain luo_ser's sessions_pa heads (v7, series v2) or the
 * pre-series fixed session array, and every luo_session_ser the engine's reader listed in it
 * ({@link luolab.engine.handover.ReadPurpose#TARGETS}: each block's count clamped to its
 * capacity), each followed by its files ({@link FilesSection}).
 */
final class SessionsSection {
    private final Inspection in;
    private final BlockChainNotes chains;
    private final FilesSection files;

    SessionsSection(Inspection in) {
        this.in = in;
        this.chains = new BlockChainNotes(in);
        this.files = new FilesSection(in, chains);
    }

    /** The session chain the reader walked from luo_ser's sessions_pa. */
    void chain(Handover handover) {
        Handover.Chain chain = handover.sessions();
        in.out.println();
        long head = chain.headPa();
        if (head == 0) {
            in.out.println("Sessions: none (sessions_pa = 0)");
            return;
        }
        ChainLayout layout = chain.layout();
        List<String> notes = chains.notes("session chain", chain);
        List<Handover.Block> blocks = chain.blocks();
        long total = 0;
        for (int i = 0; i < blocks.size(); i++) {
            total += blocks.get(i).entries();
            in.label(blocks.get(i).pa(), "session block " + i);
        }
        in.out.println("Sessions: " + total + " in a chain of " + blocks.size() + " block" + (blocks.size() == 1 ? "" : "s") + " from "
                + Inspection.hex(head) + " (" + layout.slots() + " entries of " + layout.entrySize() + " bytes per block)");
        chains.print("  ", chain, notes);
        entries(handover);
    }

    /**
     * Pre-series: one 16-page array, a u64 count then 80-byte entries (at most 819), as the engine's
     * reader found it (null: luo-session has no 8-byte luo-session-header, so PA 0).
     */
    void array(Handover handover) {
        Handover.Chain array = handover.sessions();
        in.out.println();
        int max = in.abi.preSessionMax();
        long pa = array == null ? 0 : array.headPa();
        if (array == null || array.blocks().isEmpty()) {
            in.warn("session array " + Inspection.hex(pa) + " is outside RAM");
            return;
        }
        in.label(pa, "session array (" + Abi.PRE_SESSION_PGCNT + " pages)");
        Handover.Block b = array.blocks().get(0);
        in.out.println("Sessions: " + Long.toUnsignedString(b.count()) + " in the contiguous array @ " + Inspection.hex(pa) + " ("
                + Abi.PRE_SESSION_PGCNT + " pages, at most " + max + ")");
        if (b.problem() != null) {
            // the hardened luo_session.c: "Invalid session count: %llu"
            in.warn("session array count " + Long.toUnsignedString(b.count()) + " exceeds " + max);
        }
        if (!in.preserved.contains(pa)) {
            in.warn("session array " + Inspection.hex(pa) + " is not preserved");
        }
        entries(handover);
    }

    private void entries(Handover handover) {
        Set<String> names = new HashSet<>();
        int shown = 0;
        for (Handover.SessionEntry s : handover.entries()) {
            entry(s, names, shown++);
        }
    }

    /** One luo_session_ser {name[64], file_set_ser {files, count}} and the files the reader found from it. */
    private void entry(Handover.SessionEntry s, Set<String> names, int shown) {
        String name = s.name();
        long filesPa = s.filesPa();
        long count = s.fileCount();
        boolean array = s.files().layout().array();
        if (!names.add(name)) {
            // luo_session_deserialize inserts each session by name: the second one fails (-EEXIST)
            in.warn("duplicate session name \"" + name + "\": the second one fails to insert (-EEXIST)");
        }
        boolean show = in.all || shown < Inspection.SHOW;
        if (show) {
            in.out.println("  session \"" + name + "\"  (entry @ " + Inspection.hex(s.pa()) + "): " + Long.toUnsignedString(count) + " file"
                    + (count == 1 ? "" : "s") + (filesPa == 0 ? "" : (array ? ", file array @ " : ", file chain @ ") + Inspection.hex(filesPa)));
        } else if (shown == Inspection.SHOW) {
            in.out.println("  … more sessions (use --all)");
        }
        if (filesPa != 0) {
            files.of(name, s.files(), count, show);
        }
    }
}

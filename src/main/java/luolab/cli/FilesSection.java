package luolab.cli;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.handover.Handover;
import luolab.engine.handover.LuoFileSer;

/**
 * Inspect's files of one session: its file chain (v7, series v2) or pre-series file array, as
 * the engine's reader walked it, and the luo_file_ser entries the reader read from it
 * ({@link LuoFileSer}); a memfd's preserved state is {@link MemfdSection}'s.
 */
final class FilesSection {
    private final Inspection in;
    private final BlockChainNotes chains;
    private final MemfdSection memfd;

    FilesSection(Inspection in, BlockChainNotes chains) {
        this.in = in;
        this.chains = chains;
        this.memfd = new MemfdSection(in);
    }

    /** The files of session {@code session} (file_set_ser.count {@code count}); printed when {@code show}. */
    void of(String session, Handover.Chain store, long count, boolean show) {
        if (store.layout().array()) {
            if (!array(session, store, count, show)) {
                return;
            }
        } else {
            chain(session, store, show);
        }
        entries(session, store, count, show);
    }

    /** Pre-series: a session's files are one 2-page array of 64-byte entries, no header (at most 128); false if outside RAM. */
    private boolean array(String session, Handover.Chain array, long count, boolean show) {
        int max = in.abi.preFileMax();
        long pa = array.headPa();
        if (array.blocks().isEmpty()) {
            in.warn("files of \"" + session + "\": array " + Inspection.hex(pa) + " is outside RAM");
            return false;
        }
        in.label(pa, "file array of \"" + session + "\"");
        if (!in.preserved.contains(pa)) {
            in.warn("files of \"" + session + "\": array " + Inspection.hex(pa) + " is not preserved");
        }
        if (array.problem() != null) {
            in.warn("files of \"" + session + "\": count " + Long.toUnsignedString(count) + " exceeds " + max);
        }
        if (show) {
            in.out.println("    file array @ " + Inspection.hex(pa) + " (" + Abi.PRE_FILE_PGCNT + " pages, at most " + max + ")");
        }
        return true;
    }

    /** A session's file chain: its blocks, labelled and (when shown) printed. */
    private void chain(String session, Handover.Chain chain, boolean show) {
        List<String> notes = chains.notes("files of \"" + session + "\"", chain);
        if (show) {
            chains.print("    ", chain, notes);
        }
        for (int i = 0; i < chain.blocks().size(); i++) {
            in.label(chain.blocks().get(i).pa(), "file block " + i + " of \"" + session + "\"");
        }
    }

    /**
     * The luo_file_ser entries of a file chain or array. A chain whose entries do not add up to
     * file_set_ser.count fails restore ("File count mismatch"); an array's count is the session's own.
     */
    private void entries(String session, Handover.Chain store, long count, boolean show) {
        LuoFileSer.Entries read = LuoFileSer.read(in.mem, store);
        long found = 0;
        for (LuoFileSer f : read.entries()) {
            entry(session, f, show, found++);
        }
        if (read.problem() != null) {
            in.warn("files of \"" + session + "\": " + read.problem() + ": the next kernel would fault");
        }
        if (!store.layout().array() && found != count) {
            in.warn("session \"" + session + "\": file_set_ser.count " + Long.toUnsignedString(count) + " but " + found
                    + " entries found (\"File count mismatch\": the session's files are lost, -EIO)");
        }
    }

    /** One luo_file_ser {compatible[48], data, token}; the {@code index}-th of its session. */
    private void entry(String session, LuoFileSer f, boolean show, long index) {
        String detail = f.compatible().startsWith("memfd") ? memfd.describe(session, f.token(), f.data()) : "";
        if (show && (in.all || index < Inspection.SHOW_ENTRIES)) {
            in.out.println("      token " + Inspection.hex(f.token()) + "  \"" + f.compatible() + "\"  data " + Inspection.hex(f.data())
                    + (detail.isEmpty() ? "" : "  " + detail));
        } else if (show && index == Inspection.SHOW_ENTRIES) {
            in.out.println("      … more files (use --all)");
        }
    }
}

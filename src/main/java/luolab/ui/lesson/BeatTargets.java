package luolab.ui.lesson;

import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.PhysicalMemory;
import luolab.export.HandoverStructs;
import luolab.export.Placement;
import luolab.lesson.Highlight;
import luolab.lesson.LessonLoader;

/**
 * A beat's highlight resolved against memory at the beat's position (done once, when the lesson's
 * run is prepared): the struct (and field) to select, the head of the chain to show, the session
 * and file entries. Anything not in memory at that point stays null; the panel still names it.
 */
record BeatTargets(StructLayout layout, long structPa, StructLayout.Field field, String chainSet, long chainPa,
        long sessionEntryPa, long fileEntryPa) {
    static final BeatTargets NONE = new BeatTargets(null, -1, null, null, -1, -1, -1);

    static BeatTargets resolve(Highlight h, PhysicalMemory mem, Abi abi) {
        if (h == null || h.isEmpty() || (h.struct() == null && h.chain() == null && h.session() == null)) {
            return NONE;
        }
        HandoverStructs.Result found = HandoverStructs.walk(mem, abi);
        List<Placement> ps = found.placements();
        long sessionEntry = h.session() == null ? -1 : sessionEntry(mem, ps, h.session());
        String fileSession = h.session() != null ? h.session() : h.chainSession();
        long fileEntry = h.token() == null ? -1 : fileEntry(mem, ps, fileSession, h.token());
        String chainSet = null;
        long chainPa = -1;
        List<Placement> chainBlocks = List.of();
        if (h.chain() != null) {
            String prefix = h.chain().equals("sessions") ? "session_block_" : "files_" + ident(h.chainSession()) + "_block_";
            chainBlocks = ps.stream().filter(p -> p.name().startsWith(prefix) && p.type().equals("kho_block_header_ser")).toList();
            chainSet = h.chain().equals("sessions") ? "sessions" : "files of " + h.chainSession();
            chainPa = chainBlocks.isEmpty() ? -1 : chainBlocks.get(0).pa();
        }
        StructLayout layout = null;
        long pa = -1;
        StructLayout.Field field = null;
        if (h.struct() != null) {
            layout = LessonLoader.STRUCTS.get(h.struct());
            field = h.field() == null ? null : layout.field(h.field());
            pa = structPa(mem, ps, found, h, layout, chainBlocks, sessionEntry, fileEntry);
        }
        return new BeatTargets(layout, pa, field, chainSet, chainPa, sessionEntry, fileEntry);
    }

    private static long structPa(PhysicalMemory mem, List<Placement> ps, HandoverStructs.Result found, Highlight h, StructLayout l,
            List<Placement> chainBlocks, long sessionEntry, long fileEntry) {
        String name = l.name();
        if (name.equals("fdt")) {
            return found.fdtPa();
        }
        if (name.equals("kho_block_header_ser")) {
            List<Placement> blocks = chainBlocks.isEmpty()
                    ? ps.stream().filter(p -> p.type().equals(name)).toList() : chainBlocks;
            if (blocks.isEmpty()) {
                return -1;
            }
            boolean cyclic = found.notes().stream().anyMatch(n -> n.contains("points back"));
            // a loop: the block whose next closes it; a chain: the first link
            return cyclic ? blocks.get(blocks.size() - 1).pa() : blocks.get(0).pa();
        }
        if (name.equals("luo_session_ser") && sessionEntry >= 0) {
            return sessionEntry;
        }
        if (name.equals("luo_file_ser") && fileEntry >= 0) {
            return fileEntry;
        }
        if (name.equals("luo_file_ser") && h.session() != null) {
            return ps.stream().filter(p -> p.type().equals(name) && p.name().startsWith("files_" + ident(h.session()) + "_"))
                    .mapToLong(Placement::pa).findFirst().orElse(-1);
        }
        if (name.equals("memfd_luo_ser") && h.session() != null) {
            String pre = "memfd_" + ident(h.session()) + "_" + (h.token() == null ? "" : Long.toHexString(h.token()));
            return ps.stream().filter(p -> p.type().equals(name) && p.name().startsWith(pre)).mapToLong(Placement::pa).findFirst().orElse(-1);
        }
        return ps.stream().filter(p -> p.type().equals(name)).mapToLong(Placement::pa).findFirst().orElse(-1);
    }

    private static long sessionEntry(PhysicalMemory mem, List<Placement> ps, String session) {
        for (Placement p : ps) {
            if (p.type().equals("luo_session_ser")) {
                for (int i = 0; i < p.count(); i++) {
                    long e = p.pa() + (long) i * Layouts.SESSION_SER.size();
                    if (mem.cstring(e, 64).equals(session)) {
                        return e;
                    }
                }
            }
        }
        return -1;
    }

    private static long fileEntry(PhysicalMemory mem, List<Placement> ps, String session, long token) {
        if (session == null) {
            return -1;
        }
        String prefix = "files_" + ident(session) + "_";
        for (Placement p : ps) {
            if (p.type().equals("luo_file_ser") && p.name().startsWith(prefix)) {
                for (int i = 0; i < p.count(); i++) {
                    long e = p.pa() + (long) i * Layouts.FILE_SER.size();
                    if (mem.u64(e + Layouts.FILE_SER.offset("token")) == token) {
                        return e;
                    }
                }
            }
        }
        return -1;
    }

    private static String ident(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.length() > 48 ? b.substring(0, 48) : b.toString();
    }
}

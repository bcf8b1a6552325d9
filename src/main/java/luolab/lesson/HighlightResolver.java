package luolab.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.TraceEvent;
import luolab.export.HandoverStructs;
import luolab.export.Placement;

/**
 * Finds what a beat's highlight names in memory at the beat's position. Chains come from the
 * BlockLinked events so far (a block set exists, linked, before luo_ser points at it at
 * serialization); structs from the handover walk (KHO FDT → luo_ser → …), else from the first
 * page that holds that kind of struct; session and file entries from the serialized blocks.
 */
public final class HighlightResolver {
    private HighlightResolver() {
    }

    /** What was found; -1 / empty where nothing is in memory at that point. */
    public record Resolved(StructLayout layout, long structPa, StructLayout.Field field, String chainSet, List<Long> chain,
            long sessionEntryPa, long fileEntryPa) {
        public static final Resolved NONE = new Resolved(null, -1, null, null, List.of(), -1, -1);
    }

    private static final Map<String, OwnerKind> PAGE_OF = Map.of(
            "luo_ser", OwnerKind.LUO_SER, "memfd_luo_ser", OwnerKind.MEMFD_SER, "luo_flb_header_ser", OwnerKind.FLB,
            "luo_flb_ser", OwnerKind.FLB, "kho_vmalloc_chunk", OwnerKind.VMALLOC_CHUNK, "kho_kexec_metadata", OwnerKind.KEXEC_METADATA,
            "kho_radix_node", OwnerKind.KHO_RADIX, "kho_radix_leaf", OwnerKind.KHO_RADIX, "fdt", OwnerKind.KHO_FDT,
            "luo_session_header_ser", OwnerKind.SESSION_BLOCK);

    /** The trace's name of a lesson chain: "sessions" or "files of 'NAME'". */
    public static String setName(String chain) {
        return chain.equals("sessions") ? "sessions" : "files of '" + chain.substring("files:".length()) + "'";
    }

    /** Blocks of a set, in chain order, as linked by the events before {@code position}. */
    public static List<Long> chain(List<TraceEvent> ev, int position, String set) {
        Map<Integer, Long> byIndex = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(position, ev.size()); i++) {
            if (ev.get(i) instanceof TraceEvent.BlockLinked b && b.set().equals(set)) {
                if (b.linked()) {
                    byIndex.put(b.index(), b.pa());
                } else {
                    byIndex.remove(b.index());
                }
            }
        }
        List<Long> out = new ArrayList<>();
        byIndex.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(e.getValue()));
        return out;
    }

    public static Resolved resolve(Highlight h, PhysicalMemory mem, List<TraceEvent> ev, int position, Abi abi) {
        if (h == null || (h.struct() == null && h.chain() == null && h.session() == null)) {
            return Resolved.NONE;
        }
        HandoverStructs.Result found = HandoverStructs.walk(mem, abi);
        List<Placement> ps = found.placements();
        long sessionEntry = h.session() == null ? -1 : sessionEntry(mem, ps, h.session());
        String fileSession = h.session() != null ? h.session() : h.chainSession();
        long fileEntry = h.token() == null || fileSession == null ? -1 : fileEntry(mem, ps, fileSession, h.token());
        String set = h.chain() == null ? null : setName(h.chain());
        List<Long> chain = set == null ? List.of() : chain(ev, position, set);
        StructLayout layout = null;
        long pa = -1;
        StructLayout.Field field = null;
        if (h.struct() != null) {
            layout = LessonLoader.STRUCTS.get(h.struct());
            field = h.field() == null ? null : layout.field(h.field());
            pa = structPa(mem, ps, found, h, chain, sessionEntry, fileEntry);
        }
        return new Resolved(layout, pa, field, set, chain, sessionEntry, fileEntry);
    }

    private static long structPa(PhysicalMemory mem, List<Placement> ps, HandoverStructs.Result found, Highlight h, List<Long> chain,
            long sessionEntry, long fileEntry) {
        String name = h.struct();
        if (name.equals("fdt") && found.fdtPa() > 0) {
            return found.fdtPa();
        }
        if (name.equals("kho_block_header_ser")) {
            List<Long> blocks = !chain.isEmpty() ? chain
                    : ps.stream().filter(p -> p.type().equals(name)).map(Placement::pa).toList();
            if (blocks.isEmpty()) {
                return -1;
            }
            long last = blocks.get(blocks.size() - 1);
            boolean loops = mem.contains(last, 8) && blocks.contains(mem.u64(last));
            // a loop: the block whose next closes it; else the first link
            return loops ? last : blocks.get(0);
        }
        if (name.equals("luo_session_ser")) {
            return sessionEntry >= 0 ? sessionEntry : first(ps, name, "");
        }
        if (name.equals("luo_file_ser")) {
            if (fileEntry >= 0) {
                return fileEntry;
            }
            return first(ps, name, h.session() == null ? "" : "files_" + HandoverStructs.identifier(h.session()) + "_");
        }
        if (name.equals("memfd_luo_ser") && h.session() != null) {
            long pa = first(ps, name, "memfd_" + HandoverStructs.identifier(h.session()) + "_"
                    + (h.token() == null ? "" : Long.toHexString(h.token())));
            if (pa >= 0) {
                return pa;
            }
        }
        long pa = first(ps, name, "");
        if (pa >= 0) {
            return pa;
        }
        OwnerKind k = PAGE_OF.get(name);
        if (k == null) {
            return -1;
        }
        for (long i = 0; i < mem.nrPages(); i++) {
            long pfn = mem.basePfn() + i;
            long m = mem.meta(pfn);
            PageState st = PageMeta.state(m);
            if (PageMeta.kind(m) == k && PageMeta.head(m) && st != PageState.FREE && st != PageState.POISONED) {
                return PhysicalMemory.pa(pfn) + (name.equals("luo_flb_ser") ? Layouts.FLB_HEADER.size() : 0);
            }
        }
        return -1;
    }

    private static long first(List<Placement> ps, String type, String prefix) {
        return ps.stream().filter(p -> p.type().equals(type) && p.name().startsWith(prefix)).mapToLong(Placement::pa).findFirst().orElse(-1);
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
        String prefix = "files_" + HandoverStructs.identifier(session) + "_";
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
}

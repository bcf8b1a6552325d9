package luolab.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;

/**
 * Writes an ImHex pattern ({@code .hexpat}) for an exported {@code memory.bin}: one struct per ABI
 * layout, generated from {@link Layouts} (so sizes and offsets are the simulator's own), then the
 * instances of a run placed with {@code @} at PA − ram_base, each with a comment saying what it is.
 */
public final class HexpatWriter {
    /** The layouts the pattern defines, in dependency-free order. */
    public static final List<StructLayout> STRUCTS = List.of(
            Layouts.LUO_SER, Layouts.BLOCK_HEADER, Layouts.SESSION_SER, Layouts.FILE_SER, Layouts.FLB_HEADER,
            Layouts.FLB_SER, Layouts.MEMFD_FOLIO_SER, Layouts.MEMFD_SER, Layouts.VMALLOC_CHUNK, Layouts.KEXEC_METADATA,
            Layouts.RADIX_NODE, Layouts.SESSION_HEADER_V1);

    /** Kernel names of the nested structs that Layouts spells as "prefix.field". */
    private static final Map<String, String> NESTED = Map.of(
            "file_set_ser", "luo_file_set_ser",
            "folios", "kho_vmalloc",
            "hdr", "kho_vmalloc_hdr");

    private HexpatWriter() {
    }

    /** What the header says about where the placements come from. */
    public record Source(String scenario, String at, String abi) {
    }

    /** Only the type definitions (no placements). */
    public static String definitions() {
        StringBuilder sb = new StringBuilder();
        for (StructLayout l : STRUCTS) {
            define(sb, l);
        }
        return sb.toString();
    }

    public static String write(long ramBase, long ramSize, Source src, HandoverStructs.Result found) {
        StringBuilder sb = new StringBuilder();
        sb.append("// LUO Lab: ImHex pattern for memory.bin (open memory.bin in ImHex, then File > Import > Pattern File)\n");
        sb.append("// Structs generated from luolab.engine.abi.Layouts: the merged v7 ABI (\"luo-v5\", KHO \"kho-v4\").\n");
        sb.append("// Every *_ser struct is __packed, little-endian. Fields marked PA hold physical addresses.\n");
        sb.append(String.format("// memory.bin byte N is physical address ram_base + N; ram_base = 0x%x, RAM size 0x%x,%n", ramBase, ramSize));
        sb.append("// so each placement below is at PA - ram_base (the PA is in its comment).\n");
        if (src != null) {
            sb.append("// Run: ").append(src.scenario() == null ? "?" : src.scenario());
            sb.append(src.at() == null ? "" : ", " + src.at());
            sb.append(src.abi() == null ? "" : ", ABI " + src.abi()).append('\n');
        }
        sb.append('\n');
        sb.append("#pragma description \"LUO Lab handover structures (LUO / KHO)\"\n");
        sb.append("#pragma endian little\n");
        sb.append("#pragma array_limit 1048576\n");
        sb.append("#pragma pattern_limit 4194304\n\n");
        sb.append(definitions());
        sb.append("// ---- instances in this memory image ------------------------------------------------------\n\n");
        if (found == null || found.placements().isEmpty()) {
            sb.append("// (none: ").append(found == null || found.notes().isEmpty() ? "no handover in memory" : found.notes().get(0)).append(")\n");
            return sb.toString();
        }
        for (Placement p : found.placements()) {
            long off = p.pa() - ramBase;
            if (off < 0 || off >= ramSize) {
                sb.append(String.format("// %s at PA 0x%x is outside the image; not placed%n", p.name(), p.pa()));
                continue;
            }
            sb.append(String.format("// %s%n//   PA 0x%x%n", p.comment(), p.pa()));
            sb.append(p.type()).append(' ').append(p.name());
            if (p.array()) {
                sb.append('[').append(p.count()).append(']');
            }
            sb.append(String.format(" @ 0x%x;%n%n", off));
        }
        if (found.dropped() > 0) {
            sb.append("// ").append(found.dropped()).append(" more instances not placed (limit ")
                    .append(HandoverStructs.MAX_PLACEMENTS).append(")\n");
        }
        for (String n : found.notes()) {
            sb.append("// note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    // ---- type definitions ------------------------------------------------------------------------

    private static void define(StringBuilder sb, StructLayout l) {
        // nested groups ("file_set_ser.files", "file_set_ser.count") become their own struct first
        Map<String, List<StructLayout.Field>> groups = new LinkedHashMap<>();
        for (StructLayout.Field f : l.fields()) {
            int dot = f.name().indexOf('.');
            if (dot > 0) {
                groups.computeIfAbsent(f.name().substring(0, dot), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<StructLayout.Field>> g : groups.entrySet()) {
            String type = nestedType(l, g.getKey());
            int base = g.getValue().get(0).offset();
            int size = g.getValue().stream().mapToInt(StructLayout.Field::size).sum();
            sb.append("// ").append(size).append(" bytes (").append(l.name()).append('.').append(g.getKey()).append(")\n");
            sb.append("struct ").append(type).append(" {\n");
            for (StructLayout.Field f : g.getValue()) {
                field(sb, l, f.name().substring(g.getKey().length() + 1), f, f.offset() - base);
            }
            sb.append("};\n\n");
        }
        for (StructLayout.Field f : l.fields()) {
            if (f.name().contains(":")) {
                sb.append("// ").append(f.name()).append(": least significant bits first (GCC's little-endian layout)\n");
                sb.append("bitfield ").append(bitfieldType(l, f)).append(" {\n");
                for (String part : f.name().split(",")) {
                    String[] nb = part.split(":");
                    sb.append("    ").append(nb[0].trim()).append(" : ").append(nb[1].trim()).append(";\n");
                }
                sb.append("};\n\n");
            }
        }
        sb.append("// sizeof(struct ").append(l.name()).append(") = ").append(l.size()).append('\n');
        sb.append("struct ").append(l.name()).append(" {\n");
        String open = null;
        for (StructLayout.Field f : l.fields()) {
            int dot = f.name().indexOf('.');
            if (dot > 0) {
                String g = f.name().substring(0, dot);
                if (!g.equals(open)) {
                    open = g;
                    int size = groups.get(g).stream().mapToInt(StructLayout.Field::size).sum();
                    line(sb, nestedType(l, g) + " " + g + ";", f.offset(), size, null);
                }
                continue;
            }
            open = null;
            field(sb, l, f.name(), f, f.offset());
        }
        sb.append("};\n\n");
    }

    private static String nestedType(StructLayout l, String group) {
        return NESTED.getOrDefault(group, l.name() + "_" + group);
    }

    private static String bitfieldType(StructLayout l, StructLayout.Field f) {
        return l.name() + "_bits";
    }

    private static void field(StringBuilder sb, StructLayout l, String name, StructLayout.Field f, int off) {
        String decl;
        String note = null;
        if (name.contains(":")) {
            String n = String.join("_", java.util.Arrays.stream(name.split(",")).map(p -> p.split(":")[0].trim()).toList());
            decl = bitfieldType(l, f) + " " + n + ";";
        } else {
            decl = switch (f.type()) {
                case U8 -> "u8 " + name + ";";
                case U16 -> "u16 " + name + ";";
                case U32 -> "u32 " + name + ";";
                case U64 -> "u64 " + name + ";";
                case PA -> "u64 " + name + ";";
                case CHARS -> "char " + name + "[" + f.size() + "];";
                case BYTES, BITMAP -> f.size() % 8 == 0 ? "u64 " + name + "[" + f.size() / 8 + "];" : "u8 " + name + "[" + f.size() + "];";
            };
            if (f.type() == StructLayout.Type.PA) {
                note = "PA";
            } else if (f.type() == StructLayout.Type.BITMAP) {
                note = "bitmap";
            }
        }
        line(sb, decl, off, f.size(), note);
    }

    private static void line(StringBuilder sb, String decl, int off, int size, String note) {
        sb.append("    ").append(decl);
        int pad = Math.max(1, 36 - decl.length());
        sb.append(" ".repeat(pad)).append("// +").append(off).append(", ").append(size).append(" byte").append(size == 1 ? "" : "s");
        if (note != null) {
            sb.append(", ").append(note);
        }
        sb.append('\n');
    }
}

package luolab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.fdt.FdtReader;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.scenario.MemoryImage;
import luolab.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .hexpat is generated from Layouts: re-reading its struct definitions as ImHex would (sizes of
 * u8/u16/u32/u64/char arrays, nested structs, a 64-bit bitfield) must give back every Layouts size
 * and offset; and instances are placed at PA − ram_base of the run.
 */
class HexpatTest {
    static MachineExport.Prepared prepared;
    static String pattern;

    @BeforeAll
    static void run() throws Exception {
        prepared = MachineExport.prepare(new ScenarioLoader().load("selftest-luo-kexec-simple"), "kexec", Trace.Mode.OFF);
        pattern = MachineExport.hexpat(prepared);
    }

    /** Field name → (offset, size) of every struct in the pattern, flattened like Layouts ("file_set_ser.files"). */
    static Map<String, Map<String, int[]>> parse(String pat) {
        Map<String, List<String[]>> bodies = new HashMap<>();
        Map<String, Integer> bitfields = new HashMap<>();
        Matcher m = Pattern.compile("(struct|bitfield) (\\w+) \\{\\n(.*?)\\n\\};", Pattern.DOTALL).matcher(pat);
        while (m.find()) {
            List<String[]> fields = new ArrayList<>();
            int bits = 0;
            for (String line : m.group(3).split("\\n")) {
                String decl = line.replaceAll("//.*", "").trim();
                if (decl.isEmpty()) {
                    continue;
                }
                if (m.group(1).equals("bitfield")) {
                    bits += Integer.parseInt(decl.replaceAll(".*:\\s*(\\d+);", "$1"));
                } else {
                    Matcher d = Pattern.compile("(\\w+) (\\w+)(?:\\[(\\d+)])?;").matcher(decl);
                    assertTrue(d.matches(), decl);
                    fields.add(new String[] {d.group(1), d.group(2), d.group(3) == null ? "1" : d.group(3)});
                }
            }
            if (m.group(1).equals("bitfield")) {
                bitfields.put(m.group(2), bits / 8);
            } else {
                bodies.put(m.group(2), fields);
            }
        }
        Map<String, Map<String, int[]>> out = new HashMap<>();
        for (String s : bodies.keySet()) {
            out.put(s, flatten(s, bodies, bitfields));
        }
        return out;
    }

    static Map<String, int[]> flatten(String struct, Map<String, List<String[]>> bodies, Map<String, Integer> bitfields) {
        Map<String, int[]> out = new java.util.LinkedHashMap<>();
        int off = 0;
        for (String[] f : bodies.get(struct)) {
            int n = Integer.parseInt(f[2]);
            String type = f[0];
            int size;
            if (bodies.containsKey(type)) {
                Map<String, int[]> inner = flatten(type, bodies, bitfields);
                for (Map.Entry<String, int[]> e : inner.entrySet()) {
                    out.put(f[1] + "." + e.getKey(), new int[] {off + e.getValue()[0], e.getValue()[1]});
                }
                size = inner.values().stream().mapToInt(v -> v[0] + v[1]).max().orElse(0);
                off += size * n;
                continue;
            }
            size = switch (type) {
                case "u8", "char" -> 1;
                case "u16" -> 2;
                case "u32" -> 4;
                case "u64" -> 8;
                default -> bitfields.getOrDefault(type, -1);
            };
            assertTrue(size > 0, "unknown type " + type);
            out.put(f[1], new int[] {off, size * n});
            off += size * n;
        }
        return out;
    }

    @Test
    void everyStructHasTheSizesAndOffsetsOfLayouts() {
        Map<String, Map<String, int[]>> structs = parse(pattern);
        for (StructLayout l : HexpatWriter.STRUCTS) {
            Map<String, int[]> got = structs.get(l.name());
            assertNotNull(got, "no struct " + l.name() + " in the pattern");
            assertEquals(l.fields().size(), got.size(), l.name() + " fields " + got.keySet());
            int total = 0;
            for (StructLayout.Field f : l.fields()) {
                String key = f.name().contains(":") ? f.name().replaceAll(":\\d+", "").replace(',', '_') : f.name();
                int[] g = got.get(key);
                assertNotNull(g, l.name() + "." + f.name() + " missing; have " + got.keySet());
                assertEquals(f.offset(), g[0], l.name() + "." + f.name() + " offset");
                assertEquals(f.size(), g[1], l.name() + "." + f.name() + " size");
                total = Math.max(total, g[0] + g[1]);
            }
            assertEquals(l.size(), total, l.name() + " size");
            assertTrue(pattern.contains("// sizeof(struct " + l.name() + ") = " + l.size()), l.name());
        }
        for (String required : List.of("luo_ser", "kho_block_header_ser", "luo_session_ser", "luo_file_ser", "luo_flb_header_ser",
                "luo_flb_ser", "memfd_luo_ser", "memfd_luo_folio_ser", "kho_vmalloc_chunk")) {
            assertTrue(structs.containsKey(required), required);
        }
        assertEquals(32, Layouts.LUO_SER.size());
    }

    @Test
    void luoSerIsPlacedAtItsPhysicalAddressMinusRamBase() {
        PhysicalMemory mem = prepared.memory();
        long fdt = prepared.bootParams().khoFdtPa();
        var tree = FdtReader.parse(MemoryImage.fdtBlob(mem, fdt)).tree().orElseThrow();
        long luoSer = tree.root().child("LUO").orElseThrow().getU64LE("preserved-data").orElseThrow();
        assertEquals("luo-v5", mem.cstring(luoSer, 8));
        String line = String.format("luo_ser luo @ 0x%x;", luoSer - mem.base());
        assertTrue(pattern.contains(line), "expected " + line + " in\n" + pattern);
        assertTrue(pattern.contains(String.format("//   PA 0x%x%nluo_ser luo", luoSer)), "the PA is in the comment");
        assertTrue(pattern.contains(String.format("u8 kho_root_fdt[4096] @ 0x%x;", fdt - mem.base())), pattern);
        long sessions = mem.u64(luoSer + 16);
        assertTrue(pattern.contains(String.format("kho_block_header_ser session_block_0 @ 0x%x;", sessions - mem.base())), pattern);
        assertTrue(pattern.contains(String.format("luo_session_ser sessions_0[2] @ 0x%x;", sessions + 16 - mem.base())), pattern);
        assertTrue(pattern.contains("memfd_luo_ser memfd_test_session_1a @"), pattern);
        assertTrue(pattern.contains("memfd_luo_folio_ser memfd_test_session_1a_folios_0[1] @"), pattern);
        assertTrue(pattern.contains("#pragma endian little"));
    }

    @Test
    void aCyclicChainEndsTheWalkWithANote() throws Exception {
        var lesson = new luolab.lesson.LessonLoader().loadBuiltin("08-cyclic-chain-floyd");
        var p = MachineExport.prepare(lesson.scenario(), "3", Trace.Mode.OFF); // before the corrupt step: clean chain of 4
        var found = HandoverStructs.walk(p.memory(), p.bootParams().khoFdtPa(), p.abi());
        assertEquals(4, found.placements().stream().filter(x -> x.name().startsWith("session_block_")).count());
        PhysicalMemory mem = p.memory();
        long first = found.find("session_block_0").pa();
        long last = found.find("session_block_3").pa();
        mem.writeU64(last, first, null);
        var cyclic = HandoverStructs.walk(mem, p.bootParams().khoFdtPa(), p.abi());
        assertEquals(4, cyclic.placements().stream().filter(x -> x.name().startsWith("session_block_")).count());
        assertTrue(cyclic.notes().stream().anyMatch(n -> n.contains("block 3 points back to block 0")), cyclic.notes().toString());
    }

    /**
     * Series v2 and the pre-series hand over through a LUO FDT: the engine's reader recognises the
     * generation from the bytes, so their session stores and file stores are placed too.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v2", "pre"})
    void olderGenerationsArePlacedThroughTheEngineReader(String abi, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        String demo;
        try (var in = HexpatTest.class.getResourceAsStream("/assets/scenarios/default-demo.json")) {
            demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.nio.file.Path file = tmp.resolve("demo-" + abi + ".json");
        java.nio.file.Files.writeString(file, demo.replace("\"abi\": \"v7\"", "\"abi\": \"" + abi + "\""));
        var p = MachineExport.prepare(new ScenarioLoader().loadFile(file), "kexec", Trace.Mode.OFF);
        var found = HandoverStructs.walk(p.memory(), p.bootParams().khoFdtPa(), p.abi());
        assertNotNull(found.find("luo_fdt"), found.placements().toString());
        assertNotNull(found.find(abi.equals("v2") ? "session_block_0" : "session_array_header"), found.placements().toString());
        assertEquals(3, found.find("sessions_0").count());
        assertTrue(found.placements().stream().anyMatch(x -> x.name().startsWith("files_vm_guest_")), found.placements().toString());
        assertTrue(found.placements().stream().anyMatch(x -> x.type().equals("memfd_luo_ser")), found.placements().toString());
        assertTrue(found.notes().isEmpty(), found.notes().toString());
    }

    /**
     * The export places what is there, not only what restore would accept: a session block whose
     * count restore rejects still has its sessions, their file chains and memfds placed (the reader
     * lists every entry, each block's count clamped to its capacity), where the chain view's reading
     * stops at that block.
     */
    @Test
    void sessionsOfABlockRestoreRejectsAreStillPlaced() throws Exception {
        var p = MachineExport.prepare(new ScenarioLoader().load("default-demo"), "kexec", Trace.Mode.OFF);
        PhysicalMemory mem = p.memory();
        long fdt = p.bootParams().khoFdtPa();
        var clean = HandoverStructs.walk(mem, fdt, p.abi());
        long block = clean.find("session_block_0").pa();
        int files = clean.ofType("luo_file_ser").size();
        int memfds = clean.ofType("memfd_luo_ser").size();
        assertTrue(files > 0 && memfds > 0, clean.placements().toString());

        mem.writeU64(block + 8, 0xffff, null); // count 65535 in a block of 51
        assertTrue(luolab.engine.handover.Handover.read(mem, fdt, false, p.abi()).entries().isEmpty(),
                "restore rejects the block: the chain view lists no session");
        var found = HandoverStructs.walk(mem, fdt, p.abi());
        var sessions = found.find("sessions_0");
        assertEquals(51, sessions.count());
        assertTrue(sessions.comment().contains("(count 65535 is over the capacity 51)"), sessions.comment());
        assertNotNull(found.find("files_vm_guest_block_0"), found.placements().toString());
        assertEquals(files, found.ofType("luo_file_ser").size());
        assertEquals(memfds, found.ofType("memfd_luo_ser").size());
    }
}

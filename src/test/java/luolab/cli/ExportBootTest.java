package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import luolab.engine.abi.Abi;
import luolab.engine.luo.LuoFile;
import luolab.engine.luo.LuoSession;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Trace;
import luolab.scenario.MemoryImage;
import luolab.scenario.RunOptions;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export → boot in a separate JVM: only the files cross, and the same sessions, tokens and contents come back. */
class ExportBootTest {
    @TempDir
    Path tmp;

    /** Runs {@code luolab args…} in a new JVM with the test classpath; returns {exit code, stdout, stderr}. */
    static String[] otherJvm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("luolab.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile("luolab-out", ".txt");
        Path err = Files.createTempFile("luolab-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        java.lang.Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        String[] r = {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err)};
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** session name → (token → first bytes of its memfd, or compatible for other files), from boot --json. */
    static Map<String, Map<String, String>> sessions(JsonObject boot) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (JsonElement s : boot.getAsJsonArray("sessions")) {
            Map<String, String> files = new LinkedHashMap<>();
            for (JsonElement f : s.getAsJsonObject().getAsJsonArray("files")) {
                JsonObject o = f.getAsJsonObject();
                files.put(o.get("token").getAsString(), o.has("head") ? o.get("head").getAsString() : o.get("compatible").getAsString());
            }
            m.put(s.getAsJsonObject().get("name").getAsString(), files);
        }
        return m;
    }

    /** The same, computed in this JVM by booting the image directly. */
    static Map<String, Map<String, String>> sessionsInProcess(Path dir) throws Exception {
        MemoryImage.Loaded img = MemoryImage.read(dir);
        var h = img.handover();
        Machine m = Machine.bootFromImage(img.memory(), h.bootParams(), Abi.byId(h.abi()), Trace.off(), h.boot());
        luolab.engine.user.Process p = new luolab.engine.user.Process(m.kernel());
        int dev = p.open("/dev/liveupdate");
        assertTrue(dev >= 0);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (LuoSession s : m.kernel().luo().sessions().incoming()) {
            Map<String, String> files = new LinkedHashMap<>();
            int sfd = p.retrieveSession(dev, s.name());
            for (LuoFile f : s.fileSet().files()) {
                int fd = p.retrieveFd(sfd, f.token());
                byte[] head = p.pread(fd, (int) Math.min(64, p.fileSize(fd)), 0);
                int n = head.length;
                while (n > 0 && head[n - 1] == 0) {
                    n--;
                }
                files.put("0x" + Long.toHexString(f.token()), new String(head, 0, n, StandardCharsets.ISO_8859_1));
            }
            out.put(s.name(), files);
        }
        return out;
    }

    @Test
    void defaultDemoCrossesTheProcessBoundary() throws Exception {
        Path dir = tmp.resolve("demo");
        var ex = cli("export", "default-demo", "--at", "kexec", dir.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().contains("3 sessions, 3 files"), ex.out());

        // the directory: exactly the boot parameter + memory, readable by other tools
        JsonObject h = JsonParser.parseString(Files.readString(dir.resolve("handover.json"))).getAsJsonObject();
        assertEquals(Set.of("page_size", "ram_base", "ram_size", "kho_fdt_pa", "scratch", "abi", "boot"), h.keySet());
        assertEquals(4096, h.get("page_size").getAsInt());
        assertEquals(Machine.DEFAULT_RAM_BASE, h.get("ram_base").getAsLong());
        assertEquals(256L << 20, h.get("ram_size").getAsLong());
        assertEquals("v7", h.get("abi").getAsString());
        assertEquals(2, h.get("boot").getAsInt());
        assertEquals(3, h.getAsJsonArray("scratch").size());
        assertEquals(256L << 20, Files.size(dir.resolve("memory.bin")));
        byte[] dtb = Files.readAllBytes(dir.resolve("kho.dtb"));
        assertArrayEquals(new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed}, java.util.Arrays.copyOf(dtb, 4));
        long fdtPa = h.get("kho_fdt_pa").getAsLong();
        byte[] inMem = new byte[dtb.length];
        try (var f = new java.io.RandomAccessFile(dir.resolve("memory.bin").toFile(), "r")) {
            f.seek(fdtPa - Machine.DEFAULT_RAM_BASE);
            f.readFully(inMem);
        }
        assertArrayEquals(dtb, inMem, "kho.dtb is the blob at kho_fdt_pa");

        String[] r = otherJvm("boot", dir.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        JsonObject boot = JsonParser.parseString(r[1]).getAsJsonObject();
        assertFalse(boot.get("panicked").getAsBoolean());
        assertEquals(2, boot.get("boot").getAsInt());
        Map<String, Map<String, String>> got = sessions(boot);
        assertEquals(List.of("vm-guest", "net-state", "scratchpad"), new ArrayList<>(got.keySet()));
        assertEquals(Map.of("0x100", "guest RAM: kernel text, page tables, a running workload",
                "0x101", "vcpu0 rip=0xffffffff81000000 cr3=0x1aa000"), got.get("vm-guest"));
        assertEquals(Map.of("0x200", "conntrack: 3 flows, 2 NAT rules"), got.get("net-state"));
        assertEquals(Map.of(), got.get("scratchpad"));
        assertEquals(sessionsInProcess(dir), got, "the other JVM restores what this one does");
        JsonArray log = boot.getAsJsonArray("log");
        assertTrue(log.toString().contains("luo: Retrieved live update data, liveupdate number: 1"));

        // text mode, same process boundary
        String[] t = otherJvm("boot", dir.toString());
        assertEquals("0", t[0], t[2]);
        assertTrue(t[1].contains("session \"vm-guest\": 2 files"));
        assertTrue(t[1].contains("\"conntrack: 3 flows, 2 NAT rules\\0…\""), t[1]);
    }

    @Test
    void stressFilesImageRestores500TokensInAnotherJvm() throws Exception {
        Path dir = tmp.resolve("stress");
        assertEquals(0, cli("export", "selftest-luo-stress-files", "--at", "kexec", dir.toString()).code());
        String[] r = otherJvm("boot", dir.toString(), "--json", "--bytes", "16");
        assertEquals("0", r[0], r[2]);
        Map<String, Map<String, String>> got = sessions(JsonParser.parseString(r[1]).getAsJsonObject());
        assertEquals(Map.of("0x270f", "2"), got.get("kexec_many_files_state"));
        Map<String, String> files = got.get("many_files_session");
        assertEquals(500, files.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("file-data-" + i, files.get("0x" + Integer.toHexString(i)), "token " + i);
        }
    }

    @Test
    void runFromContinuesAfterTheExportPoint() {
        Path dir = tmp.resolve("simple");
        assertEquals(0, cli("export", "selftest-luo-kexec-simple", "--at", "kexec", dir.toString()).code());
        var r = cli("run", "selftest-luo-kexec-simple", "--from", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Steps (from step 11):"), r.out());
        assertTrue(r.out().contains("expectations: 16 met, 0 failed"), r.out());
    }

    @Test
    void exportAtANumberedStep() throws Exception {
        // step 9 of the demo is the last create_session; step 10 is a note, so the image is taken "as if" kexec'd there
        Path dir = tmp.resolve("at9");
        var ex = cli("export", "default-demo", "--at", "9", dir.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().contains("at after step 9"), ex.out());
        assertEquals(Set.of("vm-guest", "net-state", "scratchpad"), sessionsInProcess(dir).keySet());
        // --at 14 names the step before the kexec: same as --at kexec
        Path d14 = tmp.resolve("at14");
        var e14 = cli("export", "default-demo", "--at", "14", d14.toString());
        assertTrue(e14.out().contains("kexec (step 15)"), e14.out());
        assertEquals(15, MemoryImage.read(d14).export().resumeStep());
    }

    @Test
    void exportIsSparseAndBootsBackIdentically() throws Exception {
        Path dir = tmp.resolve("sparse");
        assertEquals(0, cli("export", "default-demo", "--at", "kexec", dir.toString()).code());
        MemoryImage.Loaded img = MemoryImage.read(dir);
        // the same memory as a run stopped at the same instant in this process
        var s = new ScenarioLoader().load("default-demo");
        var r = new ScenarioRunner().run(s, RunOptions.of(Trace.Mode.OFF).steps(0, s.firstKexec()));
        assertTrue(r.machine().serializeForKexec(new int[1]) != null);
        PhysicalMemory mine = r.machine().memory();
        long[] compared = {0};
        mine.forEachTouchedPage((pfn, bytes) -> {
            assertArrayEquals(bytes, img.memory().read(PhysicalMemory.pa(pfn), PhysicalMemory.PAGE_SIZE), "page " + pfn);
            compared[0]++;
        });
        assertTrue(compared[0] >= img.pagesWithData());
        var in = cli("inspect", dir.toString());
        assertEquals(0, in.code(), in.err());
        for (String name : new String[] {"vm-guest", "net-state", "scratchpad"}) {
            assertTrue(in.out().contains("session \"" + name + "\""), name);
        }
        assertTrue(in.out().contains("compatible = \"kho-v4\";"));
        assertTrue(in.out().contains("compatible      \"luo-v5\""));
        assertTrue(in.out().contains("token 0x100  \"memfd-v2\""));
        assertTrue(in.out().contains("block 0 @ "));
        assertTrue(in.out().contains("count 3/51"));
        assertTrue(in.out().contains("No problems found."), in.out());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v2", "pre"})
    void olderGenerationsExportInspectAndBoot(String abi) throws Exception {
        Path scenario = tmp.resolve("demo-" + abi + ".json");
        String demo;
        try (var in = ExportBootTest.class.getResourceAsStream("/assets/scenarios/default-demo.json")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(scenario, demo.replace("\"abi\": \"v7\"", "\"abi\": \"" + abi + "\""));
        Path dir = tmp.resolve("img-" + abi);
        assertEquals(0, cli("export", scenario.toString(), "--at", "kexec", dir.toString()).code());
        var in = cli("inspect", dir.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("LUO FDT @ "), in.out());
        assertTrue(in.out().contains(abi.equals("v2") ? "compatible = \"luo-v2\";" : "compatible = \"luo-v1\";"), in.out());
        assertTrue(in.out().contains(abi.equals("v2") ? "count 3/102" : "in the contiguous array @ "), in.out());
        for (String name : new String[] {"vm-guest", "net-state", "scratchpad"}) {
            assertTrue(in.out().contains("session \"" + name + "\""), name);
        }
        assertTrue(in.out().contains("token 0x200  \"memfd-v2\""), in.out());
        assertTrue(in.out().contains("No problems found."), in.out());
        assertEquals(sessions(JsonParser.parseString(cli("boot", dir.toString(), "--json").out()).getAsJsonObject()),
                sessionsInProcess(dir));
        assertEquals(0, cli("run", scenario.toString(), "--from", dir.toString()).code());
    }

    @Test
    void inspectDetectsACycleInTheSessionChain() throws Exception {
        Path dir = tmp.resolve("cycle");
        assertEquals(0, cli("export", "selftest-luo-stress-sessions", "--at", "kexec", dir.toString()).code());
        // corrupt the image behind the kernel's back: the 3rd session block points back at the 2nd
        MemoryImage.Loaded img = MemoryImage.read(dir);
        var in = cli("inspect", dir.toString(), "--all");
        var m = java.util.regex.Pattern.compile("block 1 @ 0x([0-9a-f]+)  next 0x([0-9a-f]+)").matcher(in.out());
        assertTrue(m.find(), in.out());
        long block1 = Long.parseLong(m.group(1), 16);
        long block2 = Long.parseLong(m.group(2), 16);
        try (var f = new java.io.RandomAccessFile(dir.resolve("memory.bin").toFile(), "rw")) {
            f.seek(block2 - img.handover().ramBase());
            byte[] le = new byte[8];
            luolab.engine.memory.LittleEndian.putU64(le, 0, block1);
            f.write(le);
        }
        var after = cli("inspect", dir.toString());
        assertEquals(0, after.code());
        assertTrue(after.out().contains("cycle back to block 1"), after.out());
        assertTrue(after.out().contains("session chain: cycle"), after.out());
        var boot = cli("boot", dir.toString());
        assertEquals(Main.EXIT_FAILED, boot.code());
        assertTrue(boot.out().contains("Block set is corrupted"), boot.out());
        assertTrue(boot.out().contains("PANIC"), boot.out());
    }
}

package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import luolab.engine.fdt.FdtError;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.MemoryImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect reads each generation's LUO subtree the way that generation's next kernel does, through
 * the engine's handover reader: v7's raw luo_ser, series v2's LUO FDT and 24-byte luo_ser, the
 * pre-series LUO FDT and fixed session array; and says what that kernel makes of damaged bytes.
 */
class InspectGenerationsTest {
    @TempDir
    Path tmp;

    /** default-demo on {@code abi}'s kernels, exported at the kexec. */
    private Path image(String abi) throws Exception {
        String demo;
        try (var in = InspectGenerationsTest.class.getResourceAsStream("/assets/scenarios/default-demo.json")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path scenario = tmp.resolve("demo-" + abi + ".json");
        Files.writeString(scenario, demo.replace("\"abi\": \"v7\"", "\"abi\": \"" + abi + "\""));
        Path dir = tmp.resolve("img-" + abi);
        assertEquals(0, cli("export", scenario.toString(), "--at", "kexec", dir.toString()).code());
        return dir;
    }

    private static String inspect(Path dir) {
        var r = cli("inspect", dir.toString());
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    private static long pa(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), regex + " in\n" + out);
        return Long.parseLong(m.group(1), 16);
    }

    /** Writes {@code bytes} at physical address {@code pa} of the image, behind the kernel's back. */
    private static void poke(Path dir, long pa, byte[] bytes) throws Exception {
        long base = MemoryImage.read(dir).handover().ramBase();
        try (var f = new RandomAccessFile(dir.resolve("memory.bin").toFile(), "rw")) {
            f.seek(pa - base);
            f.write(bytes);
        }
    }

    private static byte[] u64(long v) {
        byte[] b = new byte[8];
        LittleEndian.putU64(b, 0, v);
        return b;
    }

    /** Offset in the page at {@code pa} of the (4-byte aligned, as FDT properties are) little-endian u64 {@code v}. */
    private static long find(Path dir, long pa, long v) throws Exception {
        PhysicalMemory mem = MemoryImage.read(dir).memory();
        for (long o = 0; o + 8 <= PhysicalMemory.PAGE_SIZE; o += 4) {
            if (mem.u64(pa + o) == v) {
                return o;
            }
        }
        throw new AssertionError("no u64 " + Long.toHexString(v) + " in the page at " + Long.toHexString(pa));
    }

    @Test
    void seriesV2LuoSerIsFoundThroughTheLuoFdtAbiHeader() throws Exception {
        Path dir = image("v2");
        String out = inspect(dir);
        long fdt = pa(out, "LUO FDT @ 0x([0-9a-f]+):");
        long ser = pa(out, "luo_ser \\(24 bytes\\) @ 0x([0-9a-f]+):");
        long sessions = pa(out, "  sessions_pa     0x([0-9a-f]+)");
        assertEquals(sessions, pa(out, "Sessions: 3 in a chain of 1 block from 0x([0-9a-f]+) \\(102 entries of 80 bytes per block\\)"));
        assertTrue(out.contains("luo-abi-header = 0x" + Long.toHexString(ser) + ", a little-endian u64"), out);
        assertTrue(out.contains("  liveupdate_num  "), out);
        assertTrue(out.contains("No problems found."), out);

        // luo-abi-header now points outside RAM: nothing past the LUO FDT is read
        poke(dir, fdt + find(dir, fdt, ser), u64(0x7fff_0000_0000L));
        String bad = inspect(dir);
        assertTrue(bad.contains("! luo-abi-header 0x7fff00000000 is missing or outside RAM: the next kernel panics"), bad);
        assertFalse(bad.contains("luo_ser (24 bytes)"), bad);
        assertFalse(bad.contains("session \"vm-guest\""), bad);

        // the LUO FDT's magic is gone: a v2 kernel cannot parse it
        poke(dir, fdt, new byte[] {0, 0, 0, 0});
        String noFdt = inspect(dir);
        assertTrue(noFdt.contains("! the LUO FDT does not parse (" + FdtError.BADMAGIC.code() + "): the next kernel panics"), noFdt);
    }

    @Test
    void preSeriesSessionArrayAndItsCount() throws Exception {
        Path dir = image("pre");
        String out = inspect(dir);
        long array = pa(out, "Sessions: 3 in the contiguous array @ 0x([0-9a-f]+) \\(16 pages, at most 819\\)");
        assertTrue(out.contains("luo-session-header = 0x" + Long.toHexString(array) + ", a little-endian u64"), out);
        assertTrue(out.contains("    file array @ "), out);
        assertTrue(out.contains("No problems found."), out);

        // a count past LUO_SESSION_MAX: the hardened kernel rejects it; inspect still lists what the array holds
        poke(dir, array, u64(5000));
        String bad = inspect(dir);
        assertTrue(bad.contains("Sessions: 5000 in the contiguous array @ 0x" + Long.toHexString(array)), bad);
        assertTrue(bad.contains("! session array count 5000 exceeds 819"), bad);
        assertTrue(bad.contains("session \"vm-guest\""), bad);

        // luo-session-header points outside RAM
        long fdt = pa(out, "LUO FDT @ 0x([0-9a-f]+):");
        poke(dir, fdt + find(dir, fdt, array), u64(0x7fff_0000_0000L));
        String gone = inspect(dir);
        assertTrue(gone.contains("! session array 0x7fff00000000 is outside RAM"), gone);
    }

    @Test
    void v7LuoSerWithAForeignCompatible() throws Exception {
        Path dir = image("v7");
        String out = inspect(dir);
        long ser = pa(out, "LUO state \\(luo_ser\\) @ 0x([0-9a-f]+), blob-size \\d+:");
        assertTrue(out.contains("  compatible      \"luo-v5\""), out);
        poke(dir, ser, "luo-v9\0\0".getBytes(StandardCharsets.ISO_8859_1));
        String bad = inspect(dir);
        assertTrue(bad.contains("  compatible      \"luo-v9\"  (a v7 kernel expects \"luo-v5\": it panics)"), bad);
        assertTrue(bad.contains("! luo_ser compatible \"luo-v9\" is not \"luo-v5\": the next kernel panics"), bad);
    }
}

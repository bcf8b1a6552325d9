package luolab.engine.fdt;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks blobs and source text against the real dtc. Skipped where dtc is not installed. */
class FdtDtcInteropTest {
    private static final List<ReserveEntry> RESERVES = List.of(new ReserveEntry(0x1000_0000L, 0x4000));

    @TempDir
    Path dir;

    @BeforeAll
    static void requireDtc() {
        Assumptions.assumeTrue(dtcAvailable(), "dtc (device-tree-compiler) not on PATH");
    }

    /** KHO-shaped, plus a suffix-shared name ("number" ends "serial-number") and deeper nesting. */
    private static FdtNode tree() throws FdtException {
        FdtNode root = FdtTestSupport.khoLikeTree();
        FdtNode dev = root.lookup("/LUO/memfd@0").orElseThrow().addChild("pages").addChild("folio@1000");
        dev.setString("serial-number", "sn-1");
        dev.setU32BE("number", 7);
        dev.setProperty("blob", new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x42});
        return root;
    }

    @Test
    void dtcDecompilesOurBlobToTheSameSource() throws Exception {
        FdtNode root = tree();
        Path dtb = dir.resolve("ours.dtb");
        Files.write(dtb, FdtWriter.write(root, RESERVES));
        String dts = run("dtc", "-q", "-I", "dtb", "-O", "dts", dtb.toString());
        for (String expected : List.of("/memreserve/\t0x0000000010000000 0x0000000000004000;",
                "compatible = \"kho-v1\";", "LUO {", "memfd@0 {", "pages = [01 02 03];", "empty;",
                "#size-cells = <0x02>;", "folio@1000 {", "number = <0x07>;", "serial-number = \"sn-1\";",
                "memblock {")) {
            assertTrue(dts.contains(expected), () -> "dtc output lacks " + expected + ":\n" + dts);
        }
        assertEquals(dts, FdtDts.toDts(root, RESERVES));
    }

    @Test
    void dtcCompilesOurSourceToTheSameBytes() throws Exception {
        FdtNode root = tree();
        Path dts = dir.resolve("ours.dts");
        Files.writeString(dts, FdtDts.toDts(root, RESERVES));
        Path dtb = dir.resolve("dtc.dtb");
        run("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb.toString(), dts.toString());
        assertArrayEquals(Files.readAllBytes(dtb), FdtWriter.write(root, RESERVES));

        Path padded = dir.resolve("dtc-4k.dtb");
        run("dtc", "-q", "-I", "dts", "-O", "dtb", "-S", "4096", "-o", padded.toString(), dts.toString());
        assertArrayEquals(Files.readAllBytes(padded), FdtWriter.write(root, RESERVES, 0, 4096));
    }

    @Test
    void weParseWhatDtcCompiles() throws Exception {
        Path dts = dir.resolve("src.dts");
        Files.writeString(dts, """
                /dts-v1/;
                /memreserve/ 0x80000000 0x100000;
                / {
                    compatible = "luo,lab";
                    strings = "one", "two";
                    cells = <1 2 0xffffffff>;
                    wide = /bits/ 64 <0x123456789abcdef0>;
                    LUO { session@0 { preserved; }; };
                };
                """);
        Path dtb = dir.resolve("src.dtb");
        run("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb.toString(), dts.toString());
        FdtTree t = FdtReader.parse(Files.readAllBytes(dtb)).orElseThrow();
        assertEquals(List.of(new ReserveEntry(0x8000_0000L, 0x10_0000L)), t.reserves());
        assertEquals("luo,lab", t.root().getString("compatible").orElseThrow());
        assertArrayEquals("one\0two\0".getBytes(StandardCharsets.US_ASCII), t.root().getProperty("strings").orElseThrow());
        assertEquals(0x123456789abcdef0L, t.root().getU64BE("wide").getAsLong());
        assertTrue(t.root().lookup("/LUO/session").orElseThrow().hasProperty("preserved"));
        assertArrayEquals(Files.readAllBytes(dtb), FdtWriter.write(t.root(), t.reserves()));
    }

    private static boolean dtcAvailable() {
        try {
            Process p = new ProcessBuilder("dtc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dtc timed out");
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + err);
        return new String(out, StandardCharsets.UTF_8);
    }
}

package luolab.cli;

import static luolab.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lesson --list, lesson validate FILE, export-hexpat SCENARIO --at STEP FILE. */
class TeachCommandsTest {
    @TempDir
    Path dir;

    @Test
    void lessonListShowsEveryBuiltIn() {
        var r = cli("lesson", "--list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().count() >= 10, r.out());
        assertTrue(r.out().contains("08-cyclic-chain-floyd") && r.out().contains("A cyclic chain and Floyd's algorithm"), r.out());
    }

    @Test
    void lessonValidateGoodAndBad() throws Exception {
        var ok = cli("lesson", "validate", "08-cyclic-chain-floyd");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("ok: 08-cyclic-chain-floyd.json"), ok.out());

        String good = Files.readString(Path.of(System.getProperty("luolab.project.dir", "."), "assets", "lessons", "06-linked-blocks.json"));
        Path bad = dir.resolve("06-linked-blocks.json");
        Files.writeString(bad, good.replace("\"answer\": 1", "\"answer\": 5").replace("\"step\": 7", "\"step\": 70"));
        var r = cli("lesson", "validate", bad.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("06-linked-blocks.json:") && r.out().contains("beat 2 (\"The 64th file\"): predict answer 5 is out of range"),
                r.out());
        assertTrue(r.out().contains("beat 3") && r.out().contains("unknown run_to step 70"), r.out());
        assertTrue(r.out().contains("FAILED: " + bad + " — 2 errors"), r.out());

        var missing = cli("lesson", "validate", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such lesson file"), missing.err());
        assertEquals(2, cli("lesson").code(), "no --list and no subcommand: usage");
    }

    @Test
    void exportHexpatWritesAPatternMatchingTheImage() throws Exception {
        Path pat = dir.resolve("run.hexpat");
        var r = cli("export-hexpat", "selftest-luo-kexec-simple", "--at", "kexec", pat.toString(), "--image", dir.resolve("img").toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(pat);
        assertTrue(text.contains("struct luo_ser {") && text.contains("luo_ser luo @ 0x"), text);
        assertTrue(Files.isRegularFile(dir.resolve("img").resolve("memory.bin")));
        var h = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("img").resolve("handover.json"))).getAsJsonObject();
        long fdt = h.get("kho_fdt_pa").getAsLong() - h.get("ram_base").getAsLong();
        assertTrue(text.contains(String.format("u8 kho_root_fdt[4096] @ 0x%x;", fdt)), "same image: the FDT placement is its kho_fdt_pa");
        var bad = cli("export-hexpat", "selftest-luo-kexec-simple", "--at", "99", pat.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("bad --at 99"), bad.err());
    }
}

package luolab.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import luolab.engine.fdt.FdtDts;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtTree;
import luolab.engine.fdt.FdtWriter;
import luolab.engine.trace.Trace;
import luolab.scenario.ScenarioLoader;
import luolab.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dtb files hold exactly the bytes in memory; read back they give the same tree and the same .dts. */
class FdtExportTest {
    @TempDir
    Path dir;

    @Test
    void khoDtbAndDtsRoundTrip() throws Exception {
        var p = MachineExport.prepare(new ScenarioLoader().load("selftest-luo-kexec-simple"), "kexec", Trace.Mode.OFF);
        List<FdtExport.Blob> blobs = FdtExport.extract(p.memory(), p.bootParams().khoFdtPa());
        assertEquals(1, blobs.size(), "v7 has no LUO FDT");
        FdtExport.Blob kho = blobs.get(0);
        assertEquals("kho-v4", kho.tree().root().getString("compatible").orElse(""));
        List<Path> files = FdtExport.write(blobs, dir);
        assertEquals(List.of(dir.resolve("kho.dtb"), dir.resolve("kho.dts")), files);

        byte[] dtb = Files.readAllBytes(dir.resolve("kho.dtb"));
        assertArrayEquals(p.memory().read(p.bootParams().khoFdtPa(), dtb.length), dtb, "the exact bytes in memory");
        FdtTree back = FdtReader.parse(dtb).orElseThrow();
        assertTrue(back.root().contentEquals(kho.tree().root()));
        String dts = Files.readString(dir.resolve("kho.dts"));
        assertTrue(dts.endsWith(FdtDts.toDts(back)), dts);
        assertTrue(dts.contains("compatible = \"kho-v4\";"), dts);
        assertTrue(dts.contains("LUO {"), dts);
        // and the tree written again by FdtWriter parses to the same content
        assertTrue(FdtReader.parse(FdtWriter.write(back.root())).orElseThrow().root().contentEquals(back.root()));
    }

    @Test
    void olderGenerationsAlsoGetTheLuoFdt() throws Exception {
        var s = new ScenarioParser().parse("v2.json", """
                {"ram": "64M", "abi": "v2", "steps": [
                  {"op": "open_device"}, {"op": "create_session", "name": "a", "as": "s"}, {"op": "kexec"}]}
                """);
        var p = MachineExport.prepare(s, "kexec", Trace.Mode.OFF);
        List<FdtExport.Blob> blobs = FdtExport.extract(p.memory(), p.bootParams().khoFdtPa());
        assertEquals(2, blobs.size(), blobs.toString());
        FdtExport.Blob luo = blobs.get(1);
        assertEquals("luo", luo.name());
        assertEquals("luo-v2", luo.tree().root().getString("compatible").orElse(""));
        FdtExport.write(blobs, dir);
        FdtTree back = FdtReader.parse(Files.readAllBytes(dir.resolve("luo.dtb"))).orElseThrow();
        assertTrue(back.root().contentEquals(luo.tree().root()));
        assertTrue(Files.readString(dir.resolve("luo.dts")).contains("compatible = \"luo-v2\";"));
    }
}

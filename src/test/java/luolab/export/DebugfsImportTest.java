package luolab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A debugfs kho/out directory made by FdtWriter in the kernel's KHO layout (kho-v4, LE u64 props, raw blobs). */
class DebugfsImportTest {
    @TempDir
    Path dir;

    static final long RADIX = 0x1_2345_6000L;
    static final long LUO_SER = 0x1_0000_8000L;
    static final long META = 0x1_0000_9000L;

    Path debugfs() throws Exception {
        FdtNode root = FdtNode.newRoot();
        root.setString("compatible", "kho-v4");
        root.setU64LE("preserved-memory-map", RADIX);
        FdtNode luo = root.addChild("LUO");
        luo.setU64LE("preserved-data", LUO_SER);
        luo.setU64LE("blob-size", 32);
        FdtNode meta = root.addChild("kexec-metadata");
        meta.setU64LE("preserved-data", META);
        meta.setU64LE("blob-size", 73);
        Path out = dir.resolve("kho").resolve("out");
        Files.createDirectories(out.resolve("sub_fdts"));
        Files.write(out.resolve("fdt"), FdtWriter.write(root));
        ByteBuffer ser = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        ser.put("luo-v5\0\0".getBytes(StandardCharsets.US_ASCII)).putLong(3).putLong(0x1_0000_a000L).putLong(0x1_0000_b000L);
        Files.write(out.resolve("sub_fdts").resolve("LUO"), ser.array());
        ByteBuffer md = ByteBuffer.allocate(73).order(ByteOrder.LITTLE_ENDIAN);
        md.putInt(1);
        byte[] rel = new byte[65];
        byte[] r = "6.19.0-rc3".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(r, 0, rel, 0, r.length);
        md.put(rel).putInt(2);
        Files.write(out.resolve("sub_fdts").resolve("kexec-metadata"), md.array());
        Files.writeString(out.resolve("scratch_phys"), "0x100000000\n0x180000000\n");
        Files.writeString(out.resolve("scratch_len"), "0x8000000\n0x4000000\n");
        return dir.resolve("kho");
    }

    @Test
    void importsTheRootFdtAndDecodesTheBlobs() throws Exception {
        DebugfsImport.Imported im = DebugfsImport.read(debugfs());
        assertNotNull(im.root());
        List<String> props = DebugfsImport.describe(im.root().root());
        assertTrue(props.contains("/compatible = \"kho-v4\""), props.toString());
        assertTrue(props.contains("/preserved-memory-map = 0x123456000"), props.toString());
        assertTrue(props.contains("/LUO/preserved-data = 0x100008000"), props.toString());
        assertTrue(props.contains("/LUO/blob-size = 0x20"), props.toString());
        assertEquals(2, im.subs().size());
        DebugfsImport.Sub luo = im.subs().get(0);
        assertEquals("LUO", luo.name());
        assertEquals("luo_ser", luo.struct());
        assertEquals(new DebugfsImport.Field("compatible", "\"luo-v5\""), luo.fields().get(0));
        assertEquals(new DebugfsImport.Field("liveupdate_num", "3"), luo.fields().get(1));
        assertTrue(luo.fields().get(2).value().startsWith("0x10000a000 (physical address; not in the blob)"));
        DebugfsImport.Sub md = im.subs().get(1);
        assertEquals("kho_kexec_metadata", md.struct());
        assertEquals(new DebugfsImport.Field("previous_release", "\"6.19.0-rc3\""), md.fields().get(1));
        assertEquals(new DebugfsImport.Field("kexec_count", "2"), md.fields().get(2));
        assertEquals(List.of("scratch 0: 0x100000000 + 0x8000000", "scratch 1: 0x180000000 + 0x4000000"), im.scratch());
        assertTrue(im.messages().contains(DebugfsImport.NO_MEMORY), "says what cannot be shown");
    }

    @Test
    void aSingleFdtFileAndASubFdt() throws Exception {
        Path kho = debugfs();
        FdtNode luoFdt = FdtNode.newRoot();
        luoFdt.setString("compatible", "luo-v1");
        luoFdt.setU64LE("liveupdate-number", 1);
        Files.write(kho.resolve("out").resolve("sub_fdts").resolve("LUO"), FdtWriter.write(luoFdt));
        DebugfsImport.Imported im = DebugfsImport.read(kho.resolve("out").resolve("fdt"));
        DebugfsImport.Sub luo = im.subs().get(0);
        assertNotNull(luo.tree());
        assertNull(luo.struct());
        assertEquals("luo-v1", luo.tree().root().getString("compatible").orElse(""));

        Path lone = dir.resolve("fdt-only.dtb");
        Files.copy(kho.resolve("out").resolve("fdt"), lone);
        DebugfsImport.Imported one = DebugfsImport.read(lone);
        assertNotNull(one.root());
        assertTrue(one.messages().stream().anyMatch(m -> m.contains("No sub_fdts/")), one.messages().toString());
    }

    @Test
    void garbageIsAClearMessageNotACrash() throws Exception {
        Path bad = dir.resolve("fdt");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        DebugfsImport.Imported im = DebugfsImport.read(bad);
        assertNull(im.root());
        assertTrue(im.messages().get(0).contains("is not a valid FDT"), im.messages().toString());
        IOException e = assertThrows(IOException.class, () -> DebugfsImport.read(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("no such file"));
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IOException.class, () -> DebugfsImport.read(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("no KHO FDT here"), e.getMessage());
    }
}

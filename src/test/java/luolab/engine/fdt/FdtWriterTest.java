package luolab.engine.fdt;

import static luolab.engine.fdt.FdtTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FdtWriterTest {

    private static FdtNode smallTree() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setString("compatible", "luo");
        root.addChild("a").setU32BE("x", 0x12345678);
        return root;
    }

    @Test
    void smallTreeIsLaidOutByteForByte() throws FdtException {
        byte[] expected = hex(
                // header: magic, totalsize 129, off_dt_struct 56, off_dt_strings 116, off_mem_rsvmap 40,
                // version 17, last_comp_version 16, boot_cpuid_phys 0, size_dt_strings 13, size_dt_struct 60
                "d00dfeed 00000081 00000038 00000074 00000028 00000011 00000010 00000000 0000000d 0000003c"
                // memory reservation block: only the 0,0 terminator
                + "0000000000000000 0000000000000000"
                // structure block
                + "00000001 00000000"                    // BEGIN_NODE ""
                + "00000003 00000004 00000000 6c756f00"  // PROP len 4, nameoff 0 ("compatible"), "luo\0"
                + "00000001 61000000"                    // BEGIN_NODE "a", padded
                + "00000003 00000004 0000000b 12345678"  // PROP len 4, nameoff 11 ("x")
                + "00000002 00000002 00000009"           // END_NODE, END_NODE, END
                // strings block
                + "636f6d70617469626c6500 7800");        // "compatible\0x\0"
        assertArrayEquals(expected, FdtWriter.write(smallTree()));
    }

    @Test
    void blocksAreAlignedAndPaddingIsZero() {
        Random rnd = new Random(7);
        for (int t = 0; t < 20; t++) {
            FdtNode root = randomTree(rnd, 4, 3, 6);
            byte[] blob = FdtWriter.write(root, List.of(new ReserveEntry(0x1000, 0x2000)));
            assertEquals(0, u32(blob, OFF_MEM_RSVMAP) % 8, "spec 5.3: reservation block 8-aligned");
            assertEquals(0, u32(blob, OFF_DT_STRUCT) % 4, "spec 5.4: structure block 4-aligned");
            assertEquals(blob.length, u32(blob, TOTALSIZE));
            assertEquals(u32(blob, OFF_DT_STRUCT) + u32(blob, SIZE_DT_STRUCT), u32(blob, OFF_DT_STRINGS));
            assertEquals(u32(blob, OFF_DT_STRINGS) + u32(blob, SIZE_DT_STRINGS), blob.length);
            FdtTree tree = FdtReader.parse(blob).tree().orElseThrow();
            for (FdtNode n : allNodes(tree.root())) {
                assertEquals(0, n.offset() % 4);
                for (FdtProperty p : n.properties()) {
                    assertEquals(0, p.tagOffset() % 4);
                    for (int i = p.valueOffset() + p.length(); i % 4 != 0; i++) {
                        assertEquals(0, blob[i], "padding after " + p.name() + " must be zero");
                    }
                }
            }
        }
    }

    @Test
    void propertyNamesAreDeduplicatedIncludingSuffixes() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setString("node-name", "r");
        root.setString("compatible", "c");
        FdtNode a = root.addChild("a");
        a.setString("compatible", "c");
        a.setString("name", "tail of node-name");
        a.setString("node-name", "again");
        root.addChild("b").setString("compatible", "c");
        byte[] blob = FdtWriter.write(root);

        int off = u32(blob, OFF_DT_STRINGS);
        String strings = new String(blob, off, u32(blob, SIZE_DT_STRINGS), StandardCharsets.US_ASCII);
        assertEquals("node-name\0compatible\0", strings, "dtc stringtable_insert() reuses suffixes");

        FdtTree tree = FdtReader.parse(blob).tree().orElseThrow();
        FdtNode pa = tree.root().child("a").orElseThrow();
        assertEquals("tail of node-name", pa.getString("name").orElseThrow());
        // "name" points 5 bytes into "node-name": the nameoff field sits 4 bytes before the value.
        int nameoff = u32(blob, pa.propertyValueOffset("name").getAsInt() - 4);
        assertEquals(5, nameoff);
    }

    @Test
    void reserveEntriesPrecedeTheStructureBlock() {
        List<ReserveEntry> rsv = List.of(new ReserveEntry(0x8000_0000L, 0x10_0000L), new ReserveEntry(-4096L, 4096));
        byte[] blob = FdtWriter.write(FdtNode.newRoot(), rsv);
        assertEquals(40, u32(blob, OFF_MEM_RSVMAP));
        assertEquals(40 + 3 * 16, u32(blob, OFF_DT_STRUCT));
        assertArrayEquals(hex("0000000080000000 0000000000100000 fffffffffffff000 0000000000001000"
                + "0000000000000000 0000000000000000"), Arrays.copyOfRange(blob, 40, 88));
        assertEquals(rsv, FdtReader.parse(blob).tree().orElseThrow().reserves());
        assertThrows(IllegalArgumentException.class,
                () -> FdtWriter.write(FdtNode.newRoot(), List.of(new ReserveEntry(0x1000, 0))));
    }

    @Test
    void padToSizeFillsAPageOrReportsNoSpace() throws FdtException {
        FdtNode root = khoLikeTree();
        byte[] tight = FdtWriter.write(root);
        byte[] page = FdtWriter.write(root, 4096);
        assertEquals(4096, page.length);
        assertEquals(4096, u32(page, TOTALSIZE));
        assertArrayEquals(Arrays.copyOfRange(tight, 8, tight.length), Arrays.copyOfRange(page, 8, tight.length),
                "only totalsize differs before the free space");
        for (int i = tight.length; i < page.length; i++) {
            assertEquals(0, page[i]);
        }
        FdtTree parsed = FdtReader.parse(page).orElseThrow();
        assertTrue(root.contentEquals(parsed.root()));

        assertArrayEquals(withU32(tight, TOTALSIZE, tight.length), FdtWriter.write(root, tight.length));
        FdtException e = assertThrows(FdtException.class, () -> FdtWriter.write(root, tight.length - 1));
        assertEquals(FdtError.NOSPACE, e.error());
        assertEquals(-3, e.code());
        assertEquals(-3, assertThrows(FdtException.class, () -> FdtWriter.write(FdtNode.newRoot(), 39)).code());
        assertThrows(IllegalArgumentException.class, () -> FdtWriter.write(root, -1));
    }

    @Test
    void outputIsDeterministicAndHeaderCarriesBootCpu() throws FdtException {
        assertArrayEquals(FdtWriter.write(khoLikeTree()), FdtWriter.write(khoLikeTree()));
        byte[] blob = FdtWriter.write(smallTree(), List.of(), 3, 0);
        assertEquals(3, u32(blob, 28));
        assertEquals(3, FdtReader.parse(blob).orElseThrow().header().bootCpuidPhys());
    }

    @Test
    void aNamedTopNodeIsWrittenAsTheUnnamedRoot() throws FdtException {
        FdtNode sub = khoLikeTree().lookup("/LUO").orElseThrow();
        FdtNode parsed = FdtReader.parse(FdtWriter.write(sub)).orElseThrow().root();
        assertEquals("", parsed.name());
        assertEquals("luo-v1", parsed.getString("compatible").orElseThrow());
        assertTrue(parsed.child("memfd@0").isPresent());
    }

    @Test
    void refusesTreesTheReaderWouldReject() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        FdtNode n = root;
        for (int i = 1; i < FdtReader.MAX_DEPTH; i++) {
            n = n.addChild("n");
        }
        FdtReader.parse(FdtWriter.write(root)).orElseThrow();
        n.addChild("too-deep");
        assertThrows(IllegalArgumentException.class, () -> FdtWriter.write(root));

        FdtNode longName = FdtNode.newRoot();
        longName.setProperty("p".repeat(FdtReader.MAX_PROPERTY_NAME_BYTES), new byte[1]);
        FdtReader.parse(FdtWriter.write(longName)).orElseThrow();
        longName.setProperty("p".repeat(FdtReader.MAX_PROPERTY_NAME_BYTES + 1), new byte[1]);
        assertThrows(IllegalArgumentException.class, () -> FdtWriter.write(longName));
    }
}

package luolab.engine.fdt;

import static luolab.engine.fdt.FdtTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FdtReaderTest {

    private static byte[] valid() throws FdtException {
        return FdtWriter.write(khoLikeTree(), List.of(new ReserveEntry(0x1000_0000L, 0x4000)));
    }

    private static void assertCode(int expected, byte[] blob) {
        FdtParseResult r = FdtReader.parse(blob);
        assertEquals(expected, r.code(), () -> "got " + r);
        assertFalse(r.isOk());
        assertFalse(r.detail().isEmpty());
    }

    @Test
    void roundTripsRandomNestedTrees() {
        Random rnd = new Random(42);
        for (int t = 0; t < 200; t++) {
            FdtNode root = randomTree(rnd, 1 + rnd.nextInt(6), 4, 8);
            byte[] blob = FdtWriter.write(root);
            FdtParseResult r = FdtReader.parse(blob);
            assertTrue(r.isOk(), r::toString);
            FdtNode back = r.tree().orElseThrow().root();
            assertTrue(root.contentEquals(back), "tree " + t);
            assertArrayEquals(blob, FdtWriter.write(back), "rewrite of tree " + t);
        }
    }

    @Test
    void roundTripKeepsTypedValues() throws FdtException {
        FdtNode root = FdtReader.parse(valid()).orElseThrow().root();
        assertEquals("kho-v1", root.getString("compatible").orElseThrow());
        assertEquals(0x1_2345_6000L, root.getU64LE("preserved-memory-map").orElseThrow());
        FdtNode memfd = root.lookup("/LUO/memfd").orElseThrow();
        assertEquals("/LUO/memfd@0", memfd.path());
        assertEquals(0xabcd_e000L, memfd.getU64LE("fdt").orElseThrow());
        assertEquals(2, memfd.getU32BE("#size-cells").orElseThrow());
        assertEquals(3, root.lookup("/LUO").orElseThrow().getU64BE("liveupdate-number").orElseThrow());
        assertEquals(0, memfd.getProperty("empty").orElseThrow().length);
    }

    @Test
    void offsetsPointAtTheTokensAndValueBytes() throws FdtException {
        byte[] blob = valid();
        FdtTree tree = FdtReader.parse(blob).orElseThrow();
        assertEquals(u32(blob, OFF_DT_STRUCT), tree.root().offset());
        for (FdtNode n : allNodes(tree.root())) {
            assertEquals(1, u32(blob, n.offset()), "FDT_BEGIN_NODE at " + n.path());
            byte[] name = n.name().getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(name, Arrays.copyOfRange(blob, n.offset() + 4, n.offset() + 4 + name.length));
            for (FdtProperty p : n.properties()) {
                assertEquals(3, u32(blob, p.tagOffset()), "FDT_PROP for " + p.name());
                assertEquals(p.length(), u32(blob, p.valueOffset() - 8));
                assertArrayEquals(p.value(), Arrays.copyOfRange(blob, p.valueOffset(), p.valueOffset() + p.length()));
                assertEquals(p.valueOffset(), n.propertyValueOffset(p.name()).getAsInt());
            }
        }
        FdtNode luo = tree.root().child("LUO").orElseThrow();
        luo.setString("compatible", "changed");
        assertTrue(luo.propertyValueOffset("compatible").isEmpty(), "a replaced value no longer lives in the blob");
    }

    @Test
    void parsesInPlaceFromALargerAddressSpace() throws FdtException {
        byte[] blob = valid();
        byte[] memory = new byte[3 * 4096];
        new Random(1).nextBytes(memory);
        System.arraycopy(blob, 0, memory, 4096, blob.length);
        ByteSource phys = addr -> addr >= 0x10_0000 && addr < 0x10_0000 + memory.length
                ? memory[(int) (addr - 0x10_0000)] & 0xff : -1;
        FdtTree tree = FdtReader.parse(phys, 0x10_1000, 4096).orElseThrow();
        assertTrue(khoLikeTree().contentEquals(tree.root()));
        assertEquals(FdtReader.parse(blob).orElseThrow().root().offset(), tree.root().offset(),
                "offsets are relative to the blob, not the address space");
        assertEquals(0, FdtReader.checkHeader(phys, 0x10_1000, 4096));
        assertEquals(blob.length, FdtReader.readHeader(phys, 0x10_1000, 4096).orElseThrow().totalSize());

        // A copy of the blob that straddles the end of mapped memory.
        System.arraycopy(blob, 0, memory, memory.length - 100, 100);
        assertEquals(-8, FdtReader.parse(phys, 0x10_0000 + memory.length - 100, 4096).code());
        ByteSource failing = addr -> {
            if (addr >= 64) {
                throw new IllegalStateException("unmapped " + addr);
            }
            return blob[(int) addr] & 0xff;
        };
        assertEquals(-8, FdtReader.parse(failing, 0, blob.length).code());
        assertEquals(-8, FdtReader.checkHeader(failing, 48, 100));
    }

    @Test
    void headerErrorsUseLibfdtCodes() throws FdtException {
        byte[] ok = valid();
        assertEquals(0, FdtReader.checkHeader(ok));
        assertCode(-9, withU32(ok, 0, 0xd00dfeee));
        assertEquals(-9, FdtReader.checkHeader(withU32(ok, 0, 0)));
        assertCode(-8, Arrays.copyOf(ok, ok.length - 1));          // totalsize beyond the buffer
        assertCode(-8, Arrays.copyOf(ok, 27));                     // not even a v1 header
        assertCode(-8, withU32(ok, TOTALSIZE, 39));                // totalsize smaller than the header
        assertCode(-8, withU32(ok, TOTALSIZE, 0x8000_0000));      // totalsize > INT_MAX
        assertCode(-8, withU32(ok, OFF_MEM_RSVMAP, 8));            // block inside the header
        assertCode(-8, withU32(ok, OFF_DT_STRUCT, ok.length + 4));
        assertCode(-8, withU32(ok, SIZE_DT_STRINGS, ok.length));
        assertCode(-10, withU32(ok, VERSION, 1));
        assertCode(-10, withU32(ok, LAST_COMP_VERSION, 18));
        assertCode(-10, withU32(withU32(ok, VERSION, 16), LAST_COMP_VERSION, 17));
        // Versions 2..15 pass fdt_check_header() but their structure layout is not supported.
        assertEquals(0, FdtReader.checkHeader(withU32(withU32(ok, VERSION, 15), LAST_COMP_VERSION, 2)));
        assertCode(-10, withU32(withU32(ok, VERSION, 15), LAST_COMP_VERSION, 2));
    }

    @Test
    void version16BlobsAreReadWithoutSizeDtStruct() throws FdtException {
        byte[] v16 = withU32(withU32(valid(), VERSION, 16), SIZE_DT_STRUCT, 0);
        FdtParseResult r = FdtReader.parse(v16);
        assertTrue(r.isOk(), r::toString);
        assertTrue(khoLikeTree().contentEquals(r.tree().orElseThrow().root()));
    }

    @Test
    void structureErrorsUseLibfdtCodes() throws FdtException {
        byte[] ok = valid();
        int struct = u32(ok, OFF_DT_STRUCT);
        int structSize = u32(ok, SIZE_DT_STRUCT);
        assertCode(-11, withU32(ok, struct, 0x12345678));                          // garbage token
        assertCode(-11, withU32(ok, struct + 8, 7));                               // garbage after the root name
        assertCode(-8, withU32(ok, SIZE_DT_STRUCT, structSize - 4));               // FDT_END cut off
        assertCode(-11, withU32(ok, struct + 12, 0x10000));                        // property length past the block
        assertCode(-11, withU32(ok, struct + 12, -1));
        assertCode(-4, withU32(ok, struct + 16, u32(ok, SIZE_DT_STRINGS)));       // nameoff past the strings
        assertCode(-4, withU32(ok, struct + 16, -1));
        assertCode(-8, withU32(ok, SIZE_DT_STRINGS, u32(ok, SIZE_DT_STRINGS) - 1)); // last name loses its NUL
        assertCode(-11, withU32(ok, struct, 2));                                   // END_NODE with nothing open
        assertCode(-11, withU32(ok, struct + structSize - 8, 4));                  // root never closed
        assertCode(-11, withU32(ok, struct + 4, 0x61000000));                      // root named "a"
        assertCode(-11, withU32(ok, struct + structSize - 4, 4));                  // NOP after the root closed
        // Rsvmap terminator overwritten, and nothing but non-zero sizes up to totalsize.
        byte[] noTerminator = ok.clone();
        Arrays.fill(noTerminator, 40, noTerminator.length, (byte) 0x11);
        assertCode(-8, noTerminator);
        // Strings block moved onto the structure block: every bound still holds, but they overlap.
        assertCode(-12, withU32(ok, OFF_DT_STRINGS, struct));
    }

    @Test
    void libfdtCodesTakePrecedenceOverModelRestrictions() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.addChild("a");
        root.addChild("b");
        byte[] blob = FdtWriter.write(root);
        int struct = u32(blob, OFF_DT_STRUCT);
        int bName = FdtReader.parse(blob).orElseThrow().root().child("b").orElseThrow().offset() + 4;
        byte[] duplicate = withU32(blob, bName, 0x61000000);
        assertEquals(-11, FdtReader.parse(duplicate).code());
        // Same duplicate, but the structure block is also cut short: libfdt reports TRUNCATED.
        byte[] both = withU32(duplicate, SIZE_DT_STRUCT, u32(blob, SIZE_DT_STRUCT) - 4);
        assertEquals(-8, FdtReader.parse(both).code());
        // A blob with only FDT_END passes fdt_check_full() but has no root for the model.
        assertCode(-11, withU32(blob, struct, 9));
    }

    @Test
    void modelRestrictionsAreBadStructure() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.addChild("a").setString("p", "x");
        root.addChild("b").setString("q", "y");
        byte[] blob = FdtWriter.write(root);
        // Rename "b" to "a": libfdt tolerates duplicate siblings, the tree model cannot.
        int bName = FdtReader.parse(blob).orElseThrow().root().child("b").orElseThrow().offset() + 4;
        assertCode(-11, withU32(blob, bName, 0x61000000));
        // Point q's nameoff at "p": duplicate property within a node ("p" is at strings offset 0).
        FdtNode two = FdtNode.newRoot();
        two.setString("p", "x").setString("q", "y");
        byte[] twoBlob = FdtWriter.write(two);
        int qNameoff = FdtReader.parse(twoBlob).orElseThrow().root().propertyValueOffset("q").getAsInt() - 4;
        assertCode(-11, withU32(twoBlob, qNameoff, 0));

        // 65 levels of nesting, built by hand since the writer refuses them.
        BlobBuilder deep = new BlobBuilder();
        for (int i = 0; i <= FdtReader.MAX_DEPTH; i++) {
            deep.token(1).bytes(i == 0 ? new byte[4] : new byte[] {'n', 0, 0, 0});
        }
        for (int i = 0; i <= FdtReader.MAX_DEPTH; i++) {
            deep.token(2);
        }
        assertCode(-11, deep.token(9).blob());
    }

    @Test
    void namesOverTheCapAreRefusedButUnterminatedOnesAreTruncated() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setProperty("n".repeat(FdtReader.MAX_PROPERTY_NAME_BYTES), new byte[0]);
        byte[] blob = FdtWriter.write(root);
        assertTrue(FdtReader.parse(blob).isOk());
        int strings = u32(blob, OFF_DT_STRINGS);
        // Replace the terminating NUL, then append more characters and a NUL: now over the cap.
        byte[] longer = Arrays.copyOf(blob, blob.length + 4);
        Arrays.fill(longer, strings + FdtReader.MAX_PROPERTY_NAME_BYTES, longer.length - 1, (byte) 'n');
        longer = withU32(withU32(longer, TOTALSIZE, longer.length), SIZE_DT_STRINGS, u32(blob, SIZE_DT_STRINGS) + 4);
        assertCode(-11, longer);
        byte[] unterminated = blob.clone();
        unterminated[unterminated.length - 1] = 'n';
        assertCode(-8, unterminated);
    }

    @Test
    void nopTokensAreSkipped() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setString("a", "b");
        byte[] blob = FdtWriter.write(root);
        int struct = u32(blob, OFF_DT_STRUCT);
        // Turn the property into NOPs (fdt_nop_property): 12-byte header + 4 bytes of value.
        byte[] nopped = blob.clone();
        for (int i = 0; i < 16; i += 4) {
            nopped = withU32(nopped, struct + 8 + i, 4);
        }
        FdtNode back = FdtReader.parse(nopped).orElseThrow().root();
        assertEquals(0, back.propertyCount());
    }

    /** Hand-assembled blobs for structures the writer will not produce. */
    private static final class BlobBuilder {
        private final java.io.ByteArrayOutputStream struct = new java.io.ByteArrayOutputStream();

        BlobBuilder token(int t) {
            return bytes(new byte[] {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t});
        }

        BlobBuilder bytes(byte[] b) {
            struct.writeBytes(b);
            return this;
        }

        byte[] blob() {
            byte[] s = struct.toByteArray();
            int offStruct = 56;
            byte[] out = new byte[offStruct + s.length];
            System.arraycopy(s, 0, out, offStruct, s.length);
            out = withU32(out, 0, 0xd00dfeed);
            out = withU32(out, TOTALSIZE, out.length);
            out = withU32(out, OFF_DT_STRUCT, offStruct);
            out = withU32(out, OFF_DT_STRINGS, out.length);
            out = withU32(out, OFF_MEM_RSVMAP, 40);
            out = withU32(out, VERSION, 17);
            out = withU32(out, LAST_COMP_VERSION, 16);
            return withU32(out, SIZE_DT_STRUCT, s.length);
        }
    }
}

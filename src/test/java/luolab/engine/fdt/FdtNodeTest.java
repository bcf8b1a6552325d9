package luolab.engine.fdt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FdtNodeTest {

    @Test
    void duplicateChildIsExistsLikeFdtAddSubnode() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        FdtNode luo = root.addChild("LUO");
        FdtException e = assertThrows(FdtException.class, () -> root.addChild("LUO"));
        assertEquals(FdtError.EXISTS, e.error());
        assertEquals(-2, e.code());
        assertSame(luo, root.child("LUO").orElseThrow());
        assertEquals(1, root.children().size());
    }

    @Test
    void removeChildDetachesIt() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        FdtNode a = root.addChild("a");
        a.addChild("b");
        assertTrue(root.removeChild("a"));
        assertFalse(root.removeChild("a"));
        assertTrue(a.isRoot());
        assertEquals("/b", a.child("b").orElseThrow().path());
        root.addChild(a);
        assertEquals("/a/b", a.child("b").orElseThrow().path());
        assertThrows(IllegalArgumentException.class, () -> a.addChild(root), "cycle");
        assertThrows(IllegalArgumentException.class, () -> FdtNode.newRoot().addChild(a), "already attached");
    }

    @Test
    void pathLookupFollowsLibfdtRules() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        FdtNode luo = root.addChild("LUO");
        FdtNode m0 = luo.addChild("memfd@0");
        FdtNode m1 = luo.addChild("memfd@1");
        FdtNode plain = luo.addChild("memfd");
        assertSame(luo, root.lookup("/LUO").orElseThrow());
        assertSame(root, root.lookup("/").orElseThrow());
        assertSame(m1, root.lookup("//LUO//memfd@1/").orElseThrow());
        assertSame(plain, root.lookup("/LUO/memfd").orElseThrow(), "an exact match wins");
        luo.removeChild("memfd");
        assertSame(m0, root.lookup("/LUO/memfd").orElseThrow(), "else the first name@unit");
        assertTrue(root.lookup("/LUO/memfd@2").isEmpty());
        assertTrue(root.lookup("/luo").isEmpty(), "names are case-sensitive");
        assertSame(m1, luo.lookup("memfd@1").orElseThrow(), "relative to this node");
        assertSame(luo, m1.lookup("/LUO").orElseThrow(), "absolute from any node");
    }

    @Test
    void typedAccessorsCheckLengthAndByteOrder() {
        FdtNode n = FdtNode.newRoot();
        n.setU64LE("phys", 0x0102030405060708L);
        n.setU64BE("be", 0x0102030405060708L);
        n.setU32BE("cell", 0xa0b0c0d0);
        n.setString("s", "héllo");
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, n.getProperty("phys").orElseThrow());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, n.getProperty("be").orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0xa0, (byte) 0xb0, (byte) 0xc0, (byte) 0xd0}, n.getProperty("cell").orElseThrow());
        assertEquals(0x0102030405060708L, n.getU64LE("phys").getAsLong());
        assertEquals(0x0807060504030201L, n.getU64BE("phys").getAsLong());
        assertEquals(0xa0b0c0d0, n.getU32BE("cell").getAsInt());
        assertTrue(n.getU32BE("phys").isEmpty(), "8 bytes are not a u32");
        assertTrue(n.getU64LE("cell").isEmpty(), "4 bytes are not a u64");
        assertTrue(n.getU64LE("missing").isEmpty());
        byte[] s = n.getProperty("s").orElseThrow();
        assertEquals(0, s[s.length - 1]);
        assertEquals("héllo", n.getString("s").orElseThrow());
        assertEquals("héllo".getBytes(StandardCharsets.UTF_8).length + 1, s.length);
    }

    @Test
    void getStringNeedsANul() {
        FdtNode n = FdtNode.newRoot();
        n.setProperty("nonul", new byte[] {'a', 'b'});
        n.setProperty("list", "first\0second\0".getBytes(StandardCharsets.US_ASCII));
        n.setProperty("empty", new byte[0]);
        assertTrue(n.getString("nonul").isEmpty());
        assertTrue(n.getString("empty").isEmpty());
        assertEquals("first", n.getString("list").orElseThrow());
    }

    @Test
    void valuesAreCopiedInAndOut() {
        FdtNode n = FdtNode.newRoot();
        byte[] v = {1, 2, 3};
        n.setProperty("p", v);
        v[0] = 9;
        n.getProperty("p").orElseThrow()[1] = 9;
        n.properties().get(0).value()[2] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, n.getProperty("p").orElseThrow());
    }

    @Test
    void propertiesKeepInsertionOrderAndReplaceInPlace() {
        FdtNode n = FdtNode.newRoot();
        n.setString("b", "1").setString("a", "2").setString("c", "3");
        n.setString("a", "replaced");
        assertEquals(java.util.List.of("b", "a", "c"), n.propertyNames());
        assertTrue(n.removeProperty("b"));
        assertFalse(n.hasProperty("b"));
        assertEquals(java.util.List.of("a", "c"), n.propertyNames());
    }

    @Test
    void namesWithNulAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FdtNode("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> FdtNode.newRoot().setString("p\0", "x"));
    }

    @Test
    void copyAndContentEquals() throws FdtException {
        FdtNode a = FdtTestSupport.khoLikeTree();
        FdtNode b = a.copy();
        assertTrue(a.contentEquals(b));
        b.lookup("/LUO/memfd@0").orElseThrow().setU64LE("fdt", 1);
        assertFalse(a.contentEquals(b));
        FdtNode c = a.copy();
        c.setString("compatible", "kho-v1"); // same value, same position
        assertTrue(a.contentEquals(c));
        FdtNode d = FdtNode.newRoot();
        d.setString("x", "1").setString("y", "2");
        FdtNode e = FdtNode.newRoot();
        e.setString("y", "2").setString("x", "1");
        assertFalse(d.contentEquals(e), "property order is part of the content");
    }

    @Test
    void errorNumbersMatchLibfdt() {
        String[] names = {"NOTFOUND", "EXISTS", "NOSPACE", "BADOFFSET", "BADPATH", "BADPHANDLE", "BADSTATE",
            "TRUNCATED", "BADMAGIC", "BADVERSION", "BADSTRUCTURE", "BADLAYOUT", "INTERNAL"};
        for (int i = 0; i < names.length; i++) {
            FdtError e = FdtError.valueOf(names[i]);
            assertEquals(i + 1, e.number());
            assertEquals(-(i + 1), e.code());
            assertEquals(e, FdtError.fromCode(-(i + 1)).orElseThrow());
        }
        assertEquals("FDT_ERR_BADMAGIC", FdtError.strerror(-9));
        assertEquals("<no error>", FdtError.strerror(0));
        assertEquals("<valid offset/length>", FdtError.strerror(5));
        assertEquals("<unknown error>", FdtError.strerror(-99));
    }
}

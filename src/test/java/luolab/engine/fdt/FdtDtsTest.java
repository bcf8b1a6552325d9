package luolab.engine.fdt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FdtDtsTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void printsLikeDtcDecompiling() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setString("compatible", "kho-v1");
        root.setU32BE("#address-cells", 1);
        root.setProperty("list", ascii("a\0b\0"));
        root.setProperty("bytes", new byte[] {1, 2, 3});
        root.setProperty("empty", new byte[0]);
        root.setU64LE("fdt", 0x1_2345_6000L);
        FdtNode c = root.addChild("child@1");
        c.setProperty("esc", ascii("tab\there \"q\" \\\0"));
        c.addChild("leaf");
        String expected = """
                /dts-v1/;

                /memreserve/\t0x0000000010000000 0x0000000000004000;
                / {
                \tcompatible = "kho-v1";
                \t#address-cells = <0x01>;
                \tlist = "a", "b";
                \tbytes = [01 02 03];
                \tempty;
                \tfdt = <0x604523 0x1000000>;

                \tchild@1 {
                \t\tesc = "tab\\there \\"q\\" \\\\";

                \t\tleaf {
                \t\t};
                \t};
                };
                """;
        assertEquals(expected, FdtDts.toDts(root, List.of(new ReserveEntry(0x1000_0000L, 0x4000))));
        assertEquals(expected, FdtDts.toDts(FdtReader.parse(
                FdtWriter.write(root, List.of(new ReserveEntry(0x1000_0000L, 0x4000)))).orElseThrow()));
    }

    @Test
    void dtcTypeGuessing() {
        assertEquals("[00]", FdtValue.toDtsValue(new byte[1]), "one NUL is not a string: more NULs than text");
        assertEquals("[61 00 00]", FdtValue.toDtsValue(ascii("a\0\0")));
        assertEquals("\"ab\", \"\", \"cd\"", FdtValue.toDtsValue(ascii("ab\0\0cd\0")));
        assertEquals("<0x00>", FdtValue.toDtsValue(new byte[4]));
        assertEquals("<0x616263>", FdtValue.toDtsValue(ascii("\0abc")), "no trailing NUL: cells");
        assertEquals("[ff 00]", FdtValue.toDtsValue(new byte[] {(byte) 0xff, 0}));
        assertEquals("<0xc3a90000>", FdtValue.toDtsValue(new byte[] {(byte) 0xc3, (byte) 0xa9, 0, 0}),
                "non-ASCII is not printable in the C locale");
        assertEquals("\"bell\\a\"", FdtValue.toDtsValue(ascii("bell\u0007\0")));
        assertEquals("", FdtValue.toDtsValue(new byte[0]));
    }

    @Test
    void describeGuessesForTheUi() {
        assertEquals("\"luo-v1\"", FdtValue.describe("compatible", ascii("luo-v1\0")));
        assertEquals(FdtValue.Kind.U64_LE, FdtValue.guess("fdt", new byte[8]));
        assertEquals("0x123456000", FdtValue.describe("fdt", new byte[] {0, 0x60, 0x45, 0x23, 1, 0, 0, 0}));
        assertEquals("<0x00 0x1000>", FdtValue.describe("reg", new byte[] {0, 0, 0, 0, 0, 0, 0x10, 0}),
                "standard cell properties stay cells");
        assertEquals("<0x02>", FdtValue.describe("#size-cells", new byte[] {0, 0, 0, 2}));
        assertEquals("[01 02 03]", FdtValue.describe("x", new byte[] {1, 2, 3}));
        assertEquals("(empty)", FdtValue.describe("x", new byte[0]));
        String longCells = FdtValue.describe("data", new byte[400]);
        assertTrue(longCells.startsWith("<0x00 0x00"), longCells);
        assertTrue(longCells.endsWith("\u2026> (400 bytes)"), longCells);
        String longBytes = FdtValue.describe("data", new byte[401]);
        assertTrue(longBytes.endsWith("\u2026] (401 bytes)"), longBytes);
        assertTrue(longBytes.length() < 150);
    }
}

package luolab.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.fdt.FdtDts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtTree;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.MemoryImage;

/**
 * The FDTs of a handover as files: the KHO root FDT ({@code kho.dtb}, {@code kho.dts}) and, for the
 * older generations whose "LUO" subtree is itself an FDT, the LUO FDT ({@code luo.dtb},
 * {@code luo.dts}). The .dtb bytes are exactly those in memory (up to the header's totalsize); the
 * .dts is {@link FdtDts}'s dtc-style text of them.
 */
public final class FdtExport {
    private FdtExport() {
    }

    /** One blob: its name ("kho", "luo"), PA, bytes, and the parsed tree (null with {@code error} when it does not parse). */
    public record Blob(String name, long pa, byte[] dtb, FdtTree tree, String error) {
        public String dts() {
            String head = String.format("// %s FDT at PA 0x%x, %d bytes (exported by LUO Lab)%n", name.toUpperCase(), pa, dtb.length);
            return tree == null ? head + "// does not parse: " + error + "\n" : head + FdtDts.toDts(tree);
        }
    }

    /** The KHO root FDT at {@code khoFdtPa} and, if "LUO" points at an FDT, that one too. */
    public static List<Blob> extract(PhysicalMemory mem, long khoFdtPa) {
        List<Blob> out = new ArrayList<>();
        Blob kho = blob(mem, "kho", khoFdtPa);
        out.add(kho);
        if (kho.tree() != null) {
            FdtNode luo = kho.tree().root().child("LUO").orElse(null);
            long pa = luo == null ? 0 : luo.getU64LE("preserved-data").orElse(0);
            if (pa != 0 && mem.contains(pa, 4) && mem.u8(pa) == 0xd0 && mem.u8(pa + 1) == 0x0d && mem.u8(pa + 2) == 0xfe
                    && mem.u8(pa + 3) == 0xed) {
                out.add(blob(mem, "luo", pa));
            }
        }
        return out;
    }

    static Blob blob(PhysicalMemory mem, String name, long pa) {
        byte[] b = MemoryImage.fdtBlob(mem, pa);
        if (b.length == 0) {
            return new Blob(name, pa, b, null, String.format("PA 0x%x is outside RAM", pa));
        }
        FdtParseResult r = FdtReader.parse(b);
        return r.isOk() && r.tree().isPresent() ? new Blob(name, pa, b, r.tree().get(), null) : new Blob(name, pa, b, null, r.detail());
    }

    /** Writes NAME.dtb and NAME.dts for every blob into {@code dir}; returns the files written. */
    public static List<Path> write(List<Blob> blobs, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (Blob b : blobs) {
            Path dtb = dir.resolve(b.name() + ".dtb");
            Path dts = dir.resolve(b.name() + ".dts");
            Files.write(dtb, b.dtb());
            Files.writeString(dts, b.dts());
            files.add(dtb);
            files.add(dts);
        }
        return files;
    }

    /** Why there is no LUO FDT in a v7 handover (for the UI and the CLI). */
    public static final String NO_LUO_FDT = "The merged v7 ABI has no LUO FDT: the \"LUO\" subtree is the raw 32-byte luo_ser blob "
            + "(see the .hexpat export). Only older generations (luo-v1, luo-v2) have one.";
}

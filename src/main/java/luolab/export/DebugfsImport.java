package luolab.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import luolab.engine.abi.Layouts;
import luolab.engine.abi.StructLayout;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.fdt.FdtTree;
import luolab.engine.memory.LittleEndian;

/**
 * Reads a real machine's KHO state as debugfs exposes it: {@code /sys/kernel/debug/kho/out/fdt}
 * (or {@code in/fdt}), the subtree blobs in {@code sub_fdts/NAME} and {@code scratch_phys} /
 * {@code scratch_len}. Accepts the {@code kho} directory, {@code out} or {@code in}, or a single FDT
 * file. Decodes what the blobs contain (the root FDT, luo_ser, kexec metadata, sub-FDTs) and says
 * plainly what cannot be shown: the memory behind every physical address is not in debugfs.
 */
public final class DebugfsImport {
    private DebugfsImport() {
    }

    /** A decoded field of a raw subtree blob. */
    public record Field(String name, String value) {
    }

    /** One file under sub_fdts/: an FDT ({@code tree}), a known raw struct ({@code fields}), or opaque bytes. */
    public record Sub(String name, byte[] bytes, FdtTree tree, String struct, List<Field> fields, String note) {
    }

    /** What was imported from {@code source}; {@code messages} are shown as they are. */
    public record Imported(Path source, FdtTree root, byte[] rootBlob, List<Sub> subs, List<String> scratch, List<String> messages) {
    }

    public static final String NO_MEMORY = "Only the FDT and the subtree blobs are in debugfs: the memory behind their physical "
            + "addresses (preserved-memory-map, preserved-data, sessions_pa, …) is not, so the radix tree, block chains and "
            + "file contents of a real machine cannot be shown.";

    public static Imported read(Path source) throws IOException {
        Path dir;
        Path fdtFile;
        if (Files.isRegularFile(source)) {
            fdtFile = source;
            dir = source.getParent();
        } else if (Files.isDirectory(source)) {
            dir = source;
            if (!Files.isRegularFile(dir.resolve("fdt")) && Files.isRegularFile(dir.resolve("out").resolve("fdt"))) {
                dir = dir.resolve("out");
            } else if (!Files.isRegularFile(dir.resolve("fdt")) && Files.isRegularFile(dir.resolve("in").resolve("fdt"))) {
                dir = dir.resolve("in");
            }
            fdtFile = dir.resolve("fdt");
            if (!Files.isRegularFile(fdtFile)) {
                throw new IOException(source + ": no KHO FDT here (expected the debugfs kho/out or kho/in directory with a file 'fdt')");
            }
        } else {
            throw new IOException(source + ": no such file or directory");
        }
        List<String> messages = new ArrayList<>();
        byte[] blob = Files.readAllBytes(fdtFile);
        FdtParseResult r = FdtReader.parse(blob);
        FdtTree tree = r.isOk() ? r.tree().orElse(null) : null;
        if (tree == null) {
            messages.add(fdtFile.getFileName() + " is not a valid FDT: " + r.detail());
        } else {
            String compat = tree.root().getString("compatible").orElse("");
            if (!compat.startsWith("kho-")) {
                messages.add("The root's compatible is \"" + compat + "\", not a KHO FDT (\"kho-v…\"); shown as it is.");
            }
        }
        List<Sub> subs = new ArrayList<>();
        Path subDir = dir == null ? null : dir.resolve("sub_fdts");
        if (subDir != null && Files.isDirectory(subDir)) {
            try (Stream<Path> s = Files.list(subDir)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p)) {
                        subs.add(sub(p.getFileName().toString(), Files.readAllBytes(p)));
                    }
                }
            }
        } else if (tree != null && !tree.root().children().isEmpty()) {
            messages.add("No sub_fdts/ directory next to the FDT: the subtrees' blobs were not imported.");
        }
        List<String> scratch = new ArrayList<>();
        if (dir != null && Files.isRegularFile(dir.resolve("scratch_phys")) && Files.isRegularFile(dir.resolve("scratch_len"))) {
            List<String> a = Files.readAllLines(dir.resolve("scratch_phys"), StandardCharsets.US_ASCII);
            List<String> l = Files.readAllLines(dir.resolve("scratch_len"), StandardCharsets.US_ASCII);
            for (int i = 0; i < Math.min(a.size(), l.size()); i++) {
                scratch.add("scratch " + i + ": " + a.get(i).trim() + " + " + l.get(i).trim());
            }
        }
        messages.add(NO_MEMORY);
        return new Imported(source, tree, blob, List.copyOf(subs), List.copyOf(scratch), List.copyOf(messages));
    }

    static Sub sub(String name, byte[] b) {
        if (b.length >= 4 && (b[0] & 0xff) == 0xd0 && (b[1] & 0xff) == 0x0d && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xed) {
            FdtParseResult r = FdtReader.parse(b);
            if (r.isOk() && r.tree().isPresent()) {
                return new Sub(name, b, r.tree().get(), null, List.of(), "an FDT (older LUO generations keep their state in one)");
            }
            return new Sub(name, b, null, null, List.of(), "starts like an FDT but does not parse: " + r.detail());
        }
        if (name.equals("LUO") && b.length == Layouts.LUO_SER.size()) {
            return new Sub(name, b, null, "luo_ser", decode(Layouts.LUO_SER, b), "the v7 luo_ser blob: sessions_pa and flbs_pa point "
                    + "into the real machine's memory, which debugfs does not expose");
        }
        if (name.equals("kexec-metadata") && b.length == Layouts.KEXEC_METADATA.size()) {
            return new Sub(name, b, null, "kho_kexec_metadata", decode(Layouts.KEXEC_METADATA, b), null);
        }
        return new Sub(name, b, null, null, List.of(), b.length + " bytes of a format LUO Lab does not know; shown as hex");
    }

    static List<Field> decode(StructLayout l, byte[] b) {
        List<Field> out = new ArrayList<>();
        for (StructLayout.Field f : l.fields()) {
            String v = switch (f.type()) {
                case CHARS -> {
                    int end = f.offset();
                    while (end < f.offset() + f.size() && b[end] != 0) {
                        end++;
                    }
                    yield "\"" + new String(b, f.offset(), end - f.offset(), StandardCharsets.ISO_8859_1) + "\"";
                }
                case U32 -> Long.toString(LittleEndian.u32(b, f.offset()));
                case U64 -> Long.toUnsignedString(LittleEndian.u64(b, f.offset()));
                case PA -> String.format("0x%x (physical address; not in the blob)", LittleEndian.u64(b, f.offset()));
                default -> f.size() + " bytes";
            };
            out.add(new Field(f.name(), v));
        }
        return out;
    }

    /** Every property of a tree, for tests and text output: "/LUO/preserved-data = 0x…". */
    public static List<String> describe(FdtNode n) {
        List<String> out = new ArrayList<>();
        walk(n, out);
        return out;
    }

    private static void walk(FdtNode n, List<String> out) {
        for (var p : n.properties()) {
            out.add(n.path() + (n.isRoot() ? "" : "/") + p.name() + " = " + luolab.engine.fdt.FdtValue.describe(p.name(), p.value()));
        }
        for (FdtNode c : n.children()) {
            walk(c, out);
        }
    }
}

package luolab.engine.fdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Trees and blob surgery shared by the fdt tests. */
final class FdtTestSupport {
    private FdtTestSupport() {
    }

    /** Header field offsets (struct fdt_header). */
    static final int TOTALSIZE = 4;
    static final int OFF_DT_STRUCT = 8;
    static final int OFF_DT_STRINGS = 12;
    static final int OFF_MEM_RSVMAP = 16;
    static final int VERSION = 20;
    static final int LAST_COMP_VERSION = 24;
    static final int SIZE_DT_STRINGS = 32;
    static final int SIZE_DT_STRUCT = 36;

    static int u32(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).getInt();
    }

    static byte[] withU32(byte[] b, int off, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).putInt(off, value);
        return c;
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A tree shaped like KHO's: root with compatible, a preserved-memory-map u64, and LUO subtrees. */
    static FdtNode khoLikeTree() throws FdtException {
        FdtNode root = FdtNode.newRoot();
        root.setString("compatible", "kho-v1");
        root.setU64LE("preserved-memory-map", 0x1_2345_6000L);
        FdtNode luo = root.addChild("LUO");
        luo.setString("compatible", "luo-v1");
        luo.setU64BE("liveupdate-number", 3);
        FdtNode memfd = luo.addChild("memfd@0");
        memfd.setString("compatible", "memfd-v1");
        memfd.setU64LE("fdt", 0xabcd_e000L);
        memfd.setU32BE("#size-cells", 2);
        memfd.setProperty("pages", new byte[] {1, 2, 3});
        memfd.setProperty("empty", new byte[0]);
        root.addChild("memblock").setString("compatible", "memblock-v1");
        return root;
    }

    /** A random tree: names from a small pool so that names repeat across nodes. */
    static FdtNode randomTree(Random rnd, int maxDepth, int maxChildren, int maxProps) {
        FdtNode root = FdtNode.newRoot();
        fill(rnd, root, maxDepth - 1, maxChildren, maxProps);
        return root;
    }

    private static final String[] PROP_NAMES = {
        "compatible", "reg", "name", "node-name", "fdt", "#address-cells", "#size-cells", "status",
        "preserved-memory-map", "liveupdate-number", "x", "data", "label", "serial-number"
    };

    private static void fill(Random rnd, FdtNode node, int depthLeft, int maxChildren, int maxProps) {
        int props = rnd.nextInt(maxProps + 1);
        for (int i = 0; i < props; i++) {
            String name = PROP_NAMES[rnd.nextInt(PROP_NAMES.length)] + (rnd.nextInt(4) == 0 ? "-" + i : "");
            switch (rnd.nextInt(6)) {
                case 0 -> node.setString(name, "v" + rnd.nextInt(1000));
                case 1 -> node.setU32BE(name, rnd.nextInt());
                case 2 -> node.setU64LE(name, rnd.nextLong());
                case 3 -> node.setProperty(name, new byte[0]);
                default -> {
                    byte[] v = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(v);
                    node.setProperty(name, v);
                }
            }
        }
        if (depthLeft <= 0) {
            return;
        }
        int kids = rnd.nextInt(maxChildren + 1);
        for (int i = 0; i < kids; i++) {
            String name = rnd.nextBoolean() ? "node" + i : "dev@" + Integer.toHexString(rnd.nextInt(1 << 20));
            if (node.child(name).isPresent()) {
                continue;
            }
            try {
                fill(rnd, node.addChild(name), depthLeft - 1, maxChildren, maxProps);
            } catch (FdtException e) {
                throw new AssertionError(e);
            }
        }
    }

    static List<FdtNode> allNodes(FdtNode root) {
        List<FdtNode> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(FdtNode n, List<FdtNode> out) {
        out.add(n);
        for (FdtNode c : n.children()) {
            collect(c, out);
        }
    }

    /** A python3 that can import pylibfdt's _libfdt (the differential tests' oracle), if any. */
    static Optional<String> pythonWithLibfdt() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import _libfdt").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException | InterruptedException e) {
                // not usable; try the next
            }
        }
        return Optional.empty();
    }

    /** Runs the oracle {@code script} over blobs 0.dtb … (n-1).dtb in {@code dir}; its output lines. */
    static String runOracle(String python, String script, Path dir, int n, int timeoutSeconds) throws IOException, InterruptedException {
        Path file = dir.resolve("oracle.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(python, file.toString(), dir.toString(), String.valueOf(n)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

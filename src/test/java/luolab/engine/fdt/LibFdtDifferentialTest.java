package luolab.engine.fdt;

import static luolab.engine.fdt.FdtTestSupport.khoLikeTree;
import static luolab.engine.fdt.FdtTestSupport.pythonWithLibfdt;
import static luolab.engine.fdt.FdtTestSupport.runOracle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LibFdt} against the real libfdt (pylibfdt, Debian python3-libfdt) on mutated KHO-like
 * blobs: fdt_check_header, fdt_node_check_compatible, fdt_getprop and fdt_subnode_offset give the
 * same codes, lengths and offsets. Skipped where no Python with {@code _libfdt} is found.
 */
class LibFdtDifferentialTest {
    private static final int MUTANTS = 1500;
    /** Both sides see the blob followed by zeros up to this size; a read beyond it skips the blob. */
    private static final int BUFFER = 1 << 16;

    /** Prints "index results…" per blob, each call in a child so that a libfdt crash prints CRASH. */
    private static final String ORACLE = """
            import os, sys, _libfdt
            d = sys.argv[1]
            def plen(r):
                return str(r[1]) if isinstance(r, list) else str(r)
            for i in range(int(sys.argv[2])):
                buf = bytearray(open(os.path.join(d, '%d.dtb' % i), 'rb').read())
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(r)
                    out = [str(_libfdt.fdt_check_header(buf)),
                           str(_libfdt.fdt_node_check_compatible(buf, 0, 'kho-v1')),
                           str(_libfdt.fdt_node_check_compatible(buf, 0, 'kho-v4')),
                           plen(_libfdt.fdt_getprop(buf, 0, 'preserved-memory-map'))]
                    luo = _libfdt.fdt_subnode_offset(buf, 0, 'LUO')
                    out.append(str(luo))
                    if luo >= 0:
                        out += [str(_libfdt.fdt_node_check_compatible(buf, luo, 'luo-v1')),
                                plen(_libfdt.fdt_getprop(buf, luo, 'liveupdate-number')),
                                str(_libfdt.fdt_subnode_offset(buf, luo, 'memfd'))]
                    os.write(w, (' '.join(out)).encode())
                    os._exit(0)
                os.close(w)
                data = os.read(r, 4096).decode()
                os.close(r)
                _, st = os.waitpid(pid, 0)
                print(i, data if os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0 else 'CRASH')
            """;

    static String ours(byte[] buf) {
        LibFdt f = new LibFdt(off -> {
            if (off < 0 || off >= buf.length) {
                throw new IndexOutOfBoundsException("beyond the buffer: " + off);
            }
            return buf[(int) off] & 0xFF;
        }, true);
        List<String> out = new ArrayList<>();
        out.add("" + f.checkHeader());
        out.add("" + f.nodeCheckCompatible(0, "kho-v1"));
        out.add("" + f.nodeCheckCompatible(0, "kho-v4"));
        out.add("" + f.getprop(0, "preserved-memory-map").len());
        int luo = f.subnodeOffset(0, "LUO");
        out.add("" + luo);
        if (luo >= 0) {
            out.add("" + f.nodeCheckCompatible(luo, "luo-v1"));
            out.add("" + f.getprop(luo, "liveupdate-number").len());
            out.add("" + f.subnodeOffset(luo, "memfd"));
        }
        return String.join(" ", out);
    }

    @Test
    void agreesWithLibfdtOnMutatedKhoBlobs(@TempDir Path dir) throws Exception {
        Optional<String> python = pythonWithLibfdt();
        Assumptions.assumeTrue(python.isPresent(), "no python3 with pylibfdt (_libfdt) on this machine");

        Random rnd = new Random(0x4B484F);
        byte[] kho = FdtWriter.write(khoLikeTree(), List.of(), 0, 512);
        List<byte[]> bufs = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] m = i == 0 ? kho : FdtFuzzTest.mutate(rnd, kho);
            byte[] buf = Arrays.copyOf(m, BUFFER);
            bufs.add(buf);
            Files.write(dir.resolve(i + ".dtb"), buf);
        }
        String out = runOracle(python.get(), ORACLE, dir, MUTANTS, 300);

        int compared = 0;
        int accepted = 0;
        for (String line : out.strip().split("\n")) {
            int sp = line.indexOf(' ');
            int i = Integer.parseInt(line.substring(0, sp));
            String libfdt = line.substring(sp + 1).trim();
            if (libfdt.equals("CRASH")) {
                continue;
            }
            String mine;
            try {
                mine = ours(bufs.get(i));
            } catch (IndexOutOfBoundsException e) {
                continue; // libfdt read past the buffer too; what it saw there is not defined
            }
            assertEquals(libfdt, mine, "blob " + i);
            compared++;
            if (libfdt.startsWith("0 ")) {
                accepted++;
            }
        }
        assertTrue(compared > MUTANTS * 9 / 10, "compared only " + compared);
        assertTrue(accepted > MUTANTS / 4 && accepted < compared, "header accepted in " + accepted + " of " + compared);
    }
}

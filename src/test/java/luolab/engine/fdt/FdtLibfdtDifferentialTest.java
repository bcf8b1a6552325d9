package luolab.engine.fdt;

import static luolab.engine.fdt.FdtTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the parser with the real libfdt, through pylibfdt (Debian: python3-libfdt), on
 * mutated blobs. Skipped where no Python with the {@code _libfdt} module is found.
 */
class FdtLibfdtDifferentialTest {
    private static final int MUTANTS = 1000;

    /** Prints "index header_prelude_code check_full_code" per blob; a crash in libfdt prints CRASH. */
    private static final String ORACLE = """
            import os, struct, sys, _libfdt
            d = sys.argv[1]
            for i in range(int(sys.argv[2])):
                raw = open(os.path.join(d, '%d.dtb' % i), 'rb').read()
                buf = bytearray(raw) + bytearray(64)  # libfdt may read header fields past a short buffer
                n = len(raw)
                pid = os.fork()
                if pid == 0:
                    os._exit(-_libfdt.fdt_check_full(buf, n))
                _, st = os.waitpid(pid, 0)
                full = str(-os.WEXITSTATUS(st)) if os.WIFEXITED(st) else 'CRASH'
                # fdt_check_full() up to its header checks
                version = struct.unpack('>I', bytes(buf[20:24]))[0]
                hdr = 28 if version <= 1 else 32 if version <= 2 else 36 if version <= 16 else 40
                if n < 28 or n < hdr:
                    head = -8
                else:
                    head = _libfdt.fdt_check_header(buf)
                    if head == 0 and n < struct.unpack('>I', bytes(buf[4:8]))[0]:
                        head = -8
                print(i, head, full)
            """;

    @Test
    void agreesWithLibfdtOnMutatedBlobs(@TempDir Path dir) throws Exception {
        Optional<String> python = pythonWithLibfdt();
        Assumptions.assumeTrue(python.isPresent(), "no python3 with pylibfdt (_libfdt) on this machine");

        Random rnd = new Random(0x11BFD7);
        byte[] kho = FdtWriter.write(khoLikeTree(), List.of(new ReserveEntry(0x1000, 0x1000)), 0, 512);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] base = i % 2 == 0 ? kho : FdtWriter.write(randomTree(rnd, 4, 3, 4));
            byte[] b = FdtFuzzTest.mutate(rnd, base);
            blobs.add(b);
            Files.write(dir.resolve(i + ".dtb"), b);
        }
        String out = runOracle(python.get(), ORACLE, dir, MUTANTS, 120);

        int compared = 0;
        int libfdtRejected = 0;
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            byte[] blob = blobs.get(Integer.parseInt(f[0]));
            assertEquals(Integer.parseInt(f[1]), FdtReader.checkHeader(blob), () -> "header code, blob " + f[0]);
            if (f[2].equals("CRASH")) {
                continue; // libfdt 1.6.1 can crash on some pre-v16 blobs
            }
            int libfdt = Integer.parseInt(f[2]);
            FdtParseResult ours = FdtReader.parse(blob);
            if (ours.isOk()) {
                assertEquals(0, libfdt, () -> "we accept what libfdt rejects, blob " + f[0]);
            }
            boolean v16plus = blob.length >= 24 && Integer.toUnsignedLong(u32(blob, VERSION)) >= 16;
            if (libfdt != 0 && v16plus) {
                libfdtRejected++;
                assertEquals(libfdt, ours.code(), () -> "blob " + f[0] + ": " + ours);
            }
            compared++;
        }
        assertTrue(compared > MUTANTS * 9 / 10, "compared only " + compared);
        assertTrue(libfdtRejected > MUTANTS / 4, "too few rejected mutants: " + libfdtRejected);
    }
}

package luolab.scenario;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import luolab.engine.abi.Abi;
import luolab.engine.kho.Scratch;
import luolab.engine.machine.BootParams;
import luolab.engine.memory.PhysicalMemory;

/**
 * An exported machine at the instant of a kexec jump, as a directory other tools can read:
 * <ul>
 * <li>{@code memory.bin} — raw RAM, byte N = physical address ram_base + N, written sparse (pages
 * that hold no bytes of their own are holes and read as zeros);</li>
 * <li>{@code handover.json} — only what the next kernel is told, plus the ABI of the kernel to boot:
 * {@code {"page_size", "ram_base", "ram_size", "kho_fdt_pa", "scratch": [[start, size], …], "abi", "boot"}};</li>
 * <li>{@code kho.dtb} — a copy of the KHO root FDT blob (also inside memory.bin at kho_fdt_pa);</li>
 * <li>{@code export.json} — for {@code luolab run --from}: which scenario and step it came from.</li>
 * </ul>
 */
public final class MemoryImage {
    public static final String MEMORY = "memory.bin";
    public static final String HANDOVER = "handover.json";
    public static final String DTB = "kho.dtb";
    public static final String EXPORT = "export.json";

    private MemoryImage() {
    }

    /** handover.json. */
    public record Handover(int pageSize, long ramBase, long ramSize, long khoFdtPa, List<Scratch> scratch, String abi, int boot) {
        public BootParams bootParams() {
            return new BootParams(khoFdtPa, scratch);
        }
    }

    /** export.json: where in which scenario the image was taken; {@code resumeStep} is the 0-based index of the next step. */
    public record ExportInfo(String scenario, String source, String at, int resumeStep) {
    }

    /** A loaded image. {@code export} is null when the directory has no export.json. */
    public record Loaded(PhysicalMemory memory, Handover handover, ExportInfo export, long pagesWithData) {
    }

    /** Something wrong with an image directory; the message is one line naming the file. */
    public static final class ImageException extends Exception {
        public ImageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Writes memory.bin (sparse), handover.json, kho.dtb and export.json into {@code dir}; returns pages written. */
    public static long write(Path dir, PhysicalMemory mem, Handover h, ExportInfo info) throws IOException {
        Files.createDirectories(dir);
        long[] pages = {0};
        Path bin = dir.resolve(MEMORY);
        Files.deleteIfExists(bin);
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
            f.setLength(mem.size());
            IOException[] err = {null};
            mem.forEachTouchedPage((pfn, bytes) -> {
                if (err[0] != null || isZero(bytes)) {
                    return;
                }
                try {
                    f.seek(PhysicalMemory.pa(pfn) - mem.base());
                    f.write(bytes);
                    pages[0]++;
                } catch (IOException e) {
                    err[0] = e;
                }
            });
            if (err[0] != null) {
                throw err[0];
            }
        }
        Files.writeString(dir.resolve(HANDOVER), handoverJson(h));
        Files.write(dir.resolve(DTB), fdtBlob(mem, h.khoFdtPa()));
        if (info != null) {
            JsonObject e = new JsonObject();
            e.addProperty("scenario", info.scenario());
            e.addProperty("source", info.source());
            e.addProperty("at", info.at());
            e.addProperty("resume_step", info.resumeStep());
            Files.writeString(dir.resolve(EXPORT), new GsonBuilder().setPrettyPrinting().create().toJson(e) + "\n");
        }
        return pages[0];
    }

    /** handover.json text: one field per line, scratch pairs inline. */
    static String handoverJson(Handover h) {
        StringBuilder sc = new StringBuilder();
        for (Scratch s : h.scratch()) {
            sc.append(sc.length() == 0 ? "" : ", ").append('[').append(s.addr()).append(", ").append(s.size()).append(']');
        }
        return "{\n"
                + "  \"page_size\": " + h.pageSize() + ",\n"
                + "  \"ram_base\": " + h.ramBase() + ",\n"
                + "  \"ram_size\": " + h.ramSize() + ",\n"
                + "  \"kho_fdt_pa\": " + h.khoFdtPa() + ",\n"
                + "  \"scratch\": [" + sc + "],\n"
                + "  \"abi\": " + new com.google.gson.Gson().toJson(h.abi()) + ",\n"
                + "  \"boot\": " + h.boot() + "\n"
                + "}\n";
    }

    /** The FDT blob at {@code pa}: totalsize bytes from its header (at most one page), or the whole page. */
    public static byte[] fdtBlob(PhysicalMemory mem, long pa) {
        if (!mem.contains(pa, PhysicalMemory.PAGE_SIZE)) {
            return new byte[0];
        }
        byte[] page = mem.read(pa, PhysicalMemory.PAGE_SIZE);
        long total = ((page[4] & 0xFFL) << 24) | ((page[5] & 0xFFL) << 16) | ((page[6] & 0xFFL) << 8) | (page[7] & 0xFFL);
        int magic = ((page[0] & 0xFF) << 24) | ((page[1] & 0xFF) << 16) | ((page[2] & 0xFF) << 8) | (page[3] & 0xFF);
        if (magic != 0xd00dfeed || total < 40 || total > page.length) {
            return page;
        }
        return java.util.Arrays.copyOf(page, (int) total);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads handover.json (and export.json if present) and loads memory.bin into a new PhysicalMemory. */
    public static Loaded read(Path dir) throws ImageException {
        if (!Files.isDirectory(dir)) {
            throw new ImageException(dir + ": not a directory (expected an exported image with " + HANDOVER + " and " + MEMORY + ")");
        }
        Handover h = readHandover(dir);
        ExportInfo info = readExport(dir);
        Path bin = dir.resolve(MEMORY);
        if (!Files.isRegularFile(bin)) {
            throw new ImageException(bin + ": missing");
        }
        PhysicalMemory mem;
        try {
            mem = new PhysicalMemory(h.ramBase(), h.ramSize());
        } catch (IllegalArgumentException e) {
            throw new ImageException(dir.resolve(HANDOVER) + ": " + e.getMessage());
        }
        long pages = 0;
        try (InputStream in = Files.newInputStream(bin)) {
            long size = Files.size(bin);
            if (size != h.ramSize()) {
                throw new ImageException(bin + ": " + size + " bytes, but handover.json says ram_size " + h.ramSize());
            }
            byte[] buf = new byte[1 << 20];
            long off = 0;
            while (off < size) {
                int want = (int) Math.min(buf.length, size - off);
                int got = in.readNBytes(buf, 0, want);
                if (got < want) {
                    throw new ImageException(bin + ": short read at offset " + (off + got));
                }
                for (int p = 0; p < got; p += PhysicalMemory.PAGE_SIZE) {
                    if (!zeroRange(buf, p, PhysicalMemory.PAGE_SIZE)) {
                        mem.write(h.ramBase() + off + p, java.util.Arrays.copyOfRange(buf, p, p + PhysicalMemory.PAGE_SIZE), null);
                        pages++;
                    }
                }
                off += got;
            }
        } catch (IOException e) {
            throw new ImageException(bin + ": cannot read: " + e.getMessage());
        }
        return new Loaded(mem, h, info, pages);
    }

    private static boolean zeroRange(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    public static Handover readHandover(Path dir) throws ImageException {
        Path p = dir.resolve(HANDOVER);
        JsonObject o = readJson(p);
        int pageSize = (int) num(o, "page_size", p);
        if (pageSize != PhysicalMemory.PAGE_SIZE) {
            throw new ImageException(p + ": page_size " + pageSize + " is not supported (only 4096)");
        }
        long base = num(o, "ram_base", p);
        long size = num(o, "ram_size", p);
        if (base <= 0 || (base & 4095) != 0 || size < 16 * 4096L || (size & 4095) != 0) {
            throw new ImageException(p + ": ram_base/ram_size must be page aligned, base > 0, size ≥ 64 KiB");
        }
        long fdt = num(o, "kho_fdt_pa", p);
        List<Scratch> scratch = new ArrayList<>();
        JsonElement sc = o.get("scratch");
        if (sc == null || !sc.isJsonArray()) {
            throw new ImageException(p + ": missing \"scratch\" (a list of [start, size] pairs)");
        }
        for (JsonElement e : sc.getAsJsonArray()) {
            if (!e.isJsonArray() || e.getAsJsonArray().size() != 2) {
                throw new ImageException(p + ": each scratch entry must be [start, size]");
            }
            try {
                scratch.add(new Scratch(e.getAsJsonArray().get(0).getAsLong(), e.getAsJsonArray().get(1).getAsLong()));
            } catch (RuntimeException ex) {
                throw new ImageException(p + ": scratch entries must be numbers");
            }
        }
        String abi = str(o, "abi", p);
        if (Abi.byId(abi) == null) {
            throw new ImageException(p + ": unknown abi \"" + abi + "\"");
        }
        int boot = (int) num(o, "boot", p);
        return new Handover(pageSize, base, size, fdt, scratch, abi, boot);
    }

    private static ExportInfo readExport(Path dir) throws ImageException {
        Path p = dir.resolve(EXPORT);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        JsonObject o = readJson(p);
        return new ExportInfo(str(o, "scenario", p), o.has("source") ? str(o, "source", p) : "", o.has("at") ? str(o, "at", p) : "",
                (int) num(o, "resume_step", p));
    }

    private static JsonObject readJson(Path p) throws ImageException {
        if (!Files.isRegularFile(p)) {
            throw new ImageException(p + ": missing");
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ImageException(p + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new ImageException(p + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("^([\\w.$]+(Exception|Error): )+", "");
            throw new ImageException(p + ": malformed JSON: " + m);
        }
    }

    private static long num(JsonObject o, String k, Path p) throws ImageException {
        JsonElement e = o.get(k);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ImageException(p + ": missing or non-numeric \"" + k + "\"");
        }
        try {
            return e.getAsLong();
        } catch (NumberFormatException ex) {
            throw new ImageException(p + ": \"" + k + "\" is not an integer");
        }
    }

    private static String str(JsonObject o, String k, Path p) throws ImageException {
        JsonElement e = o.get(k);
        if (e == null || !e.isJsonPrimitive()) {
            throw new ImageException(p + ": missing \"" + k + "\"");
        }
        return e.getAsString();
    }
}

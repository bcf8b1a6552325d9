package luolab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.ByteSource;
import luolab.engine.fdt.FdtDts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.fdt.FdtReader;
import luolab.engine.kho.Kho;
import luolab.engine.kho.KhoBoot;
import luolab.engine.kho.KhoRadixTree;
import luolab.engine.kho.Scratch;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.MemoryImage;
import luolab.scenario.Values;

/**
 * Reads an image as the next kernel would — from bytes only, following physical addresses with
 * bounds, cycle and length checks — and prints what it finds. Never throws on corrupted content.
 */
final class ImageWalker {
    /** Beyond this a chain is reported as over-long (the kernel's Floyd limit fires at 2 × 10000 + 1). */
    static final int MAX_CHAIN = 20001;
    private static final int SHOW = 64;
    private static final int SHOW_ENTRIES = 16;

    private final PhysicalMemory mem;
    private final MemoryImage.Handover h;
    private final Abi abi;
    private final PrintWriter out;
    private final boolean all;
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<Long, Integer> preserved = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    ImageWalker(PhysicalMemory mem, MemoryImage.Handover h, PrintWriter out, boolean all) {
        this.mem = mem;
        this.h = h;
        this.abi = Abi.byId(h.abi());
        this.out = out;
        this.all = all;
    }

    void walk(long pagesWithData) {
        out.printf("Image: RAM 0x%x..0x%x (%s), %d pages with data; next kernel: boot %d, abi %s%n", mem.base(), mem.end(),
                Values.human(mem.size()), pagesWithData, h.boot(), h.abi());
        StringBuilder sc = new StringBuilder();
        for (Scratch s : h.scratch()) {
            sc.append(String.format(" [0x%x +%s]", s.addr(), Values.human(s.size())));
        }
        out.println("Scratch:" + (sc.length() == 0 ? " none" : sc));
        FdtNode root = fdt();
        if (root == null) {
            finish();
            return;
        }
        radix(root);
        luo(root);
        ranges();
        finish();
    }

    private void finish() {
        out.println();
        if (warnings.isEmpty()) {
            out.println("No problems found.");
        } else {
            out.println("Problems (" + warnings.size() + "):");
            for (String w : warnings) {
                out.println("  ! " + w);
            }
        }
    }

    private boolean readable(long pa, long len) {
        return mem.contains(pa, len);
    }

    private String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    // ---- KHO FDT -------------------------------------------------------------------------------

    private FdtNode fdt() {
        long pa = h.khoFdtPa();
        out.println();
        out.println("KHO root FDT @ " + hex(pa) + ":");
        if (!readable(pa, PhysicalMemory.PAGE_SIZE)) {
            warnings.add("kho_fdt_pa " + hex(pa) + " is outside RAM: the next kernel disables KHO revival");
            return null;
        }
        labels.put(pa, "KHO root FDT");
        byte[] blob = mem.read(pa, PhysicalMemory.PAGE_SIZE);
        FdtParseResult r = FdtReader.parse(ByteSource.of(blob), 0, blob.length);
        if (!r.isOk()) {
            out.println("  invalid FDT: " + r.error().map(Object::toString).orElse("?") + " (" + r.code() + ") " + r.detail());
            warnings.add("the KHO root FDT does not parse: the next kernel disables KHO revival and boots fresh");
            return null;
        }
        for (String line : FdtDts.toDts(r.tree().get()).split("\n")) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
        FdtNode root = r.tree().get().root();
        decoded(root, "");
        String compat = root.getString("compatible").orElse(null);
        if (compat == null || !compat.equals(abi.khoCompatible())) {
            warnings.add("KHO compatible is " + (compat == null ? "missing" : "\"" + compat + "\"") + ", a " + abi.id()
                    + " kernel expects \"" + abi.khoCompatible() + "\": it disables KHO revival");
        }
        return root;
    }

    /** KHO writes its u64 properties in CPU (little-endian) order, which dts shows as odd cells: decode them. */
    private void decoded(FdtNode node, String path) {
        for (String name : node.propertyNames()) {
            byte[] v = node.getProperty(name).orElse(new byte[0]);
            if (v.length == 8 && !name.equals("compatible")) {
                long x = LittleEndian.u64(v, 0);
                out.println("  (" + (path.isEmpty() ? "/" : path) + " " + name + " = " + (name.contains("size") || name.contains("number") ? Long.toUnsignedString(x) : hex(x))
                        + ", a little-endian u64)");
            }
        }
        for (FdtNode c : node.children()) {
            decoded(c, path + "/" + c.name());
        }
    }

    // ---- preserved memory ----------------------------------------------------------------------

    private void radix(FdtNode root) {
        long rootPa = root.getU64LE(Kho.PROP_PRESERVED_MEMORY_MAP).orElse(0);
        if (rootPa == 0 || !readable(rootPa, PhysicalMemory.PAGE_SIZE)) {
            warnings.add("preserved-memory-map " + hex(rootPa) + " is missing or outside RAM: nothing would be reserved");
            return;
        }
        int[] nodes = {0};
        int err;
        try {
            err = KhoRadixTree.walk(mem, rootPa, KhoBoot.WALK_BUDGET, (pa, order) -> {
                preserved.put(pa, order);
                return true;
            }, (pa, level) -> nodes[0]++);
        } catch (RuntimeException e) {
            warnings.add("the radix tree points outside RAM (" + e.getMessage() + "): the early kernel would fault");
            return;
        }
        if (err != 0) {
            warnings.add("the radix tree walk did not finish within " + KhoBoot.WALK_BUDGET + " nodes (a loop?)");
        }
        radixNodes = nodes[0];
        radixRoot = rootPa;
    }

    private int radixNodes;
    private long radixRoot;

    private boolean isPreserved(long pa) {
        for (int order = 0; order <= 20; order++) {
            long head = pa & ~((PhysicalMemory.PAGE_SIZE << order) - 1L);
            Integer o = preserved.get(head);
            if (o != null && o >= order) {
                return true;
            }
        }
        return false;
    }

    private void ranges() {
        out.println();
        long pages = 0;
        for (int o : preserved.values()) {
            pages += 1L << o;
        }
        out.println("Preserved memory (KHO radix tree @ " + hex(radixRoot) + ", " + radixNodes + " node pages): " + preserved.size()
                + " ranges, " + pages + " pages");
        int shown = 0;
        for (Map.Entry<Long, Integer> e : preserved.entrySet()) {
            if (!all && shown == SHOW) {
                out.println("  … " + (preserved.size() - SHOW) + " more (use --all)");
                break;
            }
            String label = labels.getOrDefault(e.getKey(), "");
            out.printf("  0x%x  order %d (%d page%s)%s%n", e.getKey(), e.getValue(), 1L << e.getValue(), e.getValue() == 0 ? "" : "s",
                    label.isEmpty() ? "" : "  " + label);
            shown++;
        }
    }

    // ---- LUO -----------------------------------------------------------------------------------

    private void luo(FdtNode root) {
        out.println();
        var node = root.child("LUO");
        if (node.isEmpty()) {
            out.println("No \"LUO\" subtree: the next kernel starts live update fresh (nothing to restore).");
            return;
        }
        long pa = node.get().getU64LE(Kho.PROP_SUB_FDT).orElse(0);
        long size = node.get().getU64LE(Kho.PROP_BLOB_SIZE).orElse(-1);
        if (abi.luoIsFdt()) {
            luoFdt(root, pa);
            return;
        }
        out.println("LUO state (luo_ser) @ " + hex(pa) + ", blob-size " + size + ":");
        if (size < 32) {
            warnings.add("LUO blob-size " + size + " < 32: the next kernel panics (\"LUO state is too small\")");
        }
        if (!readable(pa, 32)) {
            warnings.add("luo_ser " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa & ~4095L, "luo_ser");
        if (!isPreserved(pa)) {
            warnings.add("luo_ser page " + hex(pa) + " is not preserved");
        }
        byte[] ser = mem.read(pa, 32);
        String compat = LittleEndian.cString(ser, 0, 8);
        long num = LittleEndian.u64(ser, 8);
        long sessionsPa = LittleEndian.u64(ser, 16);
        long flbsPa = LittleEndian.u64(ser, 24);
        out.println("  compatible      \"" + compat + "\"" + (compat.equals(abi.luoCompatible()) ? "" : "  (a " + abi.id() + " kernel expects \""
                + abi.luoCompatible() + "\": it panics)"));
        out.println("  liveupdate_num  " + num);
        out.println("  sessions_pa     " + hex(sessionsPa));
        out.println("  flbs_pa         " + hex(flbsPa));
        if (!compat.equals(abi.luoCompatible())) {
            warnings.add("luo_ser compatible \"" + compat + "\" is not \"" + abi.luoCompatible() + "\": the next kernel panics");
        }
        metadata(root);
        sessions(sessionsPa);
        flbs(flbsPa);
    }

    /** The FDT era (series v2 "luo-v2", pre-series "luo-v1"): "LUO" is a LUO FDT pointing at the rest. */
    private void luoFdt(FdtNode khoRoot, long pa) {
        out.println("LUO FDT @ " + hex(pa) + ":");
        if (!readable(pa, PhysicalMemory.PAGE_SIZE)) {
            warnings.add("LUO FDT " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa, "LUO FDT");
        if (!isPreserved(pa)) {
            warnings.add("LUO FDT page " + hex(pa) + " is not preserved");
        }
        byte[] blob = mem.read(pa, PhysicalMemory.PAGE_SIZE);
        FdtParseResult r = FdtReader.parse(ByteSource.of(blob), 0, blob.length);
        if (!r.isOk()) {
            warnings.add("the LUO FDT does not parse (" + r.code() + "): the next kernel panics");
            return;
        }
        for (String line : FdtDts.toDts(r.tree().get()).split("\n")) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
        FdtNode root = r.tree().get().root();
        decoded(root, "");
        String compat = root.getString("compatible").orElse("");
        if (!compat.equals(abi.luoCompatible())) {
            warnings.add("LUO FDT compatible \"" + compat + "\" is not \"" + abi.luoCompatible() + "\": the next kernel panics");
        }
        metadata(khoRoot);
        if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
            long ser = root.getU64LE(Luo.LUO_FDT_ABI_HEADER).orElse(0);
            if (!readable(ser, 24)) {
                warnings.add("luo-abi-header " + hex(ser) + " is missing or outside RAM: the next kernel panics");
                return;
            }
            labels.put(ser & ~4095L, "luo_ser (luo-v2)");
            long num = mem.u64(ser);
            long sessionsPa = mem.u64(ser + 8);
            long flbsPa = mem.u64(ser + 16);
            out.println("luo_ser (24 bytes) @ " + hex(ser) + ":");
            out.println("  liveupdate_num  " + num);
            out.println("  sessions_pa     " + hex(sessionsPa));
            out.println("  flbs_pa         " + hex(flbsPa));
            sessions(sessionsPa);
            flbs(flbsPa);
            return;
        }
        var node = root.child(Luo.LUO_FDT_SESSION_NODE);
        long head = node.isEmpty() ? 0 : node.get().getU64LE(Luo.LUO_FDT_SESSION_HEADER).orElse(0);
        if (node.isEmpty()) {
            warnings.add("no " + Luo.LUO_FDT_SESSION_NODE + " node: the next kernel panics");
            return;
        }
        sessionArray(head);
        var flb = root.child(Luo.LUO_FDT_FLB_NODE);
        flbs(flb.isEmpty() ? 0 : flb.get().getU64LE(Luo.LUO_FDT_FLB_HEADER).orElse(0));
    }

    /** Pre-series: one 16-page array, a u64 count then 80-byte entries (at most 819). */
    private void sessionArray(long pa) {
        out.println();
        int max = abi.preSessionMax();
        long bytes = (long) Abi.PRE_SESSION_PGCNT * PhysicalMemory.PAGE_SIZE;
        if (!readable(pa, bytes)) {
            warnings.add("session array " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa, "session array (" + Abi.PRE_SESSION_PGCNT + " pages)");
        long count = mem.u64(pa);
        out.println("Sessions: " + Long.toUnsignedString(count) + " in the contiguous array @ " + hex(pa) + " (" + Abi.PRE_SESSION_PGCNT
                + " pages, at most " + max + ")");
        if (Long.compareUnsigned(count, max) > 0) {
            warnings.add("session array count " + Long.toUnsignedString(count) + " exceeds " + max);
        }
        if (!isPreserved(pa)) {
            warnings.add("session array " + hex(pa) + " is not preserved");
        }
        long n = Long.compareUnsigned(count, max) > 0 ? max : count;
        Set<String> names = new HashSet<>();
        int[] shown = {0};
        for (int j = 0; j < n; j++) {
            sessionEntry(pa + 8 + (long) j * abi.sessionEntrySize(), names, shown, true);
        }
    }

    /** Pre-series: a session's files are one 2-page array of 64-byte entries, no header (at most 128). */
    private void fileArray(String session, long pa, long count, boolean show) {
        int max = abi.preFileMax();
        if (!readable(pa, (long) Abi.PRE_FILE_PGCNT * PhysicalMemory.PAGE_SIZE)) {
            warnings.add("files of \"" + session + "\": array " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa, "file array of \"" + session + "\"");
        if (!isPreserved(pa)) {
            warnings.add("files of \"" + session + "\": array " + hex(pa) + " is not preserved");
        }
        if (Long.compareUnsigned(count, max) > 0) {
            warnings.add("files of \"" + session + "\": count " + Long.toUnsignedString(count) + " exceeds " + max);
        }
        if (show) {
            out.println("    file array @ " + hex(pa) + " (" + Abi.PRE_FILE_PGCNT + " pages, at most " + max + ")");
        }
        long n = Long.compareUnsigned(count, max) > 0 ? max : count;
        for (int j = 0; j < n; j++) {
            fileEntry(session, pa + (long) j * abi.fileEntrySize(), show, j);
        }
    }

    private void metadata(FdtNode root) {
        var node = root.child(Kho.KEXEC_METADATA);
        if (node.isEmpty()) {
            return;
        }
        long pa = node.get().getU64LE(Kho.PROP_SUB_FDT).orElse(0);
        if (!readable(pa, 73)) {
            return;
        }
        labels.put(pa & ~4095L, "kexec metadata");
        out.println("  kexec-metadata  @ " + hex(pa) + ": version " + mem.u32(pa) + ", previous release \"" + mem.cstring(pa + 4, 65)
                + "\", kexec_count " + mem.u32(pa + 69));
    }

    /** One block of a chain as found in memory. */
    private record Block(int index, long pa, long next, long count, String problem) {
    }

    /** Follows a block chain from {@code head}: stops at 0, at a cycle, outside RAM, or at the length limit. */
    private List<Block> chain(String what, long head, int perBlock) {
        List<Block> blocks = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        long pa = head;
        while (pa != 0) {
            if (blocks.size() >= MAX_CHAIN) {
                warnings.add(what + ": chain longer than " + MAX_CHAIN + " blocks; stopped (the kernel reports \"" + abi.msgTooLong() + "\")");
                break;
            }
            if ((pa & 4095) != 0 || !readable(pa, abi.blockSize())) {
                blocks.add(new Block(blocks.size(), pa, 0, 0, "outside RAM or misaligned: the next kernel would fault"));
                warnings.add(what + ": block " + blocks.size() + " at " + hex(pa) + " is outside RAM or misaligned");
                break;
            }
            Integer prev = seen.get(pa);
            if (prev != null) {
                warnings.add(what + ": cycle — block " + (blocks.size() - 1) + " links back to block " + prev + " at " + hex(pa)
                        + " (the kernel reports \"" + abi.msgCyclic() + "\")");
                blocks.add(new Block(blocks.size(), pa, 0, 0, "cycle back to block " + prev));
                break;
            }
            seen.put(pa, blocks.size());
            long next = mem.u64(pa);
            long count = mem.u64(pa + 8);
            List<String> problems = new ArrayList<>();
            if (count == 0 && abi.rejectZeroCount()) {
                problems.add("count 0 is rejected");
            }
            if (Long.compareUnsigned(count, perBlock) > 0) {
                problems.add("count above capacity is rejected");
            }
            if (!isPreserved(pa)) {
                problems.add("not preserved");
            }
            if (!problems.isEmpty()) {
                warnings.add(what + ": block " + blocks.size() + " at " + hex(pa) + ": " + String.join(", ", problems));
            }
            blocks.add(new Block(blocks.size(), pa, next, count, String.join(", ", problems)));
            pa = next;
        }
        return blocks;
    }

    private void printBlocks(String indent, List<Block> blocks, int perBlock) {
        int shown = 0;
        for (Block b : blocks) {
            if (!all && shown == SHOW) {
                out.println(indent + "… " + (blocks.size() - SHOW) + " more blocks (use --all)");
                break;
            }
            if (b.problem().startsWith("cycle") || b.problem().startsWith("outside")) {
                out.println(indent + "→ " + hex(b.pa()) + ": " + b.problem());
            } else {
                out.println(indent + "block " + b.index() + " @ " + hex(b.pa()) + "  next " + hex(b.next()) + "  count "
                        + Long.toUnsignedString(b.count()) + "/" + perBlock + (b.problem().isEmpty() ? "" : "  ! " + b.problem()));
            }
            shown++;
        }
    }

    private void sessions(long head) {
        int per = abi.sessionsPerBlock();
        out.println();
        if (head == 0) {
            out.println("Sessions: none (sessions_pa = 0)");
            return;
        }
        List<Block> blocks = chain("session chain", head, per);
        long total = 0;
        for (Block b : blocks) {
            total += Long.compareUnsigned(b.count(), per) > 0 ? per : b.count();
        }
        out.println("Sessions: " + total + " in a chain of " + blocks.size() + " block" + (blocks.size() == 1 ? "" : "s") + " from "
                + hex(head) + " (" + per + " entries of " + abi.sessionEntrySize() + " bytes per block)");
        printBlocks("  ", blocks, per);
        Set<String> names = new HashSet<>();
        int[] shown = {0};
        for (Block b : blocks) {
            if (b.problem().startsWith("cycle") || b.problem().startsWith("outside")) {
                continue;
            }
            labels.put(b.pa(), "session block " + b.index());
            long n = Long.compareUnsigned(b.count(), per) > 0 ? per : b.count();
            for (int j = 0; j < n; j++) {
                sessionEntry(b.pa() + Abi.BLOCK_HEADER_SIZE + (long) j * abi.sessionEntrySize(), names, shown, false);
            }
        }
    }

    /** One luo_session_ser {name[64], file_set_ser {files, count}} and the files it points at. */
    private void sessionEntry(long e, Set<String> names, int[] shown, boolean array) {
        String name = mem.cstring(e, 64);
        long files = mem.u64(e + 64);
        long count = mem.u64(e + 72);
        if (!names.add(name)) {
            warnings.add("duplicate session name \"" + name + "\": the second one fails to insert (-EEXIST)");
        }
        boolean show = all || shown[0] < SHOW;
        if (show) {
            out.println("  session \"" + name + "\"  (entry @ " + hex(e) + "): " + Long.toUnsignedString(count) + " file"
                    + (count == 1 ? "" : "s") + (files == 0 ? "" : (array ? ", file array @ " : ", file chain @ ") + hex(files)));
        } else if (shown[0] == SHOW) {
            out.println("  … more sessions (use --all)");
        }
        shown[0]++;
        if (files == 0) {
            return;
        }
        if (array) {
            fileArray(name, files, count, show);
        } else {
            files(name, files, count, show);
        }
    }

    private void files(String session, long head, long count, boolean show) {
        if (head == 0) {
            return;
        }
        int per = abi.filesPerBlock();
        List<Block> blocks = chain("files of \"" + session + "\"", head, per);
        if (show) {
            printBlocks("    ", blocks, per);
        }
        long found = 0;
        for (Block b : blocks) {
            if (b.problem().startsWith("cycle") || b.problem().startsWith("outside")) {
                continue;
            }
            labels.put(b.pa(), "file block " + b.index() + " of \"" + session + "\"");
            long n = Long.compareUnsigned(b.count(), per) > 0 ? per : b.count();
            for (int j = 0; j < n; j++) {
                fileEntry(session, b.pa() + Abi.BLOCK_HEADER_SIZE + (long) j * abi.fileEntrySize(), show, found);
                found++;
            }
        }
        if (found != count) {
            warnings.add("session \"" + session + "\": file_set_ser.count " + Long.toUnsignedString(count) + " but " + found
                    + " entries found (\"File count mismatch\": the session's files are lost, -EIO)");
        }
    }

    /** One luo_file_ser {compatible[48], data, token}; the {@code index}-th of its session. */
    private void fileEntry(String session, long e, boolean show, long index) {
        String compat = mem.cstring(e, 48);
        long data = mem.u64(e + 48);
        long token = mem.u64(e + 56);
        String detail = compat.startsWith("memfd") ? memfd(session, token, data) : "";
        if (show && (all || index < SHOW_ENTRIES)) {
            out.println("      token " + hex(token) + "  \"" + compat + "\"  data " + hex(data) + (detail.isEmpty() ? "" : "  " + detail));
        } else if (show && index == SHOW_ENTRIES) {
            out.println("      … more files (use --all)");
        }
    }

    /** memfd_luo_ser at {@code pa}: size, pos, seals, folios, and the first bytes of the first folio. */
    private String memfd(String session, long token, long pa) {
        if (!readable(pa, 48)) {
            warnings.add("memfd token " + hex(token) + " of \"" + session + "\": memfd_luo_ser " + hex(pa) + " is outside RAM");
            return "memfd_luo_ser outside RAM";
        }
        labels.put(pa & ~4095L, "memfd_luo_ser token " + hex(token) + " of \"" + session + "\"");
        if (!isPreserved(pa)) {
            warnings.add("memfd token " + hex(token) + " of \"" + session + "\": memfd_luo_ser " + hex(pa) + " is not preserved");
        }
        long pos = mem.u64(pa);
        long size = mem.u64(pa + 8);
        long seals = mem.u32(pa + 16);
        long nr = mem.u64(pa + 24);
        long first = mem.u64(pa + 32);
        StringBuilder sb = new StringBuilder("memfd: size " + size + ", pos " + pos + ", seals " + hex(seals) + ", " + nr + " folio"
                + (nr == 1 ? "" : "s"));
        if (nr > 0 && readable(first, PhysicalMemory.PAGE_SIZE)) {
            labels.put(first, "vmalloc chunk of memfd token " + hex(token));
            long arrayPage = mem.u64(first + 8);
            if (arrayPage != 0 && readable(arrayPage, 16)) {
                labels.put(arrayPage & ~4095L, "folio array of memfd token " + hex(token));
                long word = mem.u64(arrayPage);
                long index = mem.u64(arrayPage + 8);
                long folio = (word & ((1L << 52) - 1)) << 12;
                if (index == 0 && readable(folio, PhysicalMemory.PAGE_SIZE)) {
                    labels.put(folio, "folio 0 of memfd token " + hex(token));
                    byte[] head = mem.read(folio, (int) Math.min(32, Math.max(0, size)));
                    sb.append(", starts \"").append(BootCommand.printable(head)).append('"');
                }
            }
        }
        return sb.toString();
    }

    private void flbs(long pa) {
        out.println();
        if (pa == 0) {
            out.println("FLBs: none (flbs_pa = 0)");
            return;
        }
        if (!readable(pa, PhysicalMemory.PAGE_SIZE)) {
            warnings.add("flbs_pa " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa, "FLB page");
        long pgcnt = mem.u64(pa);
        long count = mem.u64(pa + 8);
        out.println("FLBs @ " + hex(pa) + ": pgcnt " + pgcnt + ", count " + Long.toUnsignedString(count));
        long n = Math.min(Long.compareUnsigned(count, 63) > 0 ? 63 : count, 63);
        if (n != count) {
            warnings.add("FLB count " + Long.toUnsignedString(count) + " exceeds one page (63): the kernel does not check it");
        }
        for (int i = 0; i < n; i++) {
            long e = pa + 16 + 64L * i;
            out.println("  \"" + mem.cstring(e, 48) + "\"  data " + hex(mem.u64(e + 48)) + "  count " + mem.u64(e + 56));
        }
    }
}

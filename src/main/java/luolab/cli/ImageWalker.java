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
import luolab.engine.fdt.FdtDts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.handover.ChainEnd;
import luolab.engine.handover.ChainLayout;
import luolab.engine.handover.Handover;
import luolab.engine.handover.ReadPurpose;
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
    /**
     * The handover as the next kernel reads it (the engine's reader, in the layout of the image's
     * generation): the FDTs it parsed, luo_ser, the session chain or array and every entry.
     */
    private Handover handover;

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
        // TARGETS: in the next kernel's own layout (a foreign generation's bytes are what it panics on)
        handover = Handover.read(mem, pa, true, abi, ReadPurpose.TARGETS);
        FdtParseResult r = handover.fdtParsed();
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
        String compat = handover.compatible();
        long num = handover.liveupdateNum();
        long sessionsPa = handover.sessions().headPa();
        long flbsPa = handover.flbsPa();
        out.println("  compatible      \"" + compat + "\"" + (compat.equals(abi.luoCompatible()) ? "" : "  (a " + abi.id() + " kernel expects \""
                + abi.luoCompatible() + "\": it panics)"));
        out.println("  liveupdate_num  " + num);
        out.println("  sessions_pa     " + hex(sessionsPa));
        out.println("  flbs_pa         " + hex(flbsPa));
        if (!compat.equals(abi.luoCompatible())) {
            warnings.add("luo_ser compatible \"" + compat + "\" is not \"" + abi.luoCompatible() + "\": the next kernel panics");
        }
        metadata(root);
        sessions(handover.sessions());
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
        FdtParseResult r = handover.luoFdtParsed();
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
            // the reader's luo_ser: 0 when luo-abi-header is missing, else its PA (read only if in RAM)
            long ser = handover.luoSerPa();
            if (!readable(ser, 24)) {
                warnings.add("luo-abi-header " + hex(ser) + " is missing or outside RAM: the next kernel panics");
                return;
            }
            labels.put(ser & ~4095L, "luo_ser (luo-v2)");
            out.println("luo_ser (24 bytes) @ " + hex(ser) + ":");
            out.println("  liveupdate_num  " + handover.liveupdateNum());
            out.println("  sessions_pa     " + hex(handover.sessions().headPa()));
            out.println("  flbs_pa         " + hex(handover.flbsPa()));
            sessions(handover.sessions());
            flbs(handover.flbsPa());
            return;
        }
        if (root.child(Luo.LUO_FDT_SESSION_NODE).isEmpty()) {
            warnings.add("no " + Luo.LUO_FDT_SESSION_NODE + " node: the next kernel panics");
            return;
        }
        sessionArray(handover.sessions());
        flbs(handover.flbsPa());
    }

    /**
     * Pre-series: one 16-page array, a u64 count then 80-byte entries (at most 819), as the engine's
     * reader found it (null: luo-session has no 8-byte luo-session-header, so PA 0).
     */
    private void sessionArray(Handover.Chain array) {
        out.println();
        int max = abi.preSessionMax();
        long pa = array == null ? 0 : array.headPa();
        if (array == null || array.blocks().isEmpty()) {
            warnings.add("session array " + hex(pa) + " is outside RAM");
            return;
        }
        labels.put(pa, "session array (" + Abi.PRE_SESSION_PGCNT + " pages)");
        Handover.Block b = array.blocks().get(0);
        out.println("Sessions: " + Long.toUnsignedString(b.count()) + " in the contiguous array @ " + hex(pa) + " ("
                + Abi.PRE_SESSION_PGCNT + " pages, at most " + max + ")");
        if (b.problem() != null) {
            warnings.add("session array count " + Long.toUnsignedString(b.count()) + " exceeds " + max);
        }
        if (!isPreserved(pa)) {
            warnings.add("session array " + hex(pa) + " is not preserved");
        }
        sessionEntries();
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

    /**
     * Inspect's notes on each block of a chain the engine's reader walked: the reader's verdict on
     * the count (the generation's restore rule), plus what only an image inspector checks — a
     * block off a page boundary, or outside the radix tree, is no folio the next kernel's
     * kho_restore_folio() accepts. Warns, too, where the walk stopped short (ChainEnd) and when a
     * chain passes Floyd but has more than KHO_MAX_BLOCKS blocks (kho_block_add: -ENOSPC).
     */
    private List<String> blockNotes(String what, Handover.Chain chain) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < chain.blocks().size(); i++) {
            Handover.Block b = chain.blocks().get(i);
            List<String> problems = new ArrayList<>();
            if (b.problem() != null) {
                problems.add(b.problem());
            }
            if ((b.pa() & (PhysicalMemory.PAGE_SIZE - 1)) != 0) {
                problems.add("misaligned");
            }
            if (!isPreserved(b.pa())) {
                problems.add("not preserved");
            }
            if (!problems.isEmpty()) {
                warnings.add(what + ": block " + i + " at " + hex(b.pa()) + ": " + String.join(", ", problems));
            }
            notes.add(String.join(", ", problems));
        }
        int n = chain.blocks().size();
        ChainEnd end = ChainEnd.of(chain, abi);
        switch (end) {
            case CYCLE -> warnings.add(what + ": cycle — block " + (n - 1) + " links back to block " + chain.cycleTo() + " at "
                    + hex(chain.endPa()) + " (the kernel reports \"" + abi.msgCyclic() + "\")");
            case OUTSIDE_RAM -> warnings.add(what + ": block " + n + " at " + hex(chain.endPa())
                    + " is outside RAM: the next kernel would fault");
            case STEP_LIMIT -> warnings.add(what + ": chain longer than " + n + " blocks; stopped (the kernel reports \""
                    + abi.msgTooLong() + "\")");
            case NULL_NEXT -> {
                if (n > abi.maxBlocks()) {
                    warnings.add(what + ": " + n + " blocks, more than KHO_MAX_BLOCKS " + abi.maxBlocks()
                            + ": restore fails with -ENOSPC");
                }
            }
        }
        return notes;
    }

    private void printBlocks(String indent, Handover.Chain chain, List<String> notes) {
        List<Handover.Block> blocks = chain.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            if (!all && i == SHOW) {
                out.println(indent + "… " + (blocks.size() - SHOW) + " more blocks (use --all)");
                break;
            }
            Handover.Block b = blocks.get(i);
            out.println(indent + "block " + i + " @ " + hex(b.pa()) + "  next " + hex(b.next()) + "  count "
                    + Long.toUnsignedString(b.count()) + "/" + b.capacity() + (notes.get(i).isEmpty() ? "" : "  ! " + notes.get(i)));
        }
        switch (ChainEnd.of(chain, abi)) {
            case CYCLE -> out.println(indent + "→ " + hex(chain.endPa()) + ": cycle back to block " + chain.cycleTo());
            case OUTSIDE_RAM -> out.println(indent + "→ " + hex(chain.endPa()) + ": outside RAM: the next kernel would fault");
            default -> {
            }
        }
    }

    /** The session chain the reader walked from luo_ser's sessions_pa. */
    private void sessions(Handover.Chain chain) {
        out.println();
        long head = chain.headPa();
        if (head == 0) {
            out.println("Sessions: none (sessions_pa = 0)");
            return;
        }
        ChainLayout layout = chain.layout();
        List<String> notes = blockNotes("session chain", chain);
        List<Handover.Block> blocks = chain.blocks();
        long total = 0;
        for (int i = 0; i < blocks.size(); i++) {
            total += blocks.get(i).entries();
            labels.put(blocks.get(i).pa(), "session block " + i);
        }
        out.println("Sessions: " + total + " in a chain of " + blocks.size() + " block" + (blocks.size() == 1 ? "" : "s") + " from "
                + hex(head) + " (" + layout.slots() + " entries of " + layout.entrySize() + " bytes per block)");
        printBlocks("  ", chain, notes);
        sessionEntries();
    }

    /** Every luo_session_ser the engine's reader listed in the session chain or array (each block's count clamped to its capacity). */
    private void sessionEntries() {
        Set<String> names = new HashSet<>();
        int shown = 0;
        for (Handover.SessionEntry s : handover.entries()) {
            sessionEntry(s, names, shown++);
        }
    }

    /** One luo_session_ser {name[64], file_set_ser {files, count}} and the files the reader found from it. */
    private void sessionEntry(Handover.SessionEntry s, Set<String> names, int shown) {
        String name = s.name();
        long files = s.filesPa();
        long count = s.fileCount();
        boolean array = s.files().layout().array();
        if (!names.add(name)) {
            warnings.add("duplicate session name \"" + name + "\": the second one fails to insert (-EEXIST)");
        }
        boolean show = all || shown < SHOW;
        if (show) {
            out.println("  session \"" + name + "\"  (entry @ " + hex(s.pa()) + "): " + Long.toUnsignedString(count) + " file"
                    + (count == 1 ? "" : "s") + (files == 0 ? "" : (array ? ", file array @ " : ", file chain @ ") + hex(files)));
        } else if (shown == SHOW) {
            out.println("  … more sessions (use --all)");
        }
        if (files == 0 || array && !fileArray(name, s.files(), count, show)) {
            return;
        }
        if (!array) {
            fileChain(name, s.files(), show);
        }
        fileEntries(name, s.files(), count, show);
    }

    /** Pre-series: a session's files are one 2-page array of 64-byte entries, no header (at most 128); false if outside RAM. */
    private boolean fileArray(String session, Handover.Chain array, long count, boolean show) {
        int max = abi.preFileMax();
        long pa = array.headPa();
        if (array.blocks().isEmpty()) {
            warnings.add("files of \"" + session + "\": array " + hex(pa) + " is outside RAM");
            return false;
        }
        labels.put(pa, "file array of \"" + session + "\"");
        if (!isPreserved(pa)) {
            warnings.add("files of \"" + session + "\": array " + hex(pa) + " is not preserved");
        }
        if (array.problem() != null) {
            warnings.add("files of \"" + session + "\": count " + Long.toUnsignedString(count) + " exceeds " + max);
        }
        if (show) {
            out.println("    file array @ " + hex(pa) + " (" + Abi.PRE_FILE_PGCNT + " pages, at most " + max + ")");
        }
        return true;
    }

    /** A session's file chain: its blocks, labelled and (when shown) printed. */
    private void fileChain(String session, Handover.Chain chain, boolean show) {
        List<String> notes = blockNotes("files of \"" + session + "\"", chain);
        if (show) {
            printBlocks("    ", chain, notes);
        }
        for (int i = 0; i < chain.blocks().size(); i++) {
            labels.put(chain.blocks().get(i).pa(), "file block " + i + " of \"" + session + "\"");
        }
    }

    /**
     * The luo_file_ser entries of a file chain or array. A chain whose entries do not add up to
     * file_set_ser.count fails restore ("File count mismatch"); an array's count is the session's own.
     */
    private void fileEntries(String session, Handover.Chain store, long count, boolean show) {
        long found = 0;
        for (Handover.Block b : store.blocks()) {
            for (long j = 0; j < b.entries(); j++) {
                fileEntry(session, store.layout().entryPa(b.pa(), j), show, found++);
            }
        }
        if (!store.layout().array() && found != count) {
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

package luolab.cli;

import java.io.PrintWriter;
import luolab.engine.abi.Abi;
import luolab.engine.fdt.FdtDts;
import luolab.engine.fdt.FdtNode;
import luolab.engine.fdt.FdtParseResult;
import luolab.engine.handover.Handover;
import luolab.engine.handover.KexecMetadata;
import luolab.engine.handover.ReadPurpose;
import luolab.engine.kho.Kho;
import luolab.engine.kho.Scratch;
import luolab.engine.luo.Luo;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.PhysicalMemory;
import luolab.scenario.MemoryImage;
import luolab.scenario.Values;

/**
 * Reads an image as the next kernel would — from bytes only, through the engine's one handover
 * reader ({@link Handover#read}), which follows physical addresses with bounds, cycle and length
 * checks — and prints what it finds: the KHO root FDT and the LUO root here, the rest by concept
 * ({@link PreservedMemory}, {@link SessionsSection}, {@link FilesSection}, {@link MemfdSection},
 * {@link FlbSection}). Never throws on corrupted content.
 */
final class ImageWalker {
    private final PhysicalMemory mem;
    private final MemoryImage.Handover h;
    private final Abi abi;
    private final PrintWriter out;
    private final Inspection in;
    private final SessionsSection sessions;
    private final FlbSection flbs;
    /**
     * The handover as the next kernel reads it (the engine's reader, in the layout of the image's
     * generation): the FDTs it parsed, luo_ser, the session chain or array and every entry, the
     * FLB state and the kexec metadata.
     */
    private Handover handover;

    ImageWalker(PhysicalMemory mem, MemoryImage.Handover h, PrintWriter out, boolean all) {
        this.mem = mem;
        this.h = h;
        this.abi = Abi.byId(h.abi());
        this.out = out;
        this.in = new Inspection(mem, abi, out, all);
        this.sessions = new SessionsSection(in);
        this.flbs = new FlbSection(in);
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
        in.preserved.walk(root);
        luo(root);
        in.preserved.print();
        finish();
    }

    private void finish() {
        out.println();
        if (in.warnings.isEmpty()) {
            out.println("No problems found.");
        } else {
            out.println("Problems (" + in.warnings.size() + "):");
            for (String w : in.warnings) {
                out.println("  ! " + w);
            }
        }
    }

    // ---- KHO FDT -------------------------------------------------------------------------------

    private FdtNode fdt() {
        long pa = h.khoFdtPa();
        out.println();
        out.println("KHO root FDT @ " + Inspection.hex(pa) + ":");
        if (!in.readable(pa, PhysicalMemory.PAGE_SIZE)) {
            in.warn("kho_fdt_pa " + Inspection.hex(pa) + " is outside RAM: the next kernel disables KHO revival");
            return null;
        }
        in.label(pa, "KHO root FDT");
        // TARGETS: in the next kernel's own layout (a foreign generation's bytes are what it panics on)
        handover = Handover.read(mem, pa, true, abi, ReadPurpose.TARGETS);
        FdtParseResult r = handover.fdtParsed();
        if (!r.isOk()) {
            out.println("  invalid FDT: " + r.error().map(Object::toString).orElse("?") + " (" + r.code() + ") " + r.detail());
            in.warn("the KHO root FDT does not parse: the next kernel disables KHO revival and boots fresh");
            return null;
        }
        for (String line : FdtDts.toDts(r.tree().get()).split("\n")) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
        FdtNode root = r.tree().get().root();
        decoded(root, "");
        String compat = root.getString("compatible").orElse(null);
        if (compat == null || !compat.equals(abi.khoCompatible())) {
            in.warn("KHO compatible is " + (compat == null ? "missing" : "\"" + compat + "\"") + ", a " + abi.id()
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
                out.println("  (" + (path.isEmpty() ? "/" : path) + " " + name + " = " + (name.contains("size") || name.contains("number") ? Long.toUnsignedString(x) : Inspection.hex(x))
                        + ", a little-endian u64)");
            }
        }
        for (FdtNode c : node.children()) {
            decoded(c, path + "/" + c.name());
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
            luoFdt(pa);
            return;
        }
        out.println("LUO state (luo_ser) @ " + Inspection.hex(pa) + ", blob-size " + size + ":");
        if (size < 32) {
            in.warn("LUO blob-size " + size + " < 32: the next kernel panics (\"LUO state is too small\")");
        }
        if (!in.readable(pa, 32)) {
            in.warn("luo_ser " + Inspection.hex(pa) + " is outside RAM");
            return;
        }
        in.label(pa & ~4095L, "luo_ser");
        if (!in.preserved.contains(pa)) {
            in.warn("luo_ser page " + Inspection.hex(pa) + " is not preserved");
        }
        String compat = handover.compatible();
        long num = handover.liveupdateNum();
        long sessionsPa = handover.sessions().headPa();
        long flbsPa = handover.flbsPa();
        out.println("  compatible      \"" + compat + "\"" + (compat.equals(abi.luoCompatible()) ? "" : "  (a " + abi.id() + " kernel expects \""
                + abi.luoCompatible() + "\": it panics)"));
        out.println("  liveupdate_num  " + num);
        out.println("  sessions_pa     " + Inspection.hex(sessionsPa));
        out.println("  flbs_pa         " + Inspection.hex(flbsPa));
        if (!compat.equals(abi.luoCompatible())) {
            in.warn("luo_ser compatible \"" + compat + "\" is not \"" + abi.luoCompatible() + "\": the next kernel panics");
        }
        metadata();
        sessions.chain(handover);
        flbs.print(flbsPa, handover.flbs());
    }

    /** The FDT era (series v2 "luo-v2", pre-series "luo-v1"): "LUO" is a LUO FDT pointing at the rest. */
    private void luoFdt(long pa) {
        out.println("LUO FDT @ " + Inspection.hex(pa) + ":");
        if (!in.readable(pa, PhysicalMemory.PAGE_SIZE)) {
            in.warn("LUO FDT " + Inspection.hex(pa) + " is outside RAM");
            return;
        }
        in.label(pa, "LUO FDT");
        if (!in.preserved.contains(pa)) {
            in.warn("LUO FDT page " + Inspection.hex(pa) + " is not preserved");
        }
        FdtParseResult r = handover.luoFdtParsed();
        if (!r.isOk()) {
            in.warn("the LUO FDT does not parse (" + r.code() + "): the next kernel panics");
            return;
        }
        for (String line : FdtDts.toDts(r.tree().get()).split("\n")) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
        FdtNode root = r.tree().get().root();
        decoded(root, "");
        String compat = root.getString("compatible").orElse("");
        if (!compat.equals(abi.luoCompatible())) {
            in.warn("LUO FDT compatible \"" + compat + "\" is not \"" + abi.luoCompatible() + "\": the next kernel panics");
        }
        metadata();
        if (abi.rootFormat() == Abi.RootFormat.FDT_ABI_HEADER) {
            // the reader's luo_ser: 0 when luo-abi-header is missing, else its PA (read only if in RAM)
            long ser = handover.luoSerPa();
            if (!in.readable(ser, 24)) {
                in.warn("luo-abi-header " + Inspection.hex(ser) + " is missing or outside RAM: the next kernel panics");
                return;
            }
            in.label(ser & ~4095L, "luo_ser (luo-v2)");
            out.println("luo_ser (24 bytes) @ " + Inspection.hex(ser) + ":");
            out.println("  liveupdate_num  " + handover.liveupdateNum());
            out.println("  sessions_pa     " + Inspection.hex(handover.sessions().headPa()));
            out.println("  flbs_pa         " + Inspection.hex(handover.flbsPa()));
            sessions.chain(handover);
            flbs.print(handover.flbsPa(), handover.flbs());
            return;
        }
        if (root.child(Luo.LUO_FDT_SESSION_NODE).isEmpty()) {
            in.warn("no " + Luo.LUO_FDT_SESSION_NODE + " node: the next kernel panics");
            return;
        }
        sessions.array(handover);
        flbs.print(handover.flbsPa(), handover.flbs());
    }

    /** The kho_kexec_metadata the KHO FDT's kexec-metadata subtree points at, as the reader read it (packed, 73 bytes). */
    private void metadata() {
        KexecMetadata m = handover.kexecMetadata();
        if (m == null || !m.inRam()) {
            return;
        }
        in.label(m.pa() & ~4095L, "kexec metadata");
        out.println("  kexec-metadata  @ " + Inspection.hex(m.pa()) + ": version " + m.version() + ", previous release \"" + m.previousRelease()
                + "\", kexec_count " + m.kexecCount());
    }
}

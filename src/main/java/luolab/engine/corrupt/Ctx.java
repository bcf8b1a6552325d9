package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.Errno;
import luolab.engine.abi.Abi;
import luolab.engine.abi.Layouts;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.LittleEndian;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;

/**
 * One injection in progress: the machine and stage, the target view, and the planned writes.
 * Injectors resolve every target and plan every write before anything is written, so a refused
 * injection leaves memory untouched (pages it borrowed from the allocator are given back).
 */
final class Ctx {
    final Machine machine;
    final Stage stage;
    final PhysicalMemory mem;
    final Kernel kernel;
    private HandoverView view;
    private final List<Object[]> planned = new ArrayList<>();
    private final Map<Long, Long> overlay = new HashMap<>();
    private final List<Long> borrowed = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Ctx(Machine machine, Stage stage) {
        this.machine = machine;
        this.stage = stage;
        this.mem = machine.memory();
        this.kernel = machine.kernel();
    }

    Abi abi() {
        return kernel.abi();
    }

    HandoverView view() {
        if (view == null) {
            view = HandoverReader.read(machine, stage);
        }
        return view;
    }

    void note(String n) {
        notes.add(n);
    }

    // ---- planned writes ------------------------------------------------------------------------

    void write(long pa, byte[] bytes, FieldRef ref) throws Refusal {
        if (!mem.contains(pa, bytes.length)) {
            throw new Refusal(String.format("%#x..+%d is not RAM (RAM is %#x..%#x)", pa, bytes.length, mem.base(), mem.end()));
        }
        planned.add(new Object[] {pa, bytes.clone(), ref});
        if (bytes.length == 8 && (pa & 7) == 0) {
            overlay.put(pa, LittleEndian.u64(bytes, 0));
        } else {
            overlay.keySet().removeIf(k -> k + 8 > pa && k < pa + bytes.length);
        }
    }

    void writeU64(long pa, long v, FieldRef ref) throws Refusal {
        byte[] b = new byte[8];
        LittleEndian.putU64(b, 0, v);
        write(pa, b, ref);
    }

    void writeU32BE(long pa, long v, FieldRef ref) throws Refusal {
        write(pa, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, ref);
    }

    /** A u64 as it will read once the planned writes are done. */
    long u64(long pa) throws Refusal {
        Long o = overlay.get(pa);
        if (o != null) {
            return o;
        }
        if (!mem.contains(pa, 8)) {
            throw new Refusal(String.format("%#x is not RAM", pa));
        }
        return mem.u64(pa);
    }

    int plannedWrites() {
        return planned.size();
    }

    /** Performs the planned writes through PhysicalMemory (so a FULL trace records them) and reports them. */
    List<Write> execute() {
        List<Write> out = new ArrayList<>(planned.size());
        for (Object[] p : planned) {
            long pa = (Long) p[0];
            byte[] b = (byte[]) p[1];
            FieldRef ref = (FieldRef) p[2];
            byte[] old = mem.read(pa, b.length);
            mem.write(pa, b, ref);
            out.add(new Write(pa, ref == null ? "raw" : ref.struct(), ref == null ? null : ref.field(), old, b));
        }
        return out;
    }

    // ---- borrowing free pages ----------------------------------------------------------------------

    /**
     * A free page of the running (old) kernel, for fake blocks and radix nodes. Only before the
     * jump: the page is not preserved unless the injector also sets its radix bit, so after kexec
     * it is poisoned like any other free page.
     */
    long borrowPage(OwnerKind kind, String label) throws Refusal {
        if (stage == Stage.INCOMING) {
            throw new Refusal("cannot place new pages after the jump");
        }
        long pa = kernel.mm().allocPages(0, kind, label);
        if (pa == 0) {
            throw new Refusal("out of memory: " + borrowed.size() + " pages borrowed, the old kernel has no free page left"
                    + " (use a machine with more RAM)");
        }
        borrowed.add(pa);
        return pa;
    }

    int borrowedPages() {
        return borrowed.size();
    }

    void rollback() {
        for (long pa : borrowed) {
            kernel.mm().freePages(pa, 0);
        }
        borrowed.clear();
        planned.clear();
        overlay.clear();
    }

    /**
     * The highest free page of the running (old) kernel outside KHO scratch, not allocated: a
     * scribble target. The next kernel's allocator hands out the lowest pages first, so this one
     * stays poisoned free memory through its boot.
     */
    long freePageHigh() throws Refusal {
        if (stage == Stage.INCOMING) {
            throw new Refusal("cannot pick an unpreserved page after the jump");
        }
        var buddy = kernel.mm().buddy();
        for (long pfn = mem.basePfn() + mem.nrPages() - 1; pfn >= mem.basePfn(); pfn--) {
            long pa = PhysicalMemory.pa(pfn);
            if (kernel.scratch().stream().anyMatch(s -> s.contains(pa))) {
                continue;
            }
            if (buddy.isFree(pfn)) {
                return pa;
            }
        }
        throw new Refusal("the old kernel has no free page");
    }

    /** True if the page is in RAM and the old kernel's allocator has it free. */
    boolean isFreePage(long pa) {
        if (!mem.contains(pa, PhysicalMemory.PAGE_SIZE)) {
            return false;
        }
        return PageMeta.state(mem.meta(PhysicalMemory.pfn(pa))) == PageState.FREE;
    }

    // ---- targets -------------------------------------------------------------------------------

    /**
     * "sessions", "files" (the first session with file blocks) or "files:&lt;name&gt;". Before the
     * series (pre-series ABI) the "chain" is the one fixed array: the session array, or the
     * session's file array.
     */
    Chain chain(String spec) throws Refusal {
        HandoverView v = view();
        StoreGeometry geo = StoreGeometry.of(abi());
        String kind = geo.linked() ? "block set" : "array";
        if (spec.equals("sessions")) {
            if (stage == Stage.INCOMING) {
                throw new Refusal("the session " + kind + " was already checked and adopted by luo_early_startup() in early boot;"
                        + " corrupt it before the jump (set=files:<name> works after the jump)");
            }
            if (v.sessionBlocks().isEmpty()) {
                throw new Refusal(stage == Stage.LIVE ? "no session " + kind + " yet (create a session first)"
                        : "the handover has no session " + kind + " (sessions_pa = 0)");
            }
            return new Chain("session " + kind, true, null, v.sessionBlocks().stream().map(HandoverView.Block::pa).toList(),
                    geo.sessionCap(), Layouts.SESSION_SER.size(), geo.linked());
        }
        HandoverView.Session s;
        if (spec.equals("files")) {
            s = v.firstSessionWithFiles();
            if (s == null) {
                throw new Refusal("no session has files");
            }
        } else {
            s = session(spec.substring("files:".length()));
        }
        if (s.fileBlocks().isEmpty()) {
            throw new Refusal("session '" + s.name() + "' has no file " + (geo.linked() ? "block" : "array"));
        }
        return new Chain("file " + kind + " of '" + s.name() + "'", false, s.name(),
                s.fileBlocks().stream().map(HandoverView.Block::pa).toList(), geo.fileCap(), Layouts.FILE_SER.size(), geo.linked());
    }

    /**
     * A chain whose {@code next} links an injector rewrites. Pre-series stores are contiguous
     * arrays with no next pointer (kernel-luo.md §1.3): there is nothing to link, cut or loop.
     */
    Chain linkedChain(String spec) throws Refusal {
        if (!StoreGeometry.of(abi()).linked()) {
            throw new Refusal(abi().title() + " has no linked blocks: sessions live in one contiguous 16-page array and each "
                    + "session's files in one 2-page array, with no next pointer to rewrite");
        }
        return chain(spec);
    }

    HandoverView.Session session(String name) throws Refusal {
        HandoverView.Session s = view().session(name);
        if (s == null) {
            StringBuilder known = new StringBuilder();
            for (HandoverView.Session x : view().sessions()) {
                if (known.length() > 120) {
                    known.append(", …");
                    break;
                }
                known.append(known.length() == 0 ? "" : ", ").append('\'').append(x.name()).append('\'');
            }
            throw new Refusal("no session '" + name + "'" + (known.length() == 0 ? " (there is none)" : " (sessions: " + known + ")"));
        }
        return s;
    }

    /** The session named by {@code name}, or with "auto" the first session that has files. */
    HandoverView.Session sessionWithFiles(String name) throws Refusal {
        if (name.equals("auto")) {
            HandoverView.Session s = view().firstSessionWithFiles();
            if (s == null) {
                throw new Refusal("no session has files");
            }
            return s;
        }
        return session(name);
    }

    /** A file of {@code s} by token ("first" = the first file). */
    HandoverView.File file(HandoverView.Session s, String token, boolean memfdOnly) throws Refusal {
        List<HandoverView.File> files = s.files();
        if (files.isEmpty()) {
            throw new Refusal("session '" + s.name() + "' has no readable file entry");
        }
        if (token.equals("first")) {
            for (HandoverView.File f : files) {
                if (!memfdOnly || f.memfd() != null) {
                    return f;
                }
            }
            throw new Refusal("session '" + s.name() + "' has no memfd");
        }
        Long t = Params.parseU64(token);
        if (t == null) {
            throw new Refusal("token '" + token + "' is not a number");
        }
        for (HandoverView.File f : files) {
            if (f.token() == t) {
                if (memfdOnly && f.memfd() == null) {
                    throw new Refusal("token " + token + " of '" + s.name() + "' is not a memfd ('" + f.compatible() + "')");
                }
                return f;
            }
        }
        throw new Refusal("session '" + s.name() + "' has no file with token " + token);
    }

    /** A memfd file of a session named by params {@code session}/{@code token}. */
    HandoverView.File memfd(Values v) throws Refusal {
        String name = v.str("session");
        if (name.equals("auto")) {
            for (HandoverView.Session s : view().sessions()) {
                for (HandoverView.File f : s.files()) {
                    if (f.memfd() != null && (v.is("token", "first") || f.token() == Params.parseU64(v.str("token")))) {
                        return f;
                    }
                }
            }
            throw new Refusal("no session holds a memfd" + (v.is("token", "first") ? "" : " with token " + v.str("token")));
        }
        return file(session(name), v.str("token"), true);
    }

    String sessionOf(HandoverView.File f) {
        for (HandoverView.Session s : view().sessions()) {
            if (s.files().contains(f)) {
                return s.name();
            }
        }
        return "?";
    }

    /** A chain rejected by its restore (kho_block_set_restore / luo_block_restore): early-boot panic for sessions, open() -EIO for files. */
    static ExpectedOutcome chainRejected(Chain c, int err, String... lines) {
        if (c.sessions()) {
            return ExpectedOutcome.restoreFail(err, lines);
        }
        String[] all = java.util.Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = "luo: Failed to deserialize files for session [" + c.session() + "] " + Errno.pe(err);
        return ExpectedOutcome.errno(-Errno.EIO, Restorer.STEP_OPEN, all);
    }

    /** {@code s} NUL-padded (or cut) to a fixed-size C string field of {@code len} bytes. */
    static byte[] cstr(String s, int len) {
        byte[] out = new byte[len];
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, out, 0, Math.min(len, b.length));
        return out;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

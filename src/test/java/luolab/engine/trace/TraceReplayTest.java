package luolab.engine.trace;

import static luolab.engine.EngineTestSupport.createOk;
import static luolab.engine.EngineTestSupport.memfdOk;
import static luolab.engine.EngineTestSupport.openDev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import luolab.engine.EngineTestSupport;
import luolab.engine.abi.Abi;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PageMeta;
import luolab.engine.memory.PageState;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.user.Process;
import org.junit.jupiter.api.Test;

/** Determinism of runs (same workload → same events, same bytes) and the undo-log Stepper. */
class TraceReplayTest {

    /** A full cycle: sessions and memfds, a close, kexec, retrieve, finish, a second kexec. */
    private static Machine workload(Trace.Mode mode, int sessions) {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, new Trace(mode));
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int first = -1;
        for (int i = 0; i < sessions; i++) {
            int s = createOk(p, dev, "det-" + i);
            first = i == 0 ? s : first;
            memfdOk(p, s, i, "payload " + i);
        }
        int gone = createOk(p, dev, "closed-before-kexec");
        memfdOk(p, gone, 99, "dropped");
        assertEquals(0, p.close(gone));
        EngineTestSupport.kexecOk(m);
        Process p2 = new Process(m.kernel());
        int dev2 = openDev(p2);
        for (int i = 0; i < sessions; i++) {
            int s = p2.retrieveSession(dev2, "det-" + i);
            if (i % 2 == 0) {
                assertTrue(p2.retrieveFd(s, i) >= 0);
            }
            assertEquals(0, p2.finishSession(s));
        }
        int again = createOk(p2, dev2, "second-round");
        memfdOk(p2, again, 7, "again");
        EngineTestSupport.kexecOk(m);
        return m;
    }

    /** Hash of every event's kind and every physical address it names. */
    private static String eventHash(List<TraceEvent> events) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder sb = new StringBuilder();
        for (TraceEvent e : events) {
            sb.setLength(0);
            sb.append(e.getClass().getSimpleName());
            for (RecordComponent rc : e.getClass().getRecordComponents()) {
                String n = rc.getName().toLowerCase();
                if (rc.getType() == long.class && (n.endsWith("pa") || n.endsWith("pfn"))) {
                    sb.append(' ').append(n).append('=').append(Long.toHexString((long) rc.getAccessor().invoke(e)));
                }
            }
            if (e instanceof TraceEvent.Log l) {
                sb.append(' ').append(l.line().text());
            }
            sb.append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md.digest()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    // ---- determinism ---------------------------------------------------------------------------

    @Test
    void sameWorkloadSameEventsSameBytes() throws Exception {
        Machine a = workload(Trace.Mode.FULL, 5);
        Machine b = workload(Trace.Mode.FULL, 5);
        assertEquals(a.trace().size(), b.trace().size());
        assertEquals(eventHash(a.trace().events()), eventHash(b.trace().events()));
        assertEquals(a.memory().contentHash(), b.memory().contentHash());
        assertEquals(a.kernel().log().lines(), b.kernel().log().lines(), "identical dmesg incl. timestamps");

        Machine c = workload(Trace.Mode.FULL, 6);
        assertNotEquals(eventHash(a.trace().events()), eventHash(c.trace().events()), "the hash sees a difference");
        assertNotEquals(a.memory().contentHash(), c.memory().contentHash());
    }

    @Test
    void traceModeDoesNotChangeTheBytes() {
        Machine full = workload(Trace.Mode.FULL, 4);
        Machine coarse = workload(Trace.Mode.COARSE, 4);
        Machine off = workload(Trace.Mode.OFF, 4);
        assertEquals(full.memory().contentHash(), coarse.memory().contentHash());
        assertEquals(full.memory().contentHash(), off.memory().contentHash());
        assertEquals(0, off.trace().size());
        assertTrue(coarse.trace().size() < full.trace().size());
    }

    // ---- stepper -------------------------------------------------------------------------------

    @Test
    void backToTheStartAndForwardToTheEnd() {
        Machine m = workload(Trace.Mode.FULL, 3);
        PhysicalMemory mem = m.memory();
        String end = mem.contentHash();
        Stepper st = new Stepper(mem, m.trace().events());
        assertEquals(st.size(), st.position());
        st.goTo(0);
        assertEquals(new PhysicalMemory(mem.base(), mem.size()).contentHash(), mem.contentHash(),
                "position 0 is the machine before power-on");
        st.goTo(st.size());
        assertEquals(end, mem.contentHash());
    }

    @Test
    void hashAtAnIndexDoesNotDependOnTheDirection() {
        Machine m = workload(Trace.Mode.FULL, 3);
        PhysicalMemory mem = m.memory();
        Stepper st = new Stepper(mem, m.trace().events());
        int n = st.size();
        int[] marks = new int[12];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = (int) ((long) n * (i + 1) / (marks.length + 1));
        }
        String[] fromStart = new String[marks.length];
        st.goTo(0);
        for (int i = 0; i < marks.length; i++) {
            st.goTo(marks[i]);
            fromStart[i] = mem.contentHash();
        }
        st.goTo(n);
        for (int i = marks.length - 1; i >= 0; i--) {
            st.goTo(marks[i]);
            assertEquals(fromStart[i], mem.contentHash(), "event index " + marks[i] + " reached backwards");
        }
        // and a zig-zag: single steps around one mark
        st.goTo(marks[5]);
        String here = mem.contentHash();
        for (int i = 0; i < 50; i++) {
            st.forward();
        }
        for (int i = 0; i < 50; i++) {
            st.back();
        }
        assertEquals(here, mem.contentHash());
    }

    @Test
    void steppingAcrossTheKexecPoisonRestoresPages() {
        Machine m = Machine.coldBoot(Machine.DEFAULT_RAM_SIZE, Abi.V7, new Trace(Trace.Mode.FULL));
        Process p = new Process(m.kernel());
        int dev = openDev(p);
        int s = createOk(p, dev, "poison");
        memfdOk(p, s, 1, "kept");
        // a memfd nobody preserves: 16 pages of user data the next kernel hands to its allocator
        int scratch = p.memfdCreate("not-preserved", 0);
        byte[] junk = new byte[16 * PhysicalMemory.PAGE_SIZE];
        java.util.Arrays.fill(junk, (byte) 0x5a);
        assertEquals(junk.length, p.pwrite(scratch, junk, 0));
        // snapshot the old kernel's pages; after the kexec find one that was given away
        java.util.Map<Long, byte[]> old = new java.util.HashMap<>();
        m.memory().forEachTouchedPage((pfn, bytes) -> {
            if (hasNonZero(bytes)) {
                old.put(pfn, bytes.clone());
            }
        });
        EngineTestSupport.kexecOk(m);
        PhysicalMemory mem = m.memory();
        long victimPfn = -1;
        for (long pfn : new java.util.TreeSet<>(old.keySet()).descendingSet()) {
            if (PageMeta.state(mem.meta(pfn)) == PageState.POISONED) {
                victimPfn = pfn;
                break;
            }
        }
        assertTrue(victimPfn > 0, "some page with old-kernel data is poisoned free memory now");
        assertEquals(0x5a, old.get(victimPfn)[0], "it is one of the unpreserved memfd pages");
        long victim = PhysicalMemory.pa(victimPfn);
        byte[] before = old.get(victimPfn);
        assertEquals(0xaaaaaaaaaaaaaaaaL, mem.u64(victim));

        List<TraceEvent> ev = m.trace().events();
        int idx = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof TraceEvent.RangePoisoned r && victimPfn >= r.startPfn() && victimPfn < r.startPfn() + r.count()) {
                idx = i;
                break;
            }
        }
        assertTrue(idx > 0, "a RangePoisoned event covers the page");
        Stepper st = new Stepper(mem, ev);
        st.goTo(idx);
        assertArrayEquals(before, mem.read(victim, PhysicalMemory.PAGE_SIZE), "just before the poison step");
        assertNotEquals(PageState.POISONED, PageMeta.state(mem.meta(victimPfn)));
        String pre = mem.contentHash();
        st.forward();
        assertEquals(PageState.POISONED, PageMeta.state(mem.meta(victimPfn)));
        assertEquals(0xaaaaaaaaaaaaaaaaL, mem.u64(victim));
        String post = mem.contentHash();
        st.back();
        assertArrayEquals(before, mem.read(victim, PhysicalMemory.PAGE_SIZE), "back over the poison step");
        assertEquals(pre, mem.contentHash());
        st.forward();
        assertEquals(post, mem.contentHash());
    }

    private static boolean hasNonZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return true;
            }
        }
        return false;
    }
}

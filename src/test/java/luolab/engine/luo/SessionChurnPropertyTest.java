package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import luolab.engine.EngineTestSupport;
import luolab.engine.Errno;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.user.Process;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random create/close/duplicate sequences: the outgoing block count always equals what grow and
 * shrink promise (ceil(count / 51), plus the one empty block a duplicate at a multiple of 51 may
 * leave, §7), and whenever the next kernel does not panic it sees exactly the open sessions, in
 * creation order, each with its memfd.
 */
class SessionChurnPropertyTest {

    @Property(tries = 20)
    void blocksTrackTheCountAndKexecKeepsTheOpenSessions(
            @ForAll @Size(min = 60, max = 240) List<@IntRange(min = 0, max = 9) Integer> ops) {
        Machine m = EngineTestSupport.boot();
        Process p = new Process(m.kernel());
        int dev = EngineTestSupport.openDev(p);
        Map<String, Integer> open = new LinkedHashMap<>();
        int next = 0;
        boolean emptyTail = false;
        long maxOpen = 0;
        for (int op : ops) {
            long count = open.size();
            if (op == 9 && !open.isEmpty() && 51 - count % 51 <= 20) {
                // run up to the next multiple of 51, then collide: the §7 window
                while (open.size() % 51 != 0) {
                    String name = "churn-" + next++;
                    open.put(name, p.createSession(dev, name));
                    p.preserveMemfd(open.get(name), 1, name.getBytes());
                }
                assertEquals(-Errno.EEXIST, p.createSession(dev, open.keySet().iterator().next()));
                emptyTail = true;
            } else if (op <= 6 || open.isEmpty()) {
                String name = "churn-" + next++;
                int fd = p.createSession(dev, name);
                assertTrue(fd >= 0, Errno.pe(fd));
                p.preserveMemfd(fd, 1, name.getBytes());
                open.put(name, fd);
                emptyTail = false;
            } else if (op == 7) {
                String victim = new ArrayList<>(open.keySet()).get((op * 7919 + next) % open.size());
                assertEquals(0, p.close(open.remove(victim)));
                emptyTail = false;
            } else {
                String dup = open.keySet().iterator().next();
                assertEquals(-Errno.EEXIST, p.createSession(dev, dup));
                if (count > 0 && count % 51 == 0) {
                    emptyTail = true;
                }
            }
            long n = open.size();
            maxOpen = Math.max(maxOpen, n);
            long want = (n + 50) / 51 + (emptyTail ? 1 : 0);
            assertEquals(want, m.kernel().luo().sessions().outgoingBlocks().nblocks(), "after " + n + " sessions");
        }
        net.jqwik.api.statistics.Statistics.label("max sessions >= 51").collect(maxOpen >= 51);
        net.jqwik.api.statistics.Statistics.label("empty tail at kexec").collect(emptyTail);
        assertEquals(0, m.kexec());
        Kernel k = m.kernel();
        if (emptyTail) {
            EngineTestSupport.assertRestorePanic(k, "-EINVAL");
            return;
        }
        assertFalse(k.panicked(), () -> k.panicMessage());
        Process q = new Process(k);
        int d = EngineTestSupport.openDev(q);
        List<String> got = new ArrayList<>();
        for (LuoSession s : k.luo().sessions().incoming()) {
            got.add(s.name());
        }
        assertEquals(new ArrayList<>(open.keySet()), got);
        for (String name : open.keySet()) {
            int s = q.retrieveSession(d, name);
            assertEquals(name, EngineTestSupport.text(q, q.retrieveFd(s, 1), name.length()));
        }
    }
}

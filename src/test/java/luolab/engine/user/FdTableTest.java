package luolab.engine.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import luolab.engine.vfs.DevNull;
import luolab.engine.vfs.KFile;
import org.junit.jupiter.api.Test;

/** alloc_fd(): the lowest free fd from 3 up, reused once closed, growing past 64 and 128. */
class FdTableTest {
    @Test
    void lowestFreeFdFirst() {
        FdTable t = new FdTable();
        assertEquals(3, t.install(new DevNull()));
        assertEquals(4, t.install(new DevNull()));
        assertEquals(5, t.install(new DevNull()));
        KFile four = t.get(4);
        assertSame(four, t.remove(4));
        assertNull(t.remove(4), "closing twice finds nothing");
        assertEquals(4, t.install(new DevNull()), "the hole is reused");
        assertEquals(6, t.install(new DevNull()));
        assertNull(t.get(-1));
        assertNull(t.get(1000));
    }

    @Test
    void growsPastOneBitmapWord() {
        FdTable t = new FdTable();
        for (int fd = 3; fd < 200; fd++) {
            assertEquals(fd, t.install(new DevNull()));
        }
        t.remove(70);
        t.remove(130);
        assertEquals(70, t.install(new DevNull()));
        assertEquals(130, t.install(new DevNull()));
        assertEquals(200, t.install(new DevNull()));
        List<Integer> open = t.openFds();
        assertEquals(198, open.size());
        assertEquals(3, open.get(0));
        assertEquals(200, open.get(open.size() - 1));
    }

    @Test
    void alwaysTheLowestFreeFdUnderRandomOpensAndCloses() {
        // the next_fd hint must never skip a hole: compare with "smallest fd >= 3 not open"
        Random rnd = new Random(7);
        FdTable t = new FdTable();
        TreeSet<Integer> open = new TreeSet<>();
        for (int n = 0; n < 20_000; n++) {
            if (open.isEmpty() || rnd.nextInt(100) < 55) {
                int want = 3;
                while (open.contains(want)) {
                    want++;
                }
                assertEquals(want, t.install(new DevNull()), "install #" + n);
                open.add(want);
            } else {
                int fd = rnd.nextBoolean() ? open.first() + rnd.nextInt(Math.max(1, open.last() - open.first() + 1)) : open.last();
                boolean was = open.remove(fd);
                assertEquals(was, t.remove(fd) != null, "close " + fd);
            }
        }
        assertEquals(List.copyOf(open), t.openFds());
    }
}

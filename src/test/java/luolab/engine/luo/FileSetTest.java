package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A file set's lookup by token must answer what the kernel's walk of files_list answers: the
 * first file with that token, or none — whether the tokens are 0, 1, 2 … (looked up by
 * position) or anything else, duplicates from a damaged handover included (an index).
 */
class FileSetTest {
    private static LuoFile firstWith(List<LuoFile> files, long token) {
        for (LuoFile f : files) {
            if (f.token == token) {
                return f;
            }
        }
        return null;
    }

    @Test
    void lookupIsTheListWalkUnderRandomChanges() {
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            FileSet fs = new FileSet(null);
            List<LuoFile> model = new ArrayList<>();
            int breakAt = rnd.nextInt(40);
            for (int op = 0; op < 120; op++) {
                int what = rnd.nextInt(10);
                if (what < 7) {
                    // dense for a while, then a repeated, a skipped or a huge (unsigned) token
                    long token = model.size() < breakAt ? model.size()
                            : switch (rnd.nextInt(4)) {
                                case 0 -> model.size();
                                case 1 -> rnd.nextInt(Math.max(1, model.size()));
                                case 2 -> model.size() + 1 + rnd.nextInt(5);
                                default -> -1L - rnd.nextInt(3);
                            };
                    LuoFile f = new LuoFile(null, token);
                    fs.add(f);
                    model.add(f);
                } else if (what < 9 && !model.isEmpty()) {
                    assertSame(model.remove(model.size() - 1), fs.removeLast());
                } else if (rnd.nextInt(8) == 0) {
                    fs.clearAll();
                    model.clear();
                    breakAt = rnd.nextInt(40);
                }
                for (long t = -4; t < model.size() + 8; t++) {
                    assertSame(firstWith(model, t), fs.byToken(t), "round " + round + " op " + op + " token " + t);
                }
            }
        }
    }
}

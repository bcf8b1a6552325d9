package luolab.engine.luo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import luolab.engine.vfs.TestFile;
import org.junit.jupiter.api.Test;

/**
 * A file set's lookup by token must answer what the kernel's walk of files_list answers: the
 * first file with that token, or none — whether the tokens are 0, 1, 2 … (looked up by
 * position) or anything else, duplicates from a damaged handover included (an index).
 */
class FileSetTest {
    @Test
    void lookupIsTheListWalkUnderRandomChanges() {
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            FileSet fs = new FileSet(null);
            List<Long> model = new ArrayList<>();
            List<Long> modelData = new ArrayList<>();
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
                    long data = rnd.nextLong();
                    assertEquals(model.size(), fs.add(null, token, data));
                    model.add(token);
                    modelData.add(data);
                } else if (what < 9 && !model.isEmpty()) {
                    model.remove(model.size() - 1);
                    modelData.remove(modelData.size() - 1);
                    fs.removeLast();
                } else if (rnd.nextInt(8) == 0) {
                    fs.clearAll();
                    model.clear();
                    modelData.clear();
                    breakAt = rnd.nextInt(40);
                }
                assertEquals(model.size(), fs.size());
                for (long t = -4; t < model.size() + 8; t++) {
                    assertEquals(model.indexOf(t), fs.indexOf(t), "round " + round + " op " + op + " token " + t);
                }
                // the columns stay aligned through growth and removal
                for (int i = 0; i < model.size(); i++) {
                    assertEquals(model.get(i), fs.token(i));
                    assertEquals(modelData.get(i), fs.serializedData(i));
                }
            }
        }
    }

    @Test
    void snapshotsCarryEachFilesColumnsAndAFileIsForgottenWhenRemoved() {
        FileSet fs = new FileSet(null);
        TestFile a = new TestFile(1);
        TestFile b = new TestFile(2);
        fs.setFile(fs.add(null, 7, 0x70), a, null);
        fs.setFile(fs.add(null, 9, 0x90), b, "private");
        fs.setStatus(1, -5);
        List<LuoFile> snap = fs.files();
        assertEquals(List.of(new LuoFile(null, 7, a, 0x70, 0), new LuoFile(null, 9, b, 0x90, -5)), snap);
        assertEquals("private", fs.args(1).privateData);
        assertNull(fs.args(0).privateData);
        fs.removeLast();
        assertNull(fs.file(1), "the removed file's reference is dropped");
        assertEquals(0, fs.status(1));
        assertEquals(-1, fs.indexOf(9));
    }
}

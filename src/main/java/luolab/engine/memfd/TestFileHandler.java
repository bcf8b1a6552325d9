package luolab.engine.memfd;

import java.util.List;
import luolab.engine.Errno;
import luolab.engine.luo.FileHandler;
import luolab.engine.luo.FileOpArgs;
import luolab.engine.luo.Flb;
import luolab.engine.vfs.KFile;
import luolab.engine.vfs.TestFile;

/**
 * A metadata-only handler ("luolab-test-v1"): the serialized data is the file's cookie, no pages.
 * It lets scenarios preserve a million files at the cost of their 64-byte luo_file_ser entries
 * only, and it depends on the sample FLB so the FLB life cycle has a user.
 */
public final class TestFileHandler implements FileHandler {
    public static final String COMPATIBLE = "luolab-test-v1";
    private final Flb flb;

    public TestFileHandler(Flb flb) {
        this.flb = flb;
    }

    @Override
    public String compatible() {
        return COMPATIBLE;
    }

    @Override
    public boolean canPreserve(KFile file) {
        return file instanceof TestFile;
    }

    @Override
    public int preserve(FileOpArgs args) {
        args.serializedData = ((TestFile) args.file).cookie();
        return 0;
    }

    @Override
    public void unpreserve(FileOpArgs args) {
    }

    @Override
    public int retrieve(FileOpArgs args) {
        if (args.serializedData == 0) {
            return -Errno.EINVAL;
        }
        args.file = new TestFile(args.serializedData);
        return 0;
    }

    @Override
    public void finish(FileOpArgs args) {
    }

    @Override
    public List<Flb> flbs() {
        return flb == null ? List.of() : List.of(flb);
    }
}

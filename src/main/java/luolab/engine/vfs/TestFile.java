package luolab.engine.vfs;

/**
 * A metadata-only file kind for scale scenarios (1,000,000 files): preserving it writes only
 * its luo_file_ser entry, no pages of its own. Stands in for the in-kernel test handler
 * (CONFIG_LIVEUPDATE_TEST) the real selftests use for handler-agnostic checks.
 */
public final class TestFile extends KFile {
    private final long cookie;

    public TestFile(long cookie) {
        this.cookie = cookie;
    }

    public long cookie() {
        return cookie;
    }

    @Override
    public String name() {
        return "luolab-test:" + Long.toHexString(cookie);
    }
}

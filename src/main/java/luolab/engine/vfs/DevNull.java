package luolab.engine.vfs;

/** /dev/null: a character device no LUO handler accepts (selftest preserve_unsupported_fd). */
public final class DevNull extends KFile {
    @Override
    public String name() {
        return "/dev/null";
    }
}

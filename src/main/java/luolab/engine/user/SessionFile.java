package luolab.engine.user;

import luolab.engine.luo.LuoSession;
import luolab.engine.vfs.KFile;

/** The anon-inode file of a session fd, named "[luo_session] <name>". */
public final class SessionFile extends KFile {
    private final LuoSession session;

    public SessionFile(LuoSession session) {
        this.session = session;
    }

    public LuoSession session() {
        return session;
    }

    @Override
    public String name() {
        return "[luo_session] " + session.name();
    }
}

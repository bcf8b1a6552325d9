package luolab.engine.user;

import luolab.engine.vfs.KFile;

/** The open file of the /dev/liveupdate misc device. */
public final class LiveUpdateDevice extends KFile {
    @Override
    public String name() {
        return "/dev/liveupdate";
    }
}

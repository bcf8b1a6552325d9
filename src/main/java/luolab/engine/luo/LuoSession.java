package luolab.engine.luo;

/** struct luo_session: a named group of preserved files, alive while its fd is open. */
public final class LuoSession {
    final String name;
    final boolean incoming;
    final FileSet fileSet;
    boolean retrieved;

    LuoSession(String name, boolean incoming, FileSet fileSet) {
        this.name = name;
        this.incoming = incoming;
        this.fileSet = fileSet;
    }

    public String name() {
        return name;
    }

    public boolean incoming() {
        return incoming;
    }

    public boolean retrieved() {
        return retrieved;
    }

    public FileSet fileSet() {
        return fileSet;
    }
}

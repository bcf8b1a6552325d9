package luolab.scenario;

/** Where something is in a scenario file: "default-demo.json:12:7". Line and column are 1-based. */
public record SourcePos(String file, int line, int column) {
    public static final SourcePos UNKNOWN = new SourcePos("<scenario>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}

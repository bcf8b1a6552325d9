package luolab.engine.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * dmesg. Lines carry the kernel's own prefixes ("luo: ", "kho: ") from pr_fmt, a log level, and
 * a deterministic timestamp: simulated time advances by a fixed tick per line, so two runs of a
 * scenario print identical logs.
 */
public final class KernelLog {
    public enum Level { EMERG, ERR, WARNING, INFO }

    public record Line(int boot, long micros, Level level, String text) {
        @Override
        public String toString() {
            return String.format("[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, text);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final Trace trace;
    private final int boot;
    private long micros;

    public KernelLog(Trace trace, int boot) {
        this.trace = trace;
        this.boot = boot;
    }

    public Line log(Level level, String text) {
        micros += 137;
        Line l = new Line(boot, micros, level, text);
        lines.add(l);
        trace.log(l);
        return l;
    }

    public Line info(String text) {
        return log(Level.INFO, text);
    }

    public Line warn(String text) {
        return log(Level.WARNING, text);
    }

    public Line err(String text) {
        return log(Level.ERR, text);
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    public boolean contains(String fragment) {
        for (Line l : lines) {
            if (l.text().contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}

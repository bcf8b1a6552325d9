package luolab.scenario;

import java.util.List;
import luolab.engine.machine.StopReason;
import luolab.engine.trace.KernelLog;

/**
 * The kernel log (dmesg) of one boot during a run, and why that kernel stopped ({@code stop}: a
 * panic or a hang, with its text; null when it was still running at the end of the run).
 */
public record BootLog(int boot, String abi, List<KernelLog.Line> lines, StopReason stop) {
    public boolean panicked() {
        return stop != null && stop.isPanic();
    }

    public boolean hung() {
        return stop != null && stop.isHang();
    }

    /** The panic message; null unless this kernel panicked (a hang's reason is {@code stop().text()}). */
    public String panicMessage() {
        return panicked() ? stop.text() : null;
    }
}

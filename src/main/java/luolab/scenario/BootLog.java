package luolab.scenario;

import java.util.List;
import luolab.engine.trace.KernelLog;

/** The kernel log (dmesg) of one boot during a run, and whether that kernel panicked. */
public record BootLog(int boot, String abi, List<KernelLog.Line> lines, boolean panicked, String panicMessage) {
}

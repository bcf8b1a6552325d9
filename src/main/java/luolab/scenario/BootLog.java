package luolab.scenario;

import java.util.List;
import luolab.engine.trace.KernelLog;

/**
 * The kernel log (dmesg) of one boot during a run, and whether that kernel panicked or hung
 * ({@code panicMessage}: the panic message, or why the lab stopped a hung boot).
 */
public record BootLog(int boot, String abi, List<KernelLog.Line> lines, boolean panicked, String panicMessage, boolean hung) {
}
